import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, Repository } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { RolloutStepEntity } from '../database/entities/rollout-step.entity';
import type { StepState } from '../domain/rollout';

export type RolloutStepChange = Partial<Omit<RolloutStepEntity, 'rollout' | 'index' | 'settings'>>;

@Injectable()
export class RolloutStepRepository {
  constructor(@InjectRepository(RolloutStepEntity) private readonly steps: Repository<RolloutStepEntity>) {}

  async insertMany(manager: EntityManager, steps: RolloutStepEntity[]): Promise<void> {
    if (steps.length > 0) await manager.insert(RolloutStepEntity, steps);
  }

  listOf(rollout: string, manager?: EntityManager): Promise<RolloutStepEntity[]> {
    return (manager ?? this.steps.manager).find(RolloutStepEntity, { where: { rollout }, order: { index: 'ASC' } });
  }

  /** Applies `change` only while the step is still in `from`. */
  async transition(manager: EntityManager, rollout: string, index: number, from: StepState, change: RolloutStepChange): Promise<boolean> {
    const result = await manager.update(RolloutStepEntity, { rollout, index, state: from }, change as QueryDeepPartialEntity<RolloutStepEntity>);
    return (result.affected ?? 0) > 0;
  }
}
