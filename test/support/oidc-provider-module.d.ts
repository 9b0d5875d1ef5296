/** The part of oidc-provider (which ships no types) the test provider uses. */
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  export interface ClientMetadata {
    client_id: string;
    client_secret?: string;
    redirect_uris: string[];
    grant_types?: string[];
    response_types?: string[];
    token_endpoint_auth_method?: string;
    application_type?: 'web' | 'native';
  }

  export interface ProviderConfiguration {
    clients: ClientMetadata[];
    claims?: Record<string, string[]>;
    scopes?: string[];
    findAccount(ctx: unknown, id: string): { accountId: string; claims(): Record<string, unknown> } | undefined;
    pkce?: { required(): boolean };
    conformIdTokenClaims?: boolean;
    ttl?: Record<string, number>;
    features?: Record<string, { enabled: boolean }>;
    cookies?: { keys: string[] };
    jwks?: { keys: object[] };
  }

  export default class Provider {
    constructor(issuer: string, configuration: ProviderConfiguration);
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    on(event: string, listener: (...args: unknown[]) => void): this;
  }
}
