import { Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { SessionAuthenticator } from '../auth/session-authenticator';
import { bearerToken } from '../auth/token-secrets';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import type { Principal } from '../domain/roles';
import { readCookie, SESSION_COOKIE } from './cookies';
import { SignInRefusal } from './sign-in-refusal';
import { SESSION_PREFIX, SsoSessions } from './sso-sessions.service';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The session a request was authenticated with, for the routes about the caller's own session. */
export type SessionRequest = Request & { ssoSessionId?: string };

/**
 * Finds the session of a request. A bearer `fls_` token is a session (the CLI); any other bearer token is left to the
 * API tokens. Without an Authorization header the session cookie counts (the dashboard), and then a change (any method
 * but GET, HEAD, OPTIONS) must carry an Origin header naming the hub: browsers send it on every such request, and a
 * page of another site cannot forge it, so a cross-site form or fetch riding on the cookie is refused (CSRF).
 */
@Injectable()
export class SessionRequestAuthenticator extends SessionAuthenticator {
  constructor(
    private readonly sessions: SsoSessions,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  async authenticate(request: SessionRequest): Promise<Principal | undefined> {
    const presented = presentedSession(request);
    if (!presented) return undefined;
    if (presented.via === 'cookie' && !SAFE_METHODS.has(request.method)) this.assertSameOrigin(request);
    const { sessionId, principal } = await this.sessions.authenticate(presented.secret);
    request.ssoSessionId = sessionId;
    return principal;
  }

  /** Refuses a cookie-authenticated change whose Origin is not the hub's (PUBLIC_URL). */
  assertSameOrigin(request: Request): void {
    const expected = this.config.publicUrl ? new URL(this.config.publicUrl).origin : undefined;
    const origin = request.headers.origin;
    if (expected === undefined || origin !== expected) {
      throw new SignInRefusal(
        'foreign-origin',
        'Forbidden',
        `A change authenticated by the session cookie must come from the hub's own pages (Origin ${expected ?? 'PUBLIC_URL'}); API clients send the session as a bearer token`,
      );
    }
  }
}

/** The session secret a request presents, and how: an `fls_` bearer token, or the cookie when there is no Authorization header. */
export function presentedSession(request: Request): { secret: string; via: 'bearer' | 'cookie' } | undefined {
  const authorization = request.headers.authorization;
  if (authorization !== undefined) {
    const bearer = bearerToken(authorization);
    return bearer?.startsWith(SESSION_PREFIX) ? { secret: bearer, via: 'bearer' } : undefined;
  }
  const cookie = readCookie(request, SESSION_COOKIE);
  return cookie ? { secret: cookie, via: 'cookie' } : undefined;
}
