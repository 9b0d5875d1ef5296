import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { StepSettings, StepState } from '../../domain/rollout';

/** One step of a rollout, with the step's settings as they were when the rollout was created. */
@Entity({ name: 'rollout_steps' })
export class RolloutStepEntity {
  @PrimaryColumn({ type: 'uuid' })
  rollout!: string;

  /** 0-based position in `rollingSync.steps`. */
  @PrimaryColumn({ type: 'int' })
  index!: number;

  @Column({ type: 'jsonb' })
  settings!: StepSettings;

  @Column({ type: 'text' })
  state!: StepState;

  /** Why it waits (a sync window, an approval) or how it failed. */
  @Column({ type: 'text', nullable: true })
  message!: string | null;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt!: Date | null;

  /** Since when every application of the step has been Healthy (the bake clock). */
  @Column({ name: 'healthy_since', type: 'timestamptz', nullable: true })
  healthySince!: Date | null;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt!: Date | null;

  @Column({ name: 'approved_by', type: 'text', nullable: true })
  approvedBy!: string | null;

  @Column({ name: 'approved_at', type: 'timestamptz', nullable: true })
  approvedAt!: Date | null;
}
