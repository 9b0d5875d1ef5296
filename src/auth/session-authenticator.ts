import type { Request } from 'express';
import type { Principal } from '../domain/roles';

/**
 * The port through which the auth guard asks whether a request carries a single sign-on session (bound in
 * `src/sso/`): an `fls_` bearer token, or the session cookie when no Authorization header is sent.
 */
export abstract class SessionAuthenticator {
  /**
   * The signed-in person, or undefined when the request presents no session (the guard then asks for an API token).
   * Throws 401 for an unknown, expired or revoked session, 403 for a cookie-authenticated change from another origin.
   */
  abstract authenticate(request: Request): Promise<Principal | undefined>;
}
