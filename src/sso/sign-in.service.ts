import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig, type SsoConfig } from '../config/app-config';
import { identityFromClaims } from './identity';
import { OidcClient } from './oidc-client';
import { SignInRefusal, ssoOff } from './sign-in-refusal';
import { type PendingLogin, PendingLogins } from './pending-login';
import { checkedReturnTo } from './return-to';
import { type StartedSession, SsoSessions } from './sso-sessions.service';

/** What the provider may send back in `error` (RFC 6749 4.1.2.1, OIDC Core 3.1.2.6); anything else is reported as is. */
const REFUSALS = new Set(['access_denied', 'login_required', 'consent_required', 'interaction_required', 'account_selection_required']);
const MAX_PROVIDER_TEXT = 200;

/** What a client needs to sign in: public, never the secret (like Argo CD's /api/v1/settings). */
export interface SsoSettingsView {
  enabled: boolean;
  issuer?: string;
  clientId?: string;
  cliClientId?: string;
  scopes?: string[];
  loginPath?: string;
  tokenPath?: string;
}

/**
 * Browser sign-in (authorization code + PKCE, the pending sign-in sealed into a cookie) and CLI sign-in (an ID token
 * the CLI got from the provider itself, verified here), both ending in a hub session.
 */
@Injectable()
export class SignIn {
  constructor(
    private readonly provider: OidcClient,
    private readonly pending: PendingLogins,
    private readonly sessions: SsoSessions,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  settings(): SsoSettingsView {
    const sso = this.config.sso;
    if (!sso) return { enabled: false };
    return { enabled: true, issuer: sso.issuer, clientId: sso.clientId, cliClientId: sso.cliClientId, scopes: sso.scopes, loginPath: '/auth/login', tokenPath: '/auth/token' };
  }

  /** Where to send the browser, and the sealed cookie that lets any replica finish this sign-in. */
  async begin(returnTo: string | undefined): Promise<{ redirectTo: string; pendingCookie: string }> {
    this.sso();
    const target = checkedReturnTo(returnTo);
    const checks = OidcClient.newChecks();
    const url = await this.provider.authorizationUrl(checks);
    return { redirectTo: url.href, pendingCookie: this.pending.seal({ ...checks, returnTo: target }) };
  }

  /**
   * The sign-in this browser started, when the callback is its answer (`state` matches the pending cookie). Checked
   * before anything else the callback says — an error included — so a crafted link can neither end a sign-in in
   * progress nor put its own words in an answer from the hub.
   */
  claim(query: Record<string, unknown>, pendingCookie: string | undefined): PendingLogin {
    this.sso();
    if (typeof query.state !== 'string') {
      throw new SignInRefusal('state-mismatch', 'ValidationFailed', 'The callback needs the state the identity provider sends', [{ field: 'state', reason: 'missing' }]);
    }
    const login = this.pending.open(pendingCookie);
    if (query.state !== login.state) {
      throw new SignInRefusal('state-mismatch', 'ValidationFailed', 'The callback does not belong to the sign-in this browser started; start again at /auth/login', [
        { field: 'state', reason: 'does not match the sign-in started in this browser' },
      ]);
    }
    return login;
  }

  /** Finishes the claimed sign-in from the callback's query: the session and where to go next. */
  async finish(query: Record<string, unknown>, login: PendingLogin): Promise<StartedSession & { returnTo: string }> {
    const sso = this.sso();
    if (typeof query.error === 'string') throw providerRefusal(query.error, query.error_description);
    if (typeof query.code !== 'string') {
      throw new SignInRefusal('invalid-request', 'ValidationFailed', 'The callback needs the code the identity provider sends', [{ field: 'code', reason: 'missing' }]);
    }
    const callbackUrl = new URL(sso.redirectUri);
    for (const [name, value] of Object.entries(query)) if (typeof value === 'string') callbackUrl.searchParams.set(name, value);
    const claims = await this.provider.redeemCode(callbackUrl, login);
    const session = await this.sessions.start(identityFromClaims(claims, sso.groupsClaim));
    return { ...session, returnTo: login.returnTo };
  }

  /** A session for an ID token the CLI obtained (device grant or loopback redirect); the secret is returned this once. */
  async exchangeIdToken(idToken: string): Promise<StartedSession> {
    const sso = this.sso();
    const claims = await this.provider.verifyIdToken(idToken);
    return this.sessions.start(identityFromClaims(claims, sso.groupsClaim));
  }

  private sso(): SsoConfig {
    if (!this.config.sso) throw ssoOff();
    return this.config.sso;
  }
}

/** The provider's own refusal: 403 when the person was refused or gave up, 400 for anything else it reports. */
function providerRefusal(error: string, description: unknown): SignInRefusal {
  const code = error.slice(0, 64).replace(/[^\w.-]/g, '?');
  const detail = typeof description === 'string' ? `: ${[...description.slice(0, MAX_PROVIDER_TEXT)].map((character) => (character < ' ' || character === '\u007f' ? ' ' : character)).join('')}` : '';
  const message = `The identity provider did not sign you in (${code}${detail})`;
  return REFUSALS.has(code) ? new SignInRefusal('provider-refusal', 'Forbidden', message) : new SignInRefusal('provider-error', 'ValidationFailed', message, [{ field: 'error', reason: code }]);
}
