import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
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

  async replace(name: string, manifest: AppProject): Promise<ProjectEntity> {
    await this.projects.upsert({ name, manifest } as QueryDeepPartialEntity<ProjectEntity>, ['name']);
    return (await this.findByName(name))!;
  }

  /** Applications that name this project: a project in use cannot be deleted, as in Argo CD. */
  async countApplicationsUsing(name: string): Promise<number> {
    const rows: { n: number }[] = await this.projects.query('SELECT count(*)::int AS n FROM applications WHERE project = $1', [name]);
    return rows[0].n;
  }

  async deleteByName(name: string): Promise<boolean> {
    const result = await this.projects.delete({ name });
    return (result.affected ?? 0) > 0;
  }
}
