import { generateKeyPairSync } from 'node:crypto';
import * as http from 'node:http';
import Provider from 'oidc-provider';
import { closeNow, listenOnLoopback } from './loopback';

/** A person the test provider knows, with the claims its ID tokens carry. */
export interface TestAccount {
  sub: string;
  email?: string;
  preferred_username?: string;
  groups?: string[];
}

export interface TestOidcClient {
  clientId: string;
  /** Set: a confidential client (the hub); unset: a public client with PKCE (the CLI). */
  clientSecret?: string;
  redirectUris: string[];
}

export interface TestOidcProvider {
  issuer: string;
  stop(): Promise<void>;
}

/** A private RSA signing key as a JWK, for providers that must sign with the same key (only their issuer differs). */
export function rsaSigningKey(kid: string): object {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid, use: 'sig', alg: 'RS256' };
}

/**
 * A real OpenID Connect provider (`oidc-provider`, its development sign-in pages: any password is accepted for a known
 * login) on 127.0.0.1 and a random port. Every client must use PKCE; the `groups` scope releases the `groups` claim.
 */
export async function startOidcProvider(options: { clients: TestOidcClient[]; accounts: TestAccount[]; signingKeys?: object[] }): Promise<TestOidcProvider> {
  const server = http.createServer();
  const issuer = `http://127.0.0.1:${await listenOnLoopback(server)}`;
  const accounts = new Map(options.accounts.map((account) => [account.sub, account]));
  const provider = new Provider(issuer, {
    clients: options.clients.map((client) => ({
      client_id: client.clientId,
      redirect_uris: client.redirectUris,
      grant_types: ['authorization_code'],
      response_types: ['code'],
      ...(client.clientSecret
        ? { client_secret: client.clientSecret, token_endpoint_auth_method: 'client_secret_basic' }
        : { token_endpoint_auth_method: 'none', application_type: 'native' as const }),
    })),
    scopes: ['openid', 'profile', 'email', 'groups'],
    claims: { openid: ['sub'], email: ['email'], profile: ['preferred_username'], groups: ['groups'] },
    // Release the scoped claims in the ID token itself (the hub reads no userinfo).
    conformIdTokenClaims: false,
    findAccount: (_ctx, id) => {
      const account = accounts.get(id);
      return account && { accountId: id, claims: () => ({ ...account }) };
    },
    pkce: { required: () => true },
    ttl: { Session: 600, Grant: 600, Interaction: 600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
    cookies: { keys: ['test-provider-cookie-key'] },
    ...(options.signingKeys ? { jwks: { keys: options.signingKeys } } : {}),
  });
  server.on('request', provider.callback());
  return {
    issuer,
    stop: () => closeNow(server),
  };
}
