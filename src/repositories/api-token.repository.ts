import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, LessThan, Or, Repository } from 'typeorm';
import { ApiTokenEntity } from '../database/entities/api-token.entity';

export type NewApiToken = Omit<ApiTokenEntity, 'id' | 'createdAt' | 'lastUsedAt' | 'role' | 'project' | 'projectRole' | 'description'> &
  Partial<Pick<ApiTokenEntity, 'role' | 'project' | 'projectRole' | 'description'>>;

/** A project role, as its tokens are stored. */
export interface ProjectRoleRef {
  project: string;
  projectRole: string;
}

/** SQL: the project named by parameter `project` has a role named by parameter `role` in its stored manifest. */
const roleExists = (project: string, role: string) => `EXISTS (SELECT 1 FROM projects p, jsonb_array_elements(
  CASE WHEN jsonb_typeof(p.manifest->'spec'->'roles') = 'array' THEN p.manifest->'spec'->'roles' ELSE '[]'::jsonb END) AS r
  WHERE p.name = ${project} AND r->>'name' = ${role})`;

@Injectable()
export class ApiTokenRepository {
  constructor(@InjectRepository(ApiTokenEntity) private readonly tokens: Repository<ApiTokenEntity>) {}

  findByHash(tokenHash: string): Promise<ApiTokenEntity | null> {
    return this.tokens.findOneBy({ tokenHash });
  }

  /** Global tokens (built-in roles) only: project tokens are listed under their project role. */
  list(): Promise<ApiTokenEntity[]> {
    return this.tokens.find({ where: { project: IsNull() }, order: { name: 'ASC' } });
  }

  listOfProjectRole(ref: ProjectRoleRef): Promise<ApiTokenEntity[]> {
    return this.tokens.find({ where: { project: ref.project, projectRole: ref.projectRole }, order: { createdAt: 'ASC', name: 'ASC' } });
  }

  /** Global tokens: whether the hub has any (the bootstrap admin token is made when it has none). */
  count(): Promise<number> {
    return this.tokens.countBy({ project: IsNull() });
  }

  insert(token: NewApiToken): Promise<ApiTokenEntity> {
    return this.tokens.save(
      this.tokens.create({ role: null, project: null, projectRole: null, description: null, ...token, lastUsedAt: null }),
    );
  }

  /**
   * Stores a project-role token only if the project still has the role, in one statement: a project update that
   * removes the role either commits first (and this inserts nothing) or deletes this token with the role.
   * Null when the project or the role is gone.
   */
  async insertForProjectRole(token: NewApiToken & ProjectRoleRef & { issuedAt: Date }): Promise<ApiTokenEntity | null> {
    const rows: { id: string }[] = await this.tokens.query(
      `INSERT INTO api_tokens (name, project, project_role, description, token_hash, created_by, expires_at, created_at)
       SELECT $1::text, $2::text, $3::text, $4::text, $5::text, $6::text, $7::timestamptz, $8::timestamptz WHERE ${roleExists('$2', '$3')}
       RETURNING id`,
      [token.name, token.project, token.projectRole, token.description ?? null, token.tokenHash, token.createdBy, token.expiresAt?.toISOString() ?? null, token.issuedAt.toISOString()],
    );
    return rows.length === 0 ? null : this.tokens.findOneByOrFail({ id: rows[0].id });
  }

  /** Whether the project's stored manifest has the role (`spec.roles[].name`). */
  async projectRoleExists(ref: ProjectRoleRef): Promise<boolean> {
    const rows: unknown[] = await this.tokens.query(`SELECT 1 WHERE ${roleExists('$1::text', '$2::text')}`, [ref.project, ref.projectRole]);
    return rows.length > 0;
  }

  /** Deletes a global token by name. */
  async deleteByName(name: string): Promise<boolean> {
    const result = await this.tokens.delete({ name, project: IsNull() });
    return (result.affected ?? 0) > 0;
  }

  async deleteOfProjectRole(ref: ProjectRoleRef, name: string): Promise<boolean> {
    const result = await this.tokens.delete({ project: ref.project, projectRole: ref.projectRole, name });
    return (result.affected ?? 0) > 0;
  }

  /** Records use at most once per `staleBefore` window, so authenticating is not a write per request. */
  async touch(id: string, at: Date, staleBefore: Date): Promise<void> {
    await this.tokens.update({ id, lastUsedAt: Or(IsNull(), LessThan(staleBefore)) }, { lastUsedAt: at });
  }
}

