import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, Repository } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { ProjectEntity } from '../database/entities/project.entity';
import type { AppProject } from '../domain/app-project';

@Injectable()
export class ProjectRepository {
  constructor(@InjectRepository(ProjectEntity) private readonly projects: Repository<ProjectEntity>) {}

  findByName(name: string): Promise<ProjectEntity | null> {
    return this.projects.findOneBy({ name });
  }

  list(): Promise<ProjectEntity[]> {
    return this.projects.find({ order: { name: 'ASC' } });
  }

  /** Fails with a unique violation when the name exists: the name is the primary key, so save() would overwrite it. */
  async insert(name: string, manifest: AppProject): Promise<ProjectEntity> {
    await this.projects.insert({ name, manifest } as QueryDeepPartialEntity<ProjectEntity>);
    return (await this.findByName(name))!;
  }

  /** Creates or replaces a project; in the same transaction, the tokens of roles not in `keptRoles` are deleted. */
  async replace(name: string, manifest: AppProject, keptRoles: readonly string[]): Promise<ProjectEntity> {
    await this.projects.manager.transaction(async (manager) => {
      await manager.getRepository(ProjectEntity).upsert({ name, manifest } as QueryDeepPartialEntity<ProjectEntity>, ['name']);
      await deleteTokensOfOtherRoles(manager, name, keptRoles);
    });
    return (await this.findByName(name))!;
  }

  /**
   * Creates or replaces a project an app of apps owns; false when the name is held by someone else (made over REST
   * or by another parent), which is then left as it is. As with `replace`, the tokens of roles not in `keptRoles`
   * are deleted with the update.
   */
  async upsertAdopted(name: string, manifest: AppProject, parent: string, keptRoles: readonly string[]): Promise<boolean> {
    return this.projects.manager.transaction(async (manager) => {
      const rows: unknown[] = await manager.query(
        `INSERT INTO projects (name, manifest, parent_application) VALUES ($1, $2::jsonb, $3)
         ON CONFLICT (name) DO UPDATE SET manifest = EXCLUDED.manifest, updated_at = now() WHERE projects.parent_application = $3
         RETURNING name`,
        [name, JSON.stringify(manifest), parent],
      );
      if (rows.length === 0) return false;
      await deleteTokensOfOtherRoles(manager, name, keptRoles);
      return true;
    });
  }


  /** Applications that name this project: a project in use cannot be deleted, as in Argo CD. */
  async countApplicationsUsing(name: string, parent?: string): Promise<number> {
    // An app of apps pruning its project: its own applications already on their way out (marked in the same
    // cascade) do not hold the project, as Kubernetes' garbage collector would delete it alongside them.
    const rows: { n: number }[] = await this.projects.query(
      'SELECT count(*)::int AS n FROM applications WHERE project = $1 AND NOT (deletion_requested_at IS NOT NULL AND parent_application = $2)',
      [name, parent ?? null],
    );
    return rows[0].n;
  }

  /**
   * A digest of every project's `spec.roles` (names included): equal digests, equal project roles. One small
   * aggregate per request lets each replica notice a role change another replica made, without reading the roles.
   */
  async rolesDigest(): Promise<string> {
    const rows: { digest: string }[] = await this.projects.query(
      `SELECT md5(coalesce(string_agg(name || E'\n' || coalesce((manifest->'spec'->'roles')::text, ''), E'\n\n' ORDER BY name), '')) AS digest FROM projects`,
    );
    return rows[0].digest;
  }

  /** Every project's `spec.roles` as stored (unvalidated JSON: readers must be defensive). */
  async listRoles(): Promise<{ name: string; roles: unknown }[]> {
    const rows: { name: string; roles: unknown }[] = await this.projects.query(
      `SELECT name, manifest->'spec'->'roles' AS roles FROM projects WHERE manifest->'spec'->'roles' IS NOT NULL ORDER BY name`,
    );
    return rows;
  }

  async deleteByName(name: string): Promise<boolean> {
    const result = await this.projects.delete({ name });
    return (result.affected ?? 0) > 0;
  }
}

/** A token of a role the project no longer has would come back to life if the role were added again: it goes now. */
async function deleteTokensOfOtherRoles(manager: EntityManager, project: string, keptRoles: readonly string[]): Promise<void> {
  await manager.query('DELETE FROM api_tokens WHERE project = $1 AND NOT (project_role = ANY($2::text[]))', [project, [...keptRoles]]);
}
