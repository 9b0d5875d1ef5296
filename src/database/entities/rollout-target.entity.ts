import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { TargetState } from '../../domain/rollout';

/**
 * One application of a rollout: the revision and rendered-manifest digest frozen for it, and where it stands.
 * The reconcile worker of the application's shard syncs it; the driver judges it from the application's status.
 */
@Entity({ name: 'rollout_targets' })
@Index('ix_rollout_targets_rollout', ['rollout'])
@Index('ix_rollout_targets_application', ['application'])
@Index('ix_rollout_targets_state_cluster', ['state', 'cluster'])
export class RolloutTargetEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  rollout!: string;

  @Column({ type: 'text' })
  application!: string;

  @Column({ type: 'text' })
  cluster!: string;

  /** 0-based step; null when the application matches no step (it waits for a manual sync). */
  @Column({ type: 'int', nullable: true })
  step!: number | null;

  /** The frozen commit SHA. */
  @Column({ type: 'text' })
  revision!: string;

  /** The frozen digest of the rendered manifests and the generated Application. */
  @Column({ type: 'text' })
  digest!: string;

  /** The generated Application's fingerprint it froze: the shard owner syncs nothing else (a newer template waits for its own rollout). */
  @Column({ type: 'text' })
  fingerprint!: string;

  /** The last revision the application was Healthy at before this rollout (what a rollback goes back to). */
  @Column({ name: 'previous_revision', type: 'text', nullable: true })
  previousRevision!: string | null;

  @Column({ type: 'text' })
  state!: TargetState;

  /** The latest sync run made for this target; null until one starts (and again when a rollback is due). */
  @Column({ name: 'sync_run', type: 'uuid', nullable: true })
  syncRun!: string | null;

  /** The progress-deadline clock: when the target became Pending (or left Healthy). */
  @Column({ name: 'eligible_at', type: 'timestamptz', nullable: true })
  eligibleAt!: Date | null;

  @Column({ name: 'healthy_since', type: 'timestamptz', nullable: true })
  healthySince!: Date | null;

  @Column({ type: 'text', nullable: true })
  message!: string | null;

  @Column({ name: 'last_transition_at', type: 'timestamptz' })
  lastTransitionAt!: Date;
}
