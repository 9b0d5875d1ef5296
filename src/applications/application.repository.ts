import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, type EntityManager, In, IsNull, Repository } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { SelectorRequirement } from '../common/label-selector';
import { addLabelRequirement } from '../database/label-selector-sql';
import { ApplicationEntity } from './application.entity';

export interface ApplicationFilter {
  applicationSet?: string;
  cluster?: string;
  project?: string;
  selector: SelectorRequirement[];
}

export type NewApplication = Pick<ApplicationEntity, 'name' | 'applicationSet' | 'cluster' | 'project' | 'labels' | 'manifest' | 'status'>;
export type ApplicationChange = Pick<ApplicationEntity, 'cluster' | 'project' | 'labels' | 'manifest'>;

// Rows per INSERT statement: large enough to cut round trips, small enough for PostgreSQL's parameter limit.
const INSERT_CHUNK = 500;

@Injectable()
export class ApplicationRepository {
  constructor(@InjectRepository(ApplicationEntity) private readonly applications: Repository<ApplicationEntity>) {}

  findByName(name: string): Promise<ApplicationEntity | null> {
    return this.applications.findOneBy({ name });
  }

  /** The set's own applications plus orphans it may adopt back. */
  listOwnedOrAdoptable(setName: string): Promise<ApplicationEntity[]> {
    return this.applications.find({ where: [{ applicationSet: setName }, { applicationSet: IsNull(), orphanedFrom: setName }], order: { name: 'ASC' } });
  }

  /** Who holds each of these names now (another set, or an orphan). */
  async ownersOf(names: string[]): Promise<Map<string, { applicationSet: string | null; orphanedFrom: string | null }>> {
    const owners = new Map<string, { applicationSet: string | null; orphanedFrom: string | null }>();
    for (let start = 0; start < names.length; start += 5000) {
      const rows = await this.applications.find({
        select: { name: true, applicationSet: true, orphanedFrom: true },
        where: { name: In(names.slice(start, start + 5000)) },
      });
      for (const row of rows) owners.set(row.name, { applicationSet: row.applicationSet, orphanedFrom: row.orphanedFrom });
    }
    return owners;
  }

  async list(filter: ApplicationFilter, limit: number, after?: string): Promise<ApplicationEntity[]> {
    const query = this.applications.createQueryBuilder('c').orderBy('c.name', 'ASC').take(limit + 1);
    if (after !== undefined) query.andWhere('c.name > :after', { after });
    if (filter.applicationSet !== undefined) query.andWhere('c.application_set = :set', { set: filter.applicationSet });
    if (filter.cluster !== undefined) query.andWhere('c.cluster = :cluster', { cluster: filter.cluster });
    if (filter.project !== undefined) query.andWhere('c.project = :project', { project: filter.project });
    filter.selector.forEach((requirement, index) => query.andWhere(new Brackets((where) => addLabelRequirement(where, 'c', requirement, index))));
    return query.getMany();
  }

  async insertMany(manager: EntityManager, rows: NewApplication[]): Promise<void> {
    for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
      await manager.createQueryBuilder().insert().into(ApplicationEntity).values(rows.slice(start, start + INSERT_CHUNK) as QueryDeepPartialEntity<ApplicationEntity>[]).updateEntity(false).execute();
    }
  }

  async update(manager: EntityManager, name: string, change: Partial<ApplicationChange> & { applicationSet?: string | null; orphanedFrom?: string | null }): Promise<void> {
    await manager.update(ApplicationEntity, { name }, change as QueryDeepPartialEntity<ApplicationEntity>);
  }

  async deleteByNames(manager: EntityManager, names: string[]): Promise<void> {
    for (let start = 0; start < names.length; start += 5000) {
      await manager.delete(ApplicationEntity, { name: In(names.slice(start, start + 5000)) });
    }
  }

  /** Deleting a set without cascade: its applications stay, remembered as orphans of that set. */
  async orphanAllOf(manager: EntityManager, setName: string): Promise<number> {
    const result = await manager.update(ApplicationEntity, { applicationSet: setName }, { applicationSet: null, orphanedFrom: setName });
    return result.affected ?? 0;
  }

  async deleteAllOf(manager: EntityManager, setName: string): Promise<number> {
    const result = await manager.delete(ApplicationEntity, { applicationSet: setName });
    return result.affected ?? 0;
  }
}
