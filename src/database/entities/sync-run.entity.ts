import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

export type SyncTrigger = 'automated' | 'self-heal' | 'manual' | 'retry' | 'rollout';
export type SyncPhase = 'Running' | 'Succeeded' | 'Failed' | 'Error' | 'Interrupted';

export interface ResourceResult {
  group: string;
  kind: string;
  namespace: string;
  name: string;
  action: 'created' | 'configured' | 'unchanged' | 'pruned' | 'failed';
  message?: string;
}

/**
 * One sync attempt: written when it starts, completed when it ends; the durable audit trail. Partitioned by month on
 * `startedAt` (HISTORY_RETENTION_DAYS drops whole months), so the primary key includes it.
 */
@Entity({ name: 'sync_runs' })
@Index('ix_sync_runs_application_started', ['application', 'startedAt'])
@Index('ix_sync_runs_cluster_started', ['cluster', 'startedAt'])
export class SyncRunEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  application!: string;

  @Column({ name: 'application_set', type: 'text', nullable: true })
  applicationSet!: string | null;

  @Column({ type: 'text' })
  cluster!: string;

  @Column({ type: 'text' })
  project!: string;

  @Column({ type: 'text' })
  repository!: string;

  @Column({ type: 'text' })
  path!: string;

  /** The commit SHA that was applied (null when it could not be resolved). */
  @Column({ type: 'text', nullable: true })
  revision!: string | null;

  @Column({ type: 'text' })
  trigger!: SyncTrigger;

  /** The API token name behind a manual sync. */
  @Column({ name: 'triggered_by', type: 'text', nullable: true })
  triggeredBy!: string | null;

  /** The fleet rollout this run synced for, if any. */
  @Index('ix_sync_runs_rollout', { synchronize: false })
  @Column({ type: 'uuid', nullable: true })
  rollout!: string | null;

  @Column({ type: 'text' })
  phase!: SyncPhase;

  @Column({ type: 'text', nullable: true })
  message!: string | null;

  @Column({ type: 'jsonb' })
  resources!: ResourceResult[];

  /** The shard lease the run was made under; a takeover at a newer epoch marks it Interrupted. */
  @Column({ type: 'int', nullable: true })
  shard!: number | null;

  @Column({ type: 'bigint', nullable: true })
  epoch!: string | null;

  @PrimaryColumn({ name: 'started_at', type: 'timestamptz' })
  startedAt!: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;
}
