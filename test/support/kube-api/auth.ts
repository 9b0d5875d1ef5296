import { randomBytes } from 'node:crypto';
import type { TLSSocket } from 'node:tls';
import type { IncomingMessage } from 'node:http';

/** Options for a bearer token; omitted limits mean "everything". */
export interface TokenOptions {
  /** The token string; a random one is generated when omitted. */
  token?: string;
  /** Namespaces the token may touch; cluster-scoped and all-namespace requests are then forbidden. */
  namespaces?: string[];
  /** Kubernetes verbs allowed: get, list, watch, create, update, patch, delete, deletecollection. */
  verbs?: string[];
  /** User name reported in 403 messages. */
  user?: string;
}

export interface Identity {
  user: string;
  namespaces?: ReadonlySet<string>;
  verbs?: ReadonlySet<string>;
}

const ADMIN: Identity = { user: 'kubernetes-admin' };

export function randomToken(): string {
  return randomBytes(24).toString('base64url');
}

/** Bearer tokens of one instance, each with optional namespace and verb limits. */
export class TokenRegistry {
  private readonly tokens = new Map<string, Identity>();

  add(options: TokenOptions = {}): string {
    const token = options.token ?? randomToken();
    this.tokens.set(token, {
      user: options.user ?? `system:serviceaccount:test:${token.slice(0, 6)}`,
      namespaces: options.namespaces ? new Set(options.namespaces) : undefined,
      verbs: options.verbs ? new Set(options.verbs) : undefined,
    });
    return token;
  }

  addAdmin(token: string): void {
    this.tokens.set(token, ADMIN);
  }

  revoke(token: string): boolean {
    return this.tokens.delete(token);
  }

  lookup(token: string): Identity | undefined {
    return this.tokens.get(token);
  }
}

/**
 * Resolves the caller like kube-apiserver's union authenticator: a client certificate the TLS layer
 * verified against this instance's CA wins (a token next to it is not looked at), else a known bearer
 * token. Anything else is unauthenticated (anonymous access is off).
 */
export function authenticate(req: IncomingMessage, tokens: TokenRegistry): Identity | undefined {
  const socket = req.socket as TLSSocket;
  // Node marks a resumed TLS session `authorized` even when no client certificate was ever presented (the session's
  // verify result is not kept); like Go's server, only a certificate the connection actually carries counts.
  const certificate = socket.authorized ? socket.getPeerCertificate() : undefined;
  if (certificate?.raw !== undefined) {
    const cn = certificate.subject?.CN;
    return { user: Array.isArray(cn) ? cn[0] : (cn ?? 'client-certificate') };
  }
  const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  return match ? tokens.lookup(match[1]) : undefined;
}

/** Whether the identity may perform the verb; `namespace` is undefined for cluster-wide requests. */
export function isAllowed(identity: Identity, verb: string, namespace: string | undefined): boolean {
  if (identity.verbs && !identity.verbs.has(verb)) return false;
  if (identity.namespaces && (namespace === undefined || !identity.namespaces.has(namespace))) return false;
  return true;
}
