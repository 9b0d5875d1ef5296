import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** What a request set, without a single value that could be a credential (see src/audit/README.md). */
export interface ChangeSummary {
  /** Body fields the request set, two levels deep (`labels.env`); a credential-named field is named, never entered. */
  fields?: string[];
  /** Query parameters (`cascade`, `dryRun`, ...); a credential-named one's value is masked. */
  query?: Record<string, string>;
  /** The kind and name of a Kubernetes-style manifest body. */
  manifest?: { kind: string; name?: string };
  /** Why a sign-in or sign-out was refused: a class such as `state-mismatch` (src/sso/sign-in-refusal.ts), never a value. */
  reason?: string;
}

/**
 * One API request that asked to change something, with its outcome. Append-only: the database refuses UPDATE and
 * DELETE; old months go as whole partitions (AUDIT_RETENTION_DAYS).
 */
@Entity({ name: 'audit_events' })
@Index('ix_audit_events_actor', ['actor', 'occurredAt'])
@Index('ix_audit_events_resource', ['resourceKind', 'resourceName', 'occurredAt'])
@Index('ix_audit_events_project', ['project', 'occurredAt'])
export class AuditEventEntity {
  /** When the request arrived; the partition key, so part of the primary key. */
  @PrimaryColumn({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;

  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** The token's name; `anonymous` when no token was verified; `webhook` for Git webhooks. */
  @Column({ type: 'text' })
  actor!: string;

  @Column({ type: 'text', nullable: true })
  role!: string | null;

  @Column({ type: 'text' })
  method!: string;

  /** The request path (without the query), as sent. */
  @Column({ type: 'text' })
  path!: string;

  /** The route template (`/api/v1/clusters/:name`); null when no route matched. */
  @Column({ type: 'text', nullable: true })
  route!: string | null;

  @Column({ type: 'text' })
  action!: string;

  @Column({ name: 'resource_kind', type: 'text', nullable: true })
  resourceKind!: string | null;

  @Column({ name: 'resource_name', type: 'text', nullable: true })
  resourceName!: string | null;

  /** The project the request concerns (an application's, a set's, a rollout's, or the project itself); null when none. */
  @Column({ type: 'text', nullable: true })
  project!: string | null;

  @Column({ name: 'request_id', type: 'text' })
  requestId!: string;

  @Column({ type: 'int' })
  status!: number;

  @Column({ name: 'duration_ms', type: 'int' })
  durationMs!: number;

  @Column({ type: 'jsonb' })
  changes!: ChangeSummary;
}
