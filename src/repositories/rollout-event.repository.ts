import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, Repository } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { RolloutEventEntity } from '../database/entities/rollout-event.entity';
import { StateChangeObservers } from './state-changes';

export type NewRolloutEvent = Omit<RolloutEventEntity, 'id'>;

@Injectable()
export class RolloutEventRepository {
  constructor(
    @InjectRepository(RolloutEventEntity) private readonly events: Repository<RolloutEventEntity>,
    private readonly observers: StateChangeObservers,
  ) {}

  /** Inside the caller's transaction; observers record the events (the notifications outbox) in it too. */
  async insertMany(manager: EntityManager, events: NewRolloutEvent[]): Promise<void> {
    if (events.length === 0) return;
    await manager.insert(RolloutEventEntity, events as QueryDeepPartialEntity<RolloutEventEntity>[]);
    for (const rollout of new Set(events.map((event) => event.rollout))) {
      const own = events.filter((event) => event.rollout === rollout).map(({ action, at, details }) => ({ action, at, details }));
      await this.observers.observe(manager, { kind: 'rollout-events', rollout, events: own });
    }
  }

  /** In the order they happened. */
  listOf(rollout: string): Promise<RolloutEventEntity[]> {
    return this.events.find({ where: { rollout }, order: { id: 'ASC' } });
  }
}
