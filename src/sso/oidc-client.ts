import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { createRemoteJWKSet, type JWTPayload, jwtVerify } from 'jose';
import * as oidc from 'openid-client';
import { Clock } from '../clock/clock';
import { DomainError } from '../common/errors/domain-error';
import { APP_CONFIG, type AppConfig, type SsoConfig } from '../config/app-config';
import { SignInRefusal, ssoOff } from './sign-in-refusal';

const DISCOVERY_TIMEOUT_SECONDS = 10;
/** After a failed discovery, sign-ins answer 503 at once for this long instead of each waiting for the provider. */
const RETRY_AFTER_MS = 5_000;

/** What the hub reads of a verified ID token. */
export type IdTokenClaims = JWTPayload & Record<string, unknown>;

/** The PKCE verifier, state and nonce of one browser sign-in. */
export interface LoginChecks {
  codeVerifier: string;
  state: string;
  nonce: string;
}

interface Discovered {
  configuration: oidc.Configuration;
  keys: ReturnType<typeof createRemoteJWKSet>;
}

/**
 * The one adapter over the OIDC client library (openid-client, and jose for ID tokens the CLI brings). The provider is
 * discovered lazily and the result kept: the hub starts while the provider is down, and a sign-in meanwhile answers
 * 503 saying why. The client secret goes to the token endpoint only.
 */
@Injectable()
export class OidcClient implements OnApplicationBootstrap {
  private readonly logger = new Logger('Sso');
  private discovered?: Promise<Discovered>;
  private failedAt?: number;
  private lastFailure = '';

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /** Starts discovery without waiting for it: a provider that is down is reported, never fatal. */
  onApplicationBootstrap(): void {
    if (!this.config.sso) return;
    this.discover().catch(() => undefined);
  }

  static newChecks(): LoginChecks {
    return { codeVerifier: oidc.randomPKCECodeVerifier(), state: oidc.randomState(), nonce: oidc.randomNonce() };
  }

  /** The provider's authorization endpoint with authorization code + PKCE (S256), state and nonce. */
  async authorizationUrl(checks: LoginChecks): Promise<URL> {
    const { configuration } = await this.discover();
    const sso = this.sso();
    return oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: sso.redirectUri,
      scope: sso.scopes.join(' '),
      response_type: 'code',
      code_challenge: await oidc.calculatePKCECodeChallenge(checks.codeVerifier),
      code_challenge_method: 'S256',
      state: checks.state,
      nonce: checks.nonce,
    });
  }

  /**
   * Redeems the code of `callbackUrl` (the redirect URI with the query the provider sent) and returns the ID token's
   * claims, checked by the library: state, issuer, audience, nonce, expiry and signature.
   */
  async redeemCode(callbackUrl: URL, checks: LoginChecks): Promise<IdTokenClaims> {
    const { configuration } = await this.discover();
    try {
      const tokens = await oidc.authorizationCodeGrant(configuration, callbackUrl, {
        pkceCodeVerifier: checks.codeVerifier,
        expectedState: checks.state,
        expectedNonce: checks.nonce,
        idTokenExpected: true,
      });
      const claims = tokens.claims();
      if (!claims) throw new SignInRefusal('invalid-id-token', 'Unauthenticated', 'The identity provider sent no ID token');
      return claims as IdTokenClaims;
    } catch (error) {
      throw this.signInError(error);
    }
  }

  /** Verifies an ID token the CLI obtained: signature by the issuer's keys, issuer, expiry, audience one of the hub's clients. */
  async verifyIdToken(idToken: string): Promise<IdTokenClaims> {
    const { keys } = await this.discover();
    const sso = this.sso();
    const audiences = [...new Set([sso.cliClientId, sso.clientId])];
    try {
      const { payload } = await jwtVerify(idToken, keys, {
        issuer: sso.issuer,
        audience: audiences,
        requiredClaims: ['sub', 'exp', 'iat'],
        currentDate: this.clock.now(),
        clockTolerance: 30,
      });
      // With several audiences, `azp` names the client the token was issued to (OIDC Core 2, 3.1.3.7).
      if (payload.azp !== undefined && !(typeof payload.azp === 'string' && audiences.includes(payload.azp))) {
        throw new SignInRefusal('invalid-id-token', 'Unauthenticated', 'The ID token was issued to another client (azp)');
      }
      return payload as IdTokenClaims;
    } catch (error) {
      if (error instanceof DomainError) throw error;
      if (isUnreachable(error)) throw this.unavailable(describe(error));
      // jose's messages name the failed check (signature, "iss" claim, "aud" claim, "exp" claim) and never the token.
      throw new SignInRefusal('invalid-id-token', 'Unauthenticated', `The ID token is not valid: ${describe(error)}`, [{ field: 'idToken', reason: describe(error) }]);
    }
  }

  private discover(): Promise<Discovered> {
    if (this.discovered) return this.discovered;
    if (this.failedAt !== undefined && this.clock.now().getTime() - this.failedAt < RETRY_AFTER_MS) return Promise.reject(this.unavailable(this.lastFailure));
    const sso = this.sso();
    const attempt = this.fetchMetadata(sso).catch((error: unknown) => {
      this.discovered = undefined;
      this.failedAt = this.clock.now().getTime();
      this.lastFailure = describe(error);
      this.logger.warn(`Discovery of the OIDC provider ${sso.issuer} failed (${this.lastFailure}); sign-in answers 503 until it succeeds`);
      throw this.unavailable(this.lastFailure);
    });
    this.discovered = attempt;
    return attempt;
  }

  private async fetchMetadata(sso: SsoConfig): Promise<Discovered> {
    const issuer = new URL(sso.issuer);
    // Plain http is allowed for a provider on the hub's own machine only (the configuration refuses any other).
    const execute = issuer.protocol === 'http:' ? [oidc.allowInsecureRequests] : [];
    const configuration = await oidc.discovery(issuer, sso.clientId, sso.clientSecret, undefined, { execute, timeout: DISCOVERY_TIMEOUT_SECONDS });
    // ID tokens from the token endpoint are signature-checked too, not only trusted for arriving over TLS.
    oidc.enableNonRepudiationChecks(configuration);
    const jwksUri = configuration.serverMetadata().jwks_uri;
    if (!jwksUri) throw new Error('the discovery document names no jwks_uri');
    this.logger.log(`Discovered the OIDC provider ${sso.issuer}`);
    return { configuration, keys: createRemoteJWKSet(new URL(jwksUri), { timeoutDuration: DISCOVERY_TIMEOUT_SECONDS * 1000 }) };
  }

  private signInError(error: unknown): DomainError {
    if (error instanceof DomainError) return error;
    if (error instanceof oidc.ResponseBodyError) {
      if (error.error === 'invalid_client' || error.error === 'unauthorized_client') {
        this.logger.error(`The OIDC provider refused the hub's client credentials (${error.error}): check OIDC_CLIENT_ID and the client secret`);
        return new SignInRefusal('client-refused', 'ServiceUnavailable', 'The identity provider refused the hub as a client; an administrator must check its OIDC settings');
      }
      return new SignInRefusal('code-refused', 'Unauthenticated', `The identity provider refused the authorization code (${error.error}); sign in again`);
    }
    if (isUnreachable(error)) return this.unavailable(describe(error));
    return new SignInRefusal('invalid-id-token', 'Unauthenticated', `The sign-in response is not valid: ${describe(error)}`);
  }

  private unavailable(reason: string): DomainError {
    return new SignInRefusal('provider-unavailable', 'ServiceUnavailable', `The identity provider ${this.sso().issuer} cannot be reached (${reason}); sign-in is unavailable until it answers`);
  }

  private sso(): SsoConfig {
    if (!this.config.sso) throw ssoOff();
    return this.config.sso;
  }
}

function isUnreachable(error: unknown): boolean {
  const seen = error instanceof Error ? `${error.name} ${(error.cause as Error | undefined)?.name ?? ''} ${error.message}` : '';
  return /fetch failed|ECONNREFUSED|ECONNRESET|ENOTFOUND|EHOSTUNREACH|ETIMEDOUT|TimeoutError|AbortError|JWKSTimeout|timed out/i.test(seen);
}

/** A short reason without the error's stack or any request data. */
function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${message}${cause}`.replace(/\s+/g, ' ').slice(0, 300);
}
