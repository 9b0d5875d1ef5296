import type { CookieOptions, Request } from 'express';

/** The session cookie: its value is the session secret, like an `fls_` bearer token. */
export const SESSION_COOKIE = 'flotilla_session';
/** The sealed pending sign-in, sent back only to the callback. */
export const LOGIN_COOKIE = 'flotilla_sso_login';
export const CALLBACK_PATH = '/auth/callback';

/**
 * HttpOnly (scripts never read it), SameSite=Lax (sent on the top-level navigation back from the provider, not on
 * cross-site subrequests), Secure when the request came over https or the hub's public URL is https (behind a proxy
 * that terminates TLS the request itself looks like http).
 */
export function cookieOptions(request: Request, publicUrl: string | undefined, path: string, maxAgeMs?: number): CookieOptions {
  const secure = request.secure || (publicUrl?.startsWith('https://') ?? false);
  return { httpOnly: true, sameSite: 'lax', secure, path, ...(maxAgeMs === undefined ? {} : { maxAge: maxAgeMs }) };
}

/** One cookie of the request's Cookie header (no cookie parser in the app: this is the only place cookies are read). */
export function readCookie(request: Request, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const separator = part.indexOf('=');
    if (separator < 0 || part.slice(0, separator).trim() !== name) continue;
    const value = part.slice(separator + 1).trim();
    try {
      return decodeURIComponent(value);
    } catch {
      return undefined;
    }
  }
  return undefined;
}
