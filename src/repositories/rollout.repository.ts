import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, Repository } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { RolloutEntity } from '../database/entities/rollout.entity';
import type { RolloutState } from '../domain/rollout';

export type NewRollout = Omit<RolloutEntity, 'sequence' | 'supersededBy' | 'finishedAt'>;
export type RolloutChange = Partial<Pick<RolloutEntity, 'state' | 'reason' | 'finishedAt' | 'supersededBy' | 'updatedAt'>>;

export interface RolloutFilter {
  applicationSet?: string;
  state?: RolloutState;
}

@Injectable()
export class RolloutRepository {
  constructor(@InjectRepository(RolloutEntity) private readonly rollouts: Repository<RolloutEntity>) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.rollouts.manager.transaction(work);
  }

  async insert(manager: EntityManager, rollout: NewRollout): Promise<void> {
    await manager.insert(RolloutEntity, { ...rollout, supersededBy: null, finishedAt: null });
  }

  findById(id: string, manager?: EntityManager): Promise<RolloutEntity | null> {
    return (manager ?? this.rollouts.manager).findOneBy(RolloutEntity, { id });
  }

  /** Reads the rollout and locks its row until the transaction ends: controls and driver passes take turns. */
  lockById(manager: EntityManager, id: string): Promise<RolloutEntity | null> {
    return manager.getRepository(RolloutEntity).createQueryBuilder('r').setLock('pessimistic_write').where('r.id = :id', { id }).getOne();
  }

  latestOfSet(setName: string, manager?: EntityManager): Promise<RolloutEntity | null> {
    return (manager ?? this.rollouts.manager).findOne(RolloutEntity, { where: { applicationSet: setName }, order: { sequence: 'DESC' } });
  }

  /** The latest rollout of each named set. */
  async latestOfSets(setNames: string[]): Promise<RolloutEntity[]> {
    if (setNames.length === 0) return [];
    return this.rollouts
      .createQueryBuilder('r')
      .distinctOn(['r.application_set'])
      .where('r.application_set IN (:...setNames)', { setNames })
      .orderBy('r.application_set')
      .addOrderBy('r.sequence', 'DESC')
      .getMany();
  }

  /** Rollouts the driver still moves on: the active ones, and stopped ones whose started syncs it still watches. */
  listDriven(): Promise<RolloutEntity[]> {
    return this.rollouts
      .createQueryBuilder('r')
      .where(`r.state IN ('Progressing', 'Paused', 'WaitingForApproval')`)
      .orWhere(`r.state IN ('Aborted', 'Halted') AND EXISTS (SELECT 1 FROM rollout_targets t WHERE t.rollout = r.id AND t.state = 'Progressing')`)
      .orderBy('r.sequence')
      .getMany();
  }

  /** Newest first; keyset pagination on the sequence. */
  list(filter: RolloutFilter, limit: number, beforeSequence?: string): Promise<RolloutEntity[]> {
    const query = this.rollouts.createQueryBuilder('r').orderBy('r.sequence', 'DESC').take(limit + 1);
    if (filter.applicationSet !== undefined) query.andWhere('r.application_set = :set', { set: filter.applicationSet });
    if (filter.state !== undefined) query.andWhere('r.state = :state', { state: filter.state });
    if (beforeSequence !== undefined) query.andWhere('r.sequence < :before', { before: beforeSequence });
    return query.getMany();
  }

  /** Applies `change` only while the rollout is still in `from`; false when it moved meanwhile. */
  async transition(manager: EntityManager, id: string, from: RolloutState, change: RolloutChange): Promise<boolean> {
    const result = await manager.update(RolloutEntity, { id, state: from }, change as QueryDeepPartialEntity<RolloutEntity>);
    return (result.affected ?? 0) > 0;
  }
}
