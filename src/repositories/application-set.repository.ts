import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, Repository } from 'typeorm';
import { ApplicationSetEntity } from '../database/entities/application-set.entity';
import type { ApplicationSetStatus } from '../domain/application-set';

@Injectable()
export class ApplicationSetRepository {
  constructor(@InjectRepository(ApplicationSetEntity) private readonly sets: Repository<ApplicationSetEntity>) {}

  findByName(name: string): Promise<ApplicationSetEntity | null> {
    return this.sets.findOneBy({ name });
  }

  list(limit: number, after?: string): Promise<ApplicationSetEntity[]> {
    const query = this.sets.createQueryBuilder('s').orderBy('s.name', 'ASC').take(limit + 1);
    if (after !== undefined) query.where('s.name > :after', { after });
    return query.getMany();
  }

  listNames(): Promise<string[]> {
    return this.sets.find({ select: { name: true }, order: { name: 'ASC' } }).then((rows) => rows.map((row) => row.name));
  }

  /** Every set's name with its `spec.generators` only (what re-expansion triggers look at). */
  async listGenerators(): Promise<{ name: string; generators: unknown }[]> {
    return this.sets.query(`SELECT name, manifest -> 'spec' -> 'generators' AS generators FROM application_sets ORDER BY name`);
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

  insert(set: Pick<ApplicationSetEntity, 'name' | 'manifest' | 'status'>): Promise<ApplicationSetEntity> {
    return this.sets.save(this.sets.create({ ...set, generation: 1 }));
  }

  async replaceManifest(set: ApplicationSetEntity, manifest: Record<string, unknown>): Promise<ApplicationSetEntity> {
    set.manifest = manifest;
    set.generation += 1;
    return this.sets.save(set);
  }

  async updateStatus(id: string, status: ApplicationSetStatus, manager?: EntityManager): Promise<void> {
    await (manager ?? this.sets.manager).update(ApplicationSetEntity, { id }, { status });
  }

  async deleteById(id: string, manager?: EntityManager): Promise<void> {
    await (manager ?? this.sets.manager).delete(ApplicationSetEntity, { id });
  }

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.sets.manager.transaction(work);
  }
}
