import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as oidc from 'openid-client';
import { PlainClock } from '../clock/plain-clock';
import { CliError, EXIT } from './exit-codes';

/** What the hub's public `GET /auth/config` tells a client about single sign-on. */
export interface SsoSettings {
  enabled: boolean;
  issuer?: string;
  clientId?: string;
  cliClientId?: string;
  scopes?: string[];
}

export interface SignInOptions {
  /** The loopback port to receive the provider's redirect on; 0 picks a free one (the provider must allow it). */
  port: number;
  timeoutMs: number;
  /** Shows the person where to sign in. */
  announce: (authorizationUrl: string) => void;
}

const CALLBACK_PATH = '/callback';

/**
 * `flotilla login --sso`, as OAuth 2.0 for native apps (RFC 8252) does it: authorization code + PKCE (S256) with the
 * hub's public CLI client, redirected to a one-shot server on 127.0.0.1 that only this process listens on; the state
 * and nonce tie the answer to this request. The person signs in in any browser; the ID token that comes back is what
 * the hub trades for a session (`POST /auth/token`). The provider is this adapter's only outside system.
 */
export async function signInWithProvider(settings: SsoSettings, options: SignInOptions): Promise<string> {
  if (!settings.enabled || !settings.issuer) throw new CliError('login --sso: single sign-on is not enabled on this hub (see GET /auth/config)');
  const clientId = settings.cliClientId ?? settings.clientId;
  if (!clientId) throw new CliError('login --sso: the hub names no client id for the CLI');
  const issuer = new URL(settings.issuer);
  const config = await discover(issuer, clientId);
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const callback = await listenForRedirect(options.port);
  try {
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: `http://127.0.0.1:${callback.port}${CALLBACK_PATH}`,
      scope: (settings.scopes ?? ['openid']).join(' '),
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    options.announce(url.href);
    const returned = await callback.redirect(options.timeoutMs);
    try {
      const tokens = await oidc.authorizationCodeGrant(config, returned, { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce, idTokenExpected: true });
      return tokens.id_token!;
    } catch (error) {
      throw new CliError(`login --sso: the provider did not sign you in: ${(error as Error).message}`);
    }
  } finally {
    callback.close();
  }
}

async function discover(issuer: URL, clientId: string): Promise<oidc.Configuration> {
  // Plain http only for a provider on this machine, as the hub allows it.
  const loopbackHttp = issuer.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(issuer.hostname);
  try {
    return await oidc.discovery(issuer, clientId, undefined, oidc.None(), loopbackHttp ? { execute: [oidc.allowInsecureRequests] } : undefined);
  } catch (error) {
    throw new CliError(`login --sso: cannot reach the provider ${issuer.origin}: ${(error as Error).message}`);
  }
}

interface RedirectListener {
  port: number;
  redirect(timeoutMs: number): Promise<URL>;
  close(): void;
}

/** A server on 127.0.0.1 that takes the one redirect back from the provider, answers the browser, and is closed. */
async function listenForRedirect(port: number): Promise<RedirectListener> {
  let received: (url: URL) => void = () => undefined;
  const arrived = new Promise<URL>((resolve) => (received = resolve));
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    if (url.pathname !== CALLBACK_PATH) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Flotilla: you can close this tab and return to the terminal.\n');
    received(url);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(new CliError(`login --sso: cannot listen on 127.0.0.1:${port} (${error.code ?? error.message})`, EXIT.usage)));
    server.listen(port, '127.0.0.1', resolve);
  });
  const clock = new PlainClock();
  return {
    port: (server.address() as AddressInfo).port,
    redirect: (timeoutMs) => {
      const abort = new AbortController();
      const timeout = clock.sleep(timeoutMs, abort.signal).then(() => {
        throw new CliError(`login --sso: no sign-in came back within ${Math.round(timeoutMs / 1000)} s`);
      });
      return Promise.race([arrived, timeout]).finally(() => abort.abort());
    },
    close: () => server.close(),
  };
}
