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
