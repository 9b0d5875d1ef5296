import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Application } from '../applicationsets/engine';

export interface ApplicationCondition {
  type: string;
  message: string;
  lastTransitionTime: string;
}

export interface OperationState {
  phase: 'Running' | 'Succeeded' | 'Failed' | 'Error';
  message: string;
  trigger: 'automated' | 'self-heal' | 'manual' | 'retry';
  triggeredBy?: string;
  revision: string;
  syncRunId: string;
  startedAt: string;
  finishedAt?: string;
  retryable?: boolean;
}

export interface ApplicationResourceStatus {
  group: string;
  kind: string;
  namespace: string;
  name: string;
  status: string;
  health: { status: string; message?: string };
  requiresPruning?: boolean;
}

/** Argo CD's Application status, as far as Flotilla fills it in. */
export interface ApplicationStatusRecord {
  sync: { status: 'Unknown' | 'Synced' | 'OutOfSync'; revision?: string };
  health: { status: 'Unknown' | 'Healthy' | 'Progressing' | 'Degraded' | 'Missing' | 'Suspended'; message?: string };
  conditions: ApplicationCondition[];
  resources?: ApplicationResourceStatus[];
  operationState?: OperationState;
  /** Failed syncs retried under syncPolicy.retry: how many so far and when the next is due. */
  retry?: { attempts: number; nextAttemptAt: string; revision: string };
  reconciledAt?: string;
  /**
   * Every kind this application has rendered: the pruner lists these, so objects of a kind that vanished from
   * Git entirely are still found and pruned.
   */
  trackedKinds?: { apiVersion: string; kind: string }[];
}

/** One generated Application in Argo CD's shape; names are unique hub-wide. */
@Entity({ name: 'applications' })
export class ApplicationEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('uq_applications_name', { unique: true })
  @Column({ type: 'text' })
  name!: string;

  /** The owning set; null once orphaned (the set was deleted without cascade). */
  @Index('ix_applications_application_set')
  @Column({ name: 'application_set', type: 'text', nullable: true })
  applicationSet!: string | null;

  /** The set that owned it before it was orphaned; a set of that name adopts it again. */
  @Column({ name: 'orphaned_from', type: 'text', nullable: true })
  orphanedFrom!: string | null;

  @Index('ix_applications_cluster')
  @Column({ type: 'text' })
  cluster!: string;

  @Index('ix_applications_project')
  @Column({ type: 'text' })
  project!: string;

  @Index('ix_applications_labels', { synchronize: false })
  @Column({ type: 'jsonb' })
  labels!: Record<string, string>;

  @Column({ type: 'jsonb' })
  manifest!: Application;

  @Column({ type: 'jsonb' })
  status!: ApplicationStatusRecord;

  /** Hash of the manifest as last generated: an unchanged expansion is recognised without loading manifests. */
  @Column({ type: 'text' })
  fingerprint!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
