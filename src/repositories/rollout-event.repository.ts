import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, Repository } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { RolloutEventEntity } from '../database/entities/rollout-event.entity';

export type NewRolloutEvent = Omit<RolloutEventEntity, 'id'>;

@Injectable()
export class RolloutEventRepository {
  constructor(@InjectRepository(RolloutEventEntity) private readonly events: Repository<RolloutEventEntity>) {}

  async insertMany(manager: EntityManager, events: NewRolloutEvent[]): Promise<void> {
    if (events.length > 0) await manager.insert(RolloutEventEntity, events as QueryDeepPartialEntity<RolloutEventEntity>[]);
  }

  /** In the order they happened. */
  listOf(rollout: string): Promise<RolloutEventEntity[]> {
    return this.events.find({ where: { rollout }, order: { id: 'ASC' } });
  }
}
