import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, Repository } from 'typeorm';
import { ApplicationSetEntity } from '../database/entities/application-set.entity';
import type { ApplicationSetStatus } from '../domain/application-set';
import { StateChangeObservers } from './state-changes';

@Injectable()
export class ApplicationSetRepository {
  constructor(
    @InjectRepository(ApplicationSetEntity) private readonly sets: Repository<ApplicationSetEntity>,
    private readonly observers: StateChangeObservers,
  ) {}

  findByName(name: string): Promise<ApplicationSetEntity | null> {
    return this.sets.findOneBy({ name });
  }

  list(limit: number, after?: string): Promise<ApplicationSetEntity[]> {
    const query = this.sets.createQueryBuilder('s').orderBy('s.name', 'ASC').take(limit + 1);
    if (after !== undefined) query.where('s.name > :after', { after });
    return query.getMany();
  }

  /** Each named set's template project (`spec.template.spec.project`): whose a set's rollouts are. */
  async templateProjectsOf(names: readonly string[]): Promise<Map<string, string>> {
    if (names.length === 0) return new Map();
    const rows: { name: string; project: unknown }[] = await this.sets
      .createQueryBuilder('s')
      .select('s.name', 'name')
      .addSelect(`s.manifest #>> '{spec,template,spec,project}'`, 'project')
      .where('s.name IN (:...names)', { names })
      .getRawMany();
    return new Map(rows.map((row) => [row.name, typeof row.project === 'string' ? row.project : '']));
  }

  listNames(): Promise<string[]> {
    return this.sets.find({ select: { name: true }, order: { name: 'ASC' } }).then((rows) => rows.map((row) => row.name));
  }

  /** Every set's name with its `spec.generators` only (what re-expansion triggers look at). */
  async listGenerators(): Promise<{ name: string; generators: unknown }[]> {
    return this.sets.query(`SELECT name, manifest -> 'spec' -> 'generators' AS generators FROM application_sets ORDER BY name`);
  }

  /** What of each set decides whether a cluster change concerns it (see cluster-change-scope), without the rest of the manifest. */
  async listExpansionScopes(): Promise<{ name: string; generators: unknown; destination: unknown; templatePatch: unknown }[]> {
    const rows: { name: string; generators: unknown; destination: unknown; template_patch: unknown }[] = await this.sets.query(
      `SELECT name, manifest -> 'spec' -> 'generators' AS generators, manifest -> 'spec' -> 'template' -> 'spec' -> 'destination' AS destination,
              manifest -> 'spec' -> 'templatePatch' AS template_patch
       FROM application_sets ORDER BY name`,
    );
    return rows.map((row) => ({ name: row.name, generators: row.generators, destination: row.destination, templatePatch: row.template_patch }));
  }

  /** Sets whose `spec.strategy.type` is RollingSync: their applications are synced only by fleet rollouts. */
  listRollingSync(): Promise<ApplicationSetEntity[]> {
    return this.sets.createQueryBuilder('s').where(`s.manifest -> 'spec' -> 'strategy' ->> 'type' = 'RollingSync'`).orderBy('s.name', 'ASC').getMany();
  }

  async rollingSyncNames(): Promise<Set<string>> {
    const rows: { name: string }[] = await this.sets.query(`SELECT name FROM application_sets WHERE manifest -> 'spec' -> 'strategy' ->> 'type' = 'RollingSync'`);
    return new Set(rows.map((row) => row.name));
  }

  /** Locks the set's row until the transaction ends, so two planners never start rollouts of one set at once. */
  async lockByName(manager: EntityManager, name: string): Promise<boolean> {
    const rows: unknown[] = await manager.query('SELECT 1 FROM application_sets WHERE name = $1 FOR UPDATE', [name]);
    return rows.length > 0;
  }

  /** `parentApplication`: the app of apps that owns it (none for a set made over REST). */
  insert(set: Pick<ApplicationSetEntity, 'name' | 'manifest' | 'status'> & { parentApplication?: string }): Promise<ApplicationSetEntity> {
    return this.sets.save(this.sets.create({ ...set, parentApplication: set.parentApplication ?? null, generation: 1 }));
  }


  async replaceManifest(set: ApplicationSetEntity, manifest: Record<string, unknown>): Promise<ApplicationSetEntity> {
    set.manifest = manifest;
    set.generation += 1;
    return this.sets.save(set);
  }

  /** Observers hear which applications the deletion budget held back before and after, inside the same transaction. */
  async updateStatus(id: string, status: ApplicationSetStatus, manager?: EntityManager): Promise<void> {
    const write = async (tx: EntityManager) => {
      const rows: { name: string; before: { name: string }[] | null }[] = await tx.query(
        `WITH old AS (SELECT id, status -> 'pendingDeletion' AS before FROM application_sets WHERE id = $1 FOR UPDATE),
         updated AS (UPDATE application_sets s SET status = $2::jsonb FROM old WHERE s.id = old.id RETURNING s.name, old.before)
         SELECT * FROM updated`,
        [id, JSON.stringify(status)],
      );
      for (const row of rows) {
        const before = (row.before ?? []).map((pending) => pending.name);
        const after = (status.pendingDeletion ?? []).map((pending) => pending.name);
        await this.observers.observe(tx, { kind: 'application-set-pending-deletions', applicationSet: row.name, before, after });
      }
    };
    await (manager ? write(manager) : this.sets.manager.transaction(write));
  }

  async deleteById(id: string, manager?: EntityManager): Promise<void> {
    await (manager ?? this.sets.manager).delete(ApplicationSetEntity, { id });
  }

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.sets.manager.transaction(work);
  }
}
