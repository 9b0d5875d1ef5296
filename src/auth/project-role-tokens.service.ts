import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../clock/clock';
import { conflict, DomainError, notFound } from '../common/errors/domain-error';
import { uniqueViolation } from '../database/pg-errors';
import type { ApiTokenEntity } from '../database/entities/api-token.entity';
import { ApiTokenRepository, type ProjectRoleRef } from '../repositories/api-token.repository';
import { ProjectRepository } from '../repositories/project.repository';
import type { CreateProjectRoleTokenRequest } from './project-role-tokens.schemas';
import { tokenLifetime } from './token-expiry';
import { generateToken, hashToken } from './token-secrets';

export interface ProjectRoleTokenView {
  id: string;
  project: string;
  role: string;
  description: string | null;
  issuedAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  createdBy: string | null;
}

/**
 * Tokens of an AppProject role (`argocd proj role create-token / list-tokens / delete-token`): same secrets as the
 * hub's global tokens, stored in api_tokens with the project and role instead of a built-in role. Who may mint them
 * is the access policy's business (Argo CD: `projects, update` on the project), not this service's.
 */
@Injectable()
export class ProjectRoleTokensService {
  constructor(
    private readonly tokens: ApiTokenRepository,
    private readonly projects: ProjectRepository,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /** Issues a token for the role; the only time its secret is ever returned. */
  async issue(ref: ProjectRoleRef, request: CreateProjectRoleTokenRequest, createdBy: string | null): Promise<ProjectRoleTokenView & { token: string }> {
    const lifetime = tokenLifetime(request.expiresIn);
    if (!lifetime.ok) throw new DomainError('ValidationFailed', `expiresIn: ${lifetime.reason}`, [{ field: 'expiresIn', reason: lifetime.reason }]);
    await this.requireRole(ref);
    const now = this.clock.now();
    const token = generateToken();
    const id = request.id ?? randomUUID();
    const saved = await this.insertUnique({
      ...ref,
      name: id,
      description: request.description ?? null,
      tokenHash: hashToken(token),
      createdBy,
      issuedAt: now,
      expiresAt: lifetime.seconds === 0 ? null : new Date(now.getTime() + lifetime.seconds * 1000),
    });
    // The role went away between the check and the insert: answered as if it had never been there.
    if (!saved) throw roleNotFound(ref);
    return { ...toView(saved, ref), token };
  }

  async list(ref: ProjectRoleRef): Promise<{ items: ProjectRoleTokenView[] }> {
    await this.requireRole(ref);
    return { items: (await this.tokens.listOfProjectRole(ref)).map((token) => toView(token, ref)) };
  }

  async revoke(ref: ProjectRoleRef, id: string): Promise<void> {
    await this.requireRole(ref);
    if (!(await this.tokens.deleteOfProjectRole(ref, id))) throw notFound('Token', id);
  }

  private async requireRole(ref: ProjectRoleRef): Promise<void> {
    const project = await this.projects.findByName(ref.project);
    if (!project) throw notFound('Project', ref.project);
    if (!project.manifest.spec.roles?.some((role) => role.name === ref.projectRole)) throw roleNotFound(ref);
  }

  private async insertUnique(token: Parameters<ApiTokenRepository['insertForProjectRole']>[0]): Promise<ApiTokenEntity | null> {
    try {
      return await this.tokens.insertForProjectRole(token);
    } catch (error) {
      if (uniqueViolation(error)) throw conflict(`Role "${token.projectRole}" of project "${token.project}" has a token "${token.name}"`, [{ field: 'id', reason: 'already exists' }]);
      throw error;
    }
  }
}

function roleNotFound(ref: ProjectRoleRef): DomainError {
  return new DomainError('NotFound', `Project "${ref.project}" has no role "${ref.projectRole}"`);
}

function toView(token: ApiTokenEntity, ref: ProjectRoleRef): ProjectRoleTokenView {
  return {
    id: token.name,
    project: ref.project,
    role: ref.projectRole,
    description: token.description,
    issuedAt: token.createdAt.toISOString(),
    expiresAt: token.expiresAt?.toISOString() ?? null,
    lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
    createdBy: token.createdBy,
  };
}
