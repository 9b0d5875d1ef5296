import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** One source of a multi-source application at the commit a run applied. */
export interface SyncRunSource {
  repoURL: string;
  path: string;
  ref?: string;
  revision: string;
}

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
// The history queries' indexes (partial, descending, pattern ops, GIN) are written by their migration.
@Index('ix_sync_runs_started', { synchronize: false })
@Index('ix_sync_runs_applied', { synchronize: false })
@Index('ix_sync_runs_revision', { synchronize: false })
@Index('ix_sync_runs_cluster_labels', { synchronize: false })
@Index('ix_sync_runs_triggered_by', { synchronize: false })
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

  /**
   * With `spec.sources`: every source and the commit it was at, in their order (`repository`, `path` and `revision`
   * then describe the first); null for a single source.
   */
  @Column({ type: 'jsonb', nullable: true })
  sources!: SyncRunSource[] | null;

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

  /** The cluster's labels when the run started: label selectors and `label:<key>` groups outlive relabelled or deleted clusters. */
  @Column({ name: 'cluster_labels', type: 'jsonb' })
  clusterLabels!: Record<string, string>;

  /** When the revision was committed (its committer date), for lead time; null when the mirror could not tell. */
  @Column({ name: 'revision_committed_at', type: 'timestamptz', nullable: true })
  revisionCommittedAt!: Date | null;

  /** Whether the run created, configured or pruned anything (a Succeeded run that did is a deployment). */
  @Column({ type: 'boolean' })
  changed!: boolean;

  /** The revision of the application's last Succeeded run on this cluster before this one: what it replaced. */
  @Column({ name: 'previous_revision', type: 'text', nullable: true })
  previousRevision!: string | null;

  /** Set when the application's syncs on this cluster had been failing since then (the first failure after its last success) when this run started. */
  @Column({ name: 'failing_since', type: 'timestamptz', nullable: true })
  failingSince!: Date | null;
}
