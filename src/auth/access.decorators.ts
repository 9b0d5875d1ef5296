import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { Principal } from '../domain/roles';
import type { RequestAccess } from './request-access';

/**
 * What the auth guard leaves on a request: the caller, its decisions (`access`), the project the request concerns
 * (`accessProject`, for the audit log), whether the guard refused it (`accessDenied`: a 403, or a 404 that hides
 * an object the caller may not see — the audit trail records both), and the id of the single sign-on session it
 * authenticated with (`ssoSessionId`, set by the `SessionAuthenticator`).
 */
export type AuthenticatedRequest = Request & { principal?: Principal; access?: RequestAccess; accessProject?: string; accessDenied?: boolean; ssoSessionId?: string };

/** The authenticated caller of this request. */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal) throw new Error('CurrentPrincipal used on a route outside /api/v1');
  return principal;
});
