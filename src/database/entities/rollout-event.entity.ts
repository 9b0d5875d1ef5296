import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { RolloutAction } from '../../domain/rollout';

/** A transition of a rollout or an action on it: who (a token name, or `hub`), when, and the details. */
@Entity({ name: 'rollout_events' })
@Index('ix_rollout_events_rollout_at', ['rollout', 'at'])
export class RolloutEventEntity {
  /** Increasing: the order events happened in, also when they share a timestamp. */
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id!: string;

  @Column({ type: 'uuid' })
  rollout!: string;

  @Column({ type: 'timestamptz' })
  at!: Date;

  @Column({ type: 'text' })
  action!: RolloutAction;

  @Column({ type: 'text' })
  actor!: string;

  @Column({ type: 'jsonb' })
  details!: Record<string, unknown>;
}
