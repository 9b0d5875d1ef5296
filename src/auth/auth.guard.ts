import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Authorizer } from '../access/authorizer';
import { ABOUT_THE_CALLER } from '../access/caller-route.decorator';
import { DomainError, validationFailed } from '../common/errors/domain-error';
import { findParameterProblem, unusableTextReason } from '../common/http/input-guard';
import type { AuthenticatedRequest } from './access.decorators';
import { PROJECT_SCOPED, refusal } from './access-decision';
import { AccessObjects, type Target } from './access-objects';
import { PERMISSION, type Permission } from './permission.decorator';
import { PUBLIC_ROUTE } from '../common/http/public-route.decorator';
import { RequestAccess } from './request-access';
import { bearerToken } from './token-secrets';
import { SessionAuthenticator } from './session-authenticator';
import { TokensService } from './tokens.service';

/** Longer is no project name (Kubernetes names are at most 253 characters). */
const MAX_PROJECT = 253;

/**
 * Every route not marked `@PublicRoute` needs a bearer token or a single sign-on session (`SessionAuthenticator`) and declares the
 * permission it needs (`@Access`); what the caller may do is the Authorizer's answer, never the HTTP method. A route
 * that declares none is refused (fail closed), and a test enumerates every route so none ships without one.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly tokens: TokensService,
    private readonly reflector: Reflector,
    private readonly sessions: SessionAuthenticator,
    private readonly authorizer: Authorizer,
    private readonly objects: AccessObjects,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    request.principal = (await this.sessions.authenticate(request)) ?? (await this.authenticateToken(request));
    // Questions about the caller itself (GET /api/v1/account, can-i, its own session) are open to every authenticated caller.
    if (this.reflector.getAllAndOverride<boolean>(ABOUT_THE_CALLER, targets)) return true;
    const permission = this.reflector.getAllAndOverride<Permission | undefined>(PERMISSION, targets);
    if (!permission) {
      request.accessDenied = true;
      throw new DomainError('Forbidden', `permission denied: no permission is declared for ${request.method} ${request.path}`);
    }
    // The input guard runs later (an interceptor); the object lookups below must not meet text the database refuses.
    const parameter = findParameterProblem('path', request.params as Record<string, unknown>);
    if (parameter) throw validationFailed([parameter]);
    request.access = new RequestAccess(await this.authorizer.decider(request.principal));
    const target = await this.objects.resolve(permission.object, request);
    request.accessProject = projectOf(permission.resource, target);
    const refused = refusal(request.access, permission, target);
    if (refused) {
      // A 404 for what is not there is no denial; one for what the caller may not see is, and the trail records it.
      request.accessDenied = refused.code === 'Forbidden' || target.kind !== 'missing';
      throw refused;
    }
    return true;
  }

  private authenticateToken(request: AuthenticatedRequest) {
    const presented = bearerToken(request.headers.authorization);
    if (!presented) throw new DomainError('Unauthenticated', 'Missing bearer token (Authorization: Bearer <token>)');
    return this.tokens.authenticate(presented);
  }
}

/** The project a request concerns, for the audit log: a project-scoped object's first part, or the project itself. */
function projectOf(resource: string, target: Target): string | undefined {
  if (target.kind !== 'stored' && target.kind !== 'created' && target.kind !== 'named') return undefined;
  if (resource === 'projects') return storable(target.object);
  if (!PROJECT_SCOPED.has(resource)) return undefined;
  return storable(target.object.slice(0, target.object.indexOf('/')));
}

/** A project name fit for the audit log: a body may carry text the database refuses, and `*` names no project. */
function storable(project: string): string | undefined {
  return project === '' || project === '*' || project.length > MAX_PROJECT || unusableTextReason(project, true) ? undefined : project;
}

