import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type ObjectLiteral, Repository, type SelectQueryBuilder } from 'typeorm';
import { type SyncPhase, SyncRunEntity, type SyncTrigger } from '../database/entities/sync-run.entity';
import { type RunFilter, whereRunsMatch } from './run-filter';

/** Where a list page starts: after this (startedAt, id), newest first. */
export interface RunKey {
  startedAt: string;
  id: string;
}

/** Where a state or changes page starts: after this (application, cluster). */
export interface SubjectKey {
  application: string;
  cluster: string;
}

/** The last revision successfully applied to an application on a cluster, and the run that applied it. */
export interface AppliedRevision {
  application: string;
  cluster: string;
  applicationSet: string | null;
  project: string;
  repository: string;
  path: string;
  revision: string | null;
  revisionCommittedAt: Date | null;
  appliedAt: Date;
  syncRun: string;
  trigger: SyncTrigger;
  triggeredBy: string | null;
  rollout: string | null;
  clusterLabels: Record<string, string>;
}

/** The times of a run that listRuns reads as text. */
type RunTime = 'startedAt' | 'finishedAt' | 'revisionCommittedAt';
const RUN_TIMES = new Set<keyof SyncRunEntity>(['startedAt', 'finishedAt', 'revisionCommittedAt'] satisfies RunTime[]);

/**
 * A run as listRuns reads it: its times as ISO 8601 text (`2026-11-01T09:00:00.000Z`, what Date#toISOString
 * writes), formatted by PostgreSQL. Parsing them into Dates only to print them again was the largest cost of an
 * export after the query itself.
 */
export type ListedRun = Omit<SyncRunEntity, RunTime> & { startedAt: string; finishedAt: string | null; revisionCommittedAt: string | null };

export interface RevisionChange extends AppliedRevision {
  /** What was applied at the earlier time; null when nothing was yet. */
  before: { revision: string | null; appliedAt: Date; syncRun: string } | null;
}

export type GroupBy = { kind: 'cluster' | 'application' | 'applicationSet' | 'project' } | { kind: 'label'; key: string } | { kind: 'none' };

/** The SQL aggregates of one group of runs; the DORA arithmetic on them is the history service's. */
export interface RunAggregates {
  key: string | null;
  phases: Record<SyncPhase, number>;
  deployments: number;
  durationSeconds: { median: number | null; p95: number | null };
  leadTimeSeconds: { median: number | null; count: number };
  restoreSeconds: { mean: number | null; count: number };
}

const LIST_COLUMNS = [
  'id', 'application', 'applicationSet', 'cluster', 'project', 'repository', 'path', 'revision', 'sources', 'revisionCommittedAt', 'previousRevision', 'changed',
  'trigger', 'triggeredBy', 'rollout', 'phase', 'message', 'clusterLabels', 'startedAt', 'finishedAt',
] as const satisfies readonly (keyof SyncRunEntity)[];

// What Date#toISOString writes, at millisecond precision (the hub writes its times from Dates).
const ISO_FORMAT = 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"';

const PHASES = Object.keys({ Running: 1, Succeeded: 1, Failed: 1, Error: 1, Interrupted: 1 } satisfies Record<SyncPhase, 1>) as SyncPhase[];

// The newest Succeeded run of the application on the cluster (`s`) that had finished by :at. Runs of one application
// on one cluster never overlap, so start order is apply order, which ix_sync_runs_applied serves, and which a
// sync_runs partitioned by started_at answers from its newest partition first (an ordered Append).
const APPLIED_BY_AT = `
  SELECT s.application, s.cluster, a.* FROM synced_applications s CROSS JOIN LATERAL (
    SELECT r.application_set, r.project, r.repository, r.path, r.revision, r.revision_committed_at, r.finished_at, r.id, r.trigger, r.triggered_by, r.rollout, r.cluster_labels
    FROM sync_runs r
    WHERE r.application = s.application AND r.cluster = s.cluster AND r.phase = 'Succeeded' AND r.started_at <= :at AND r.finished_at <= :at
    ORDER BY r.started_at DESC LIMIT 1
  ) a`;
// What was applied at :from to a subject whose state at :to (`applied`) was applied after :from; nothing else changed.
const WITH_BEFORE = `
  SELECT applied.*, b.revision AS before_revision, b.finished_at AS before_applied_at, b.id AS before_run
  FROM applied LEFT JOIN LATERAL (
    SELECT r.revision, r.finished_at, r.id FROM sync_runs r
    WHERE r.application = applied.application AND r.cluster = applied.cluster AND r.phase = 'Succeeded' AND r.started_at <= :from AND r.finished_at <= :from
    ORDER BY r.started_at DESC LIMIT 1
  ) b ON true
  WHERE applied.finished_at > :from`;
const DEPLOYED = `r.phase = 'Succeeded' AND r.changed`;
// A deployment that brought the application a revision it did not run before: the one lead time is measured on.
const NEW_REVISION_DEPLOYED = `${DEPLOYED} AND r.revision IS DISTINCT FROM r.previous_revision`;
const SECONDS = (later: string, earlier: string) => `EXTRACT(EPOCH FROM ${later} - ${earlier})::float8`;

/** The fleet-wide history queries over sync_runs; their SQL is written for the indexes of migration 1764210000000. */
@Injectable()
export class HistoryQueryRepository {
  constructor(@InjectRepository(SyncRunEntity) private readonly runs: Repository<SyncRunEntity>) {}

  /** Up to `count` runs after `after`, newest first: a page (ask for one more row than shown) or an export's chunk. */
  listRuns(filter: RunFilter, count: number, options: { after?: RunKey; resources?: boolean } = {}): Promise<ListedRun[]> {
    const columns: readonly (keyof SyncRunEntity)[] = options.resources ? [...LIST_COLUMNS, 'resources'] : LIST_COLUMNS;
    // Raw rows, each column under its property's name: getMany's per-row hydration cost more than the query.
    const query = this.runs.createQueryBuilder('r').select([]).setParameter('isoFormat', ISO_FORMAT);
    for (const column of columns) {
      const name = `r.${this.runs.metadata.findColumnWithPropertyName(column)!.databaseName}`;
      query.addSelect(RUN_TIMES.has(column) ? `to_char(${name} AT TIME ZONE 'UTC', :isoFormat)` : name, column);
    }
    query.orderBy('r.started_at', 'DESC').addOrderBy('r.id', 'DESC').limit(count);
    whereRunsMatch(query, filter);
    if (options.after) query.andWhere('(r.started_at, r.id) < (:afterStartedAt, :afterId)', { afterStartedAt: options.after.startedAt, afterId: options.after.id });
    return query.getRawMany<ListedRun>();
  }

  /**
   * What ran where at `at`: per application and cluster, its last Succeeded run that had finished by then, by
   * application and cluster, up to `count`. The filter applies to that run (the state of the production
   * clusters, where commit abc1234 was running); application and cluster narrow which ones are probed.
   */
  async stateAt(at: Date, filter: RunFilter, count: number, after?: SubjectKey): Promise<AppliedRevision[]> {
    const query = this.runs.manager.createQueryBuilder().addCommonTableExpression(APPLIED_BY_AT, 'applied').select('r.*').from('applied', 'r').setParameter('at', at);
    return (await inSubjectOrder(query, filter, count, after).getRawMany<AppliedRow>()).map(toAppliedRevision);
  }

  /** The applications whose applied revision on a cluster differs between `from` and `to`, up to `count`. */
  async changesBetween(from: Date, to: Date, filter: RunFilter, count: number, after?: SubjectKey): Promise<RevisionChange[]> {
    const query = this.runs.manager
      .createQueryBuilder()
      .addCommonTableExpression(APPLIED_BY_AT, 'applied')
      .addCommonTableExpression(WITH_BEFORE, 'changed')
      .select('r.*')
      .from('changed', 'r')
      .where('r.revision IS DISTINCT FROM r.before_revision')
      .setParameters({ at: to, from });
    const rows = await inSubjectOrder(query, filter, count, after).getRawMany<AppliedRow & BeforeRow>();
    return rows.map((row) => ({
      ...toAppliedRevision(row),
      before: row.before_run === null ? null : { revision: row.before_revision, appliedAt: row.before_applied_at, syncRun: row.before_run },
    }));
  }

  /** Per group, the counts and percentiles the DORA figures are computed from, over the runs the filter matches. */
  async aggregate(filter: RunFilter, groupBy: GroupBy): Promise<RunAggregates[]> {
    const query = this.runs
      .createQueryBuilder('r')
      .select(groupKey(groupBy), 'key')
      .addSelect(`count(*) FILTER (WHERE ${DEPLOYED})::int`, 'deployments')
      .addSelect(`percentile_cont(0.5) WITHIN GROUP (ORDER BY ${SECONDS('r.finished_at', 'r.started_at')})`, 'duration_median')
      .addSelect(`percentile_cont(0.95) WITHIN GROUP (ORDER BY ${SECONDS('r.finished_at', 'r.started_at')})`, 'duration_p95')
      .addSelect(`percentile_cont(0.5) WITHIN GROUP (ORDER BY ${SECONDS('r.finished_at', 'r.revision_committed_at')}) FILTER (WHERE ${NEW_REVISION_DEPLOYED})`, 'lead_median')
      .addSelect(`count(r.revision_committed_at) FILTER (WHERE ${NEW_REVISION_DEPLOYED})::int`, 'lead_count')
      .addSelect(`avg(${SECONDS('r.finished_at', 'r.failing_since')}) FILTER (WHERE r.phase = 'Succeeded')`, 'restore_mean')
      .addSelect(`count(r.failing_since) FILTER (WHERE r.phase = 'Succeeded')::int`, 'restore_count')
      .groupBy('key')
      .orderBy('key', 'ASC', 'NULLS LAST');
    for (const phase of PHASES) query.addSelect(`count(*) FILTER (WHERE r.phase = '${phase}')::int`, `phase_${phase}`);
    if (groupBy.kind === 'label') query.setParameter('groupLabel', groupBy.key);
    whereRunsMatch(query, filter);
    const rows = await query.getRawMany<AggregateRow>();
    return rows.map((row) => ({
      key: row.key,
      phases: Object.fromEntries(PHASES.map((phase) => [phase, row[`phase_${phase}`]])) as Record<SyncPhase, number>,
      deployments: row.deployments,
      durationSeconds: { median: row.duration_median, p95: row.duration_p95 },
      leadTimeSeconds: { median: row.lead_median, count: row.lead_count },
      restoreSeconds: { mean: row.restore_mean, count: row.restore_count },
    }));
  }
}

/**
 * The filter, the page and the order of a query over `applied` rows. The CTEs are inlined, so conditions on
 * application and cluster narrow the walk over synced_applications, and its primary key gives the order: the
 * probes stop once the page is full.
 */
function inSubjectOrder(query: SelectQueryBuilder<ObjectLiteral>, filter: RunFilter, count: number, after: SubjectKey | undefined): SelectQueryBuilder<ObjectLiteral> {
  whereRunsMatch(query, filter);
  if (after) query.andWhere('(r.application, r.cluster) > (:afterApplication, :afterCluster)', { afterApplication: after.application, afterCluster: after.cluster });
  return query.orderBy('r.application', 'ASC').addOrderBy('r.cluster', 'ASC').limit(count);
}

function groupKey(groupBy: GroupBy): string {
  switch (groupBy.kind) {
    case 'cluster':
      return 'r.cluster';
    case 'application':
      return 'r.application';
    case 'applicationSet':
      return 'r.application_set';
    case 'project':
      return 'r.project';
    case 'label':
      return 'r.cluster_labels ->> :groupLabel';
    case 'none':
      return 'NULL::text';
  }
}

interface AppliedRow {
  application: string;
  cluster: string;
  application_set: string | null;
  project: string;
  repository: string;
  path: string;
  revision: string | null;
  revision_committed_at: Date | null;
  finished_at: Date;
  id: string;
  trigger: SyncTrigger;
  triggered_by: string | null;
  rollout: string | null;
  cluster_labels: Record<string, string>;
}

interface BeforeRow {
  before_revision: string | null;
  before_applied_at: Date;
  before_run: string | null;
}

type AggregateRow = { key: string | null; deployments: number; lead_count: number; restore_count: number } & Record<`phase_${SyncPhase}`, number> &
  Record<'duration_median' | 'duration_p95' | 'lead_median' | 'restore_mean', number | null>;

function toAppliedRevision(row: AppliedRow): AppliedRevision {
  return {
    application: row.application,
    cluster: row.cluster,
    applicationSet: row.application_set,
    project: row.project,
    repository: row.repository,
    path: row.path,
    revision: row.revision,
    revisionCommittedAt: row.revision_committed_at,
    appliedAt: row.finished_at,
    syncRun: row.id,
    trigger: row.trigger,
    triggeredBy: row.triggered_by,
    rollout: row.rollout,
    clusterLabels: row.cluster_labels,
  };
}
