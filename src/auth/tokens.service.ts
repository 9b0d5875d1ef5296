import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../clock/clock';
import { conflict, DomainError, notFound } from '../common/errors/domain-error';
import { uniqueViolation } from '../database/pg-errors';
import type { ApiTokenEntity } from '../database/entities/api-token.entity';
import { ApiTokenRepository } from '../repositories/api-token.repository';
import { type Principal, projectRoleSubject, type Role } from '../domain/roles';
import { generateToken, hashToken, LAST_USED_RESOLUTION_MS } from './token-secrets';
import type { CreateTokenRequest } from './tokens.schemas';


export interface TokenView {
  name: string;
  role: Role;
  createdAt: string;
  createdBy: string | null;
  expiresAt: string | null;
  lastUsedAt: string | null;
}

@Injectable()
export class TokensService {
  constructor(
    private readonly tokens: ApiTokenRepository,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /**
   * Resolves a presented bearer token to its principal, or fails with 401 whatever the reason. A project-role token
   * counts only while its project has the role: removing the role deletes its tokens, and this check also covers
   * a request that raced with that update.
   */
  async authenticate(presented: string): Promise<Principal> {
    const token = await this.tokens.findByHash(hashToken(presented));
    const now = this.clock.now();
    const principal = token && (!token.expiresAt || token.expiresAt > now) ? await this.principalOf(token) : undefined;
    if (!token || !principal) throw new DomainError('Unauthenticated', 'Invalid or expired token');
    await this.tokens.touch(token.id, now, new Date(now.getTime() - LAST_USED_RESOLUTION_MS));
    return principal;
  }

  private async principalOf(token: ApiTokenEntity): Promise<Principal | undefined> {
    if (token.role !== null) return { kind: 'token', name: token.name, role: token.role };
    if (token.project === null || token.projectRole === null) return undefined;
    const ref = { project: token.project, projectRole: token.projectRole };
    if (!(await this.tokens.projectRoleExists(ref))) return undefined;
    // The role's subject and the token's id: who acted, as the audit log and requestedBy show it.
    return { kind: 'project-token', name: `${projectRoleSubject(ref.project, ref.projectRole)}/${token.name}`, ...ref };
  }

  /** Creates a token; the only time its secret is ever returned. */
  async create(request: CreateTokenRequest, createdBy: string | null): Promise<TokenView & { token: string }> {
    const expiresAt = request.expiresAt ? new Date(request.expiresAt) : null;
    if (expiresAt && expiresAt <= this.clock.now()) {
      throw new DomainError('ValidationFailed', 'expiresAt must be in the future', [{ field: 'expiresAt', reason: 'must be in the future' }]);
    }
    const token = generateToken();
    const saved = await this.insertUnique({ name: request.name, role: request.role, tokenHash: hashToken(token), createdBy, expiresAt });
    return { ...toView(saved), token };
  }

  /** Stores a token given from outside (the bootstrap admin token); returns false when the name exists. */
  async insertKnownToken(name: string, role: Role, token: string): Promise<boolean> {
    try {
      await this.tokens.insert({ name, role, tokenHash: hashToken(token), createdBy: null, expiresAt: null });
      return true;
    } catch (error) {
      if (uniqueViolation(error)) return false;
      throw error;
    }
  }

  async hasAnyToken(): Promise<boolean> {
    return (await this.tokens.count()) > 0;
  }

  async list(): Promise<TokenView[]> {
    return (await this.tokens.list()).map(toView);
  }

  async delete(name: string): Promise<void> {
    if (!(await this.tokens.deleteByName(name))) throw notFound('Token', name);
  }

  private async insertUnique(token: Parameters<ApiTokenRepository['insert']>[0]): Promise<ApiTokenEntity> {
    try {
      return await this.tokens.insert(token);
    } catch (error) {
      if (uniqueViolation(error)) throw conflict(`A token named "${token.name}" already exists`, [{ field: 'name', reason: 'already exists' }]);
      throw error;
    }
  }
}

/** Global tokens only: the list and deletion of /api/v1/tokens never see a project-role token. */
function toView(token: ApiTokenEntity): TokenView {
  return {
    name: token.name,
    role: token.role!,
    createdAt: token.createdAt.toISOString(),
    createdBy: token.createdBy,
    expiresAt: token.expiresAt?.toISOString() ?? null,
    lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
  };
}
