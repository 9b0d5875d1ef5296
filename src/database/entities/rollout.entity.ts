import { Column, Entity, Generated, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { OnFailure, RolloutState } from '../../domain/rollout';

/**
 * One rollout of a RollingSync ApplicationSet's change across its applications. Created by the planner when the
 * desired state of the set's applications changes; only its state columns change afterwards.
 */
@Entity({ name: 'rollouts' })
@Index('ix_rollouts_set_sequence', ['applicationSet', 'sequence'])
export class RolloutEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Increasing: which of a set's rollouts is the latest, also when two were created at the same instant. */
  @Index('uq_rollouts_sequence', { unique: true })
  @Generated('increment')
  @Column({ type: 'bigint' })
  sequence!: string;

  /** At most one active (Progressing, Paused, WaitingForApproval) rollout per set: a partial unique index. */
  @Index('uq_rollouts_active_set', { synchronize: false })
  @Column({ name: 'application_set', type: 'text' })
  applicationSet!: string;

  /** The set's generation when the rollout was created. */
  @Column({ name: 'set_generation', type: 'int' })
  setGeneration!: number;

  @Column({ type: 'text' })
  state!: RolloutState;

  /** Why it halted, is blocked or waits; null while it simply progresses. */
  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ name: 'on_failure', type: 'text' })
  onFailure!: OnFailure;

  /** The commit every application rolls to, when they share one (the usual case); null otherwise. */
  @Column({ type: 'text', nullable: true })
  revision!: string | null;

  @Column({ name: 'superseded_by', type: 'uuid', nullable: true })
  supersededBy!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;
}
