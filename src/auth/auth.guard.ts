import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError } from '../common/errors/domain-error';
import { ADMIN_ONLY, type AuthenticatedRequest } from './access.decorators';
import { PUBLIC_ROUTE } from './public.decorator';
import type { Role } from '../domain/roles';
import { TokensService } from './tokens.service';

const READ_METHODS = new Set(['GET', 'HEAD']);
const PROTECTED_PREFIX = '/api/v1/';

/**
 * Every /api/v1 route needs a bearer token. viewer: reads only; operator: everything but token
 * management; admin: everything.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly tokens: TokensService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (!request.path.startsWith(PROTECTED_PREFIX)) return true;
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, [context.getHandler(), context.getClass()])) return true;
    const presented = bearerToken(request.headers.authorization);
    if (!presented) throw new DomainError('Unauthenticated', 'Missing bearer token (Authorization: Bearer <token>)');
    request.principal = await this.tokens.authenticate(presented);
    const adminOnly = this.reflector.getAllAndOverride<boolean>(ADMIN_ONLY, [context.getHandler(), context.getClass()]);
    const needed: Role = adminOnly ? 'admin' : READ_METHODS.has(request.method) ? 'viewer' : 'operator';
    if (!satisfies(request.principal.role, needed)) {
      throw new DomainError('Forbidden', `Role "${request.principal.role}" may not ${request.method} ${request.path}`);
    }
    return true;
  }
}

const RANK: Record<Role, number> = { viewer: 0, operator: 1, admin: 2 };

function satisfies(role: Role, needed: Role): boolean {
  return RANK[role] >= RANK[needed];
}

function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}
