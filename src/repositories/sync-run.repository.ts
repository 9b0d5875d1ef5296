import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { type ResourceResult, type SyncPhase, SyncRunEntity } from '../database/entities/sync-run.entity';
import { withMonthPartitions } from '../database/monthly-partitions';
import { isDatabaseUnavailable } from '../database/database-unavailable';
import { BatchedWrites } from '../common/batched-writes';
import type { FencingLease } from './shard-lease.repository';
import { type ChangeWithCompanions, withCompanions, type StateChange, StateChangeObservers } from './state-changes';
import { inLockOrder, lockOrderedRounds } from './lock-order';

/** What a run's end needs of the run as it started. */
export type StartedRun = Pick<SyncRunEntity, 'id' | 'application' | 'applicationSet' | 'project' | 'cluster' | 'repository' | 'revision' | 'trigger' | 'rollout' | 'startedAt'>;

/** `sources` only for an application with multiple sources. */
export type NewSyncRun = Omit<SyncRunEntity, 'id' | 'phase' | 'message' | 'resources' | 'finishedAt' | 'changed' | 'sources'> & Partial<Pick<SyncRunEntity, 'sources'>>;

/** The last finished run of an application on a cluster, as far as a new run's lineage needs it. */
export type LastOutcome = Pick<SyncRunEntity, 'phase' | 'revision' | 'previousRevision' | 'failingSince' | 'startedAt'>;

// Runs per batched start: a run is well under 1 kB of JSON.
const RUNS_PER_STATEMENT = 100;
// Run ends per batched statement: each is two CTEs of some 15 parameters (the end and its event).
const ENDS_PER_STATEMENT = 50;

/** A run as `startUnderLease` batches it. */
interface RunStart {
  id: string;
  run: Omit<NewSyncRun, 'previousRevision' | 'failingSince' | 'sources'> & Pick<SyncRunEntity, 'sources'>;
  lease: FencingLease;
}

type Lineage = Pick<SyncRunEntity, 'previousRevision' | 'failingSince'>;

/** A run's end as `finish` batches it: the end's statement and what observers add to it. */
interface RunEnd extends ChangeWithCompanions {
  id: string;
}

@Injectable()
export class SyncRunRepository {
  constructor(
    @InjectRepository(SyncRunEntity) private readonly runs: Repository<SyncRunEntity>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly observers: StateChangeObservers,
  ) {}

  // The runs a pass starts and ends arrive together, one per application synced: they go a batch per statement.
  private readonly starts = new BatchedWrites<RunStart, Lineage | undefined>((starts) => this.startMany(starts), {
    maxBatch: RUNS_PER_STATEMENT,
    retryAlone: (error) => !isDatabaseUnavailable(error),
  });
  private readonly ends = new BatchedWrites<RunEnd, void>((ends) => this.finishMany(ends), {
    maxBatch: ENDS_PER_STATEMENT,
    retryAlone: (error) => !isDatabaseUnavailable(error),
  });

  /**
   * Ends a run if it is still Running (a run ends once), with what observers record of the end (the outbox event) in
   * the same statement when they can say it up front, else in the same transaction: both commit, or neither. The ends a
   * pass makes together, with their events, are written a batch per statement (`finishMany`).
   */
  async finish(run: StartedRun, phase: Exclude<SyncPhase, 'Running'>, message: string | null, resources: ResourceResult[], changed: boolean, at: Date): Promise<void> {
    const end = {
      // started_at names the run's monthly partition: the only one searched.
      sql: `UPDATE sync_runs SET phase = $2, message = $3, resources = $4::jsonb, changed = $5, finished_at = $6 WHERE id = $1 AND started_at = $7 AND phase = 'Running' RETURNING id`,
      parameters: [run.id, phase, message, JSON.stringify(resources), changed, at, run.startedAt],
    };
    // A run's facts are written when it starts and never change: the observers hear them as the caller has them.
    const finished: StateChange = { kind: 'sync-run-finished', run: { ...factsOf(run), phase, message, finishedAt: at } };
    const companions = this.observers.companionsOf(finished);
    if (companions) {
      await this.ends.write({ id: run.id, change: end, companions });
      return;
    }
    await this.dataSource.transaction(async (manager) => {
      const rows: unknown[] = await manager.query(`WITH changed AS (${end.sql}) SELECT id FROM changed`, end.parameters);
      if (rows.length > 0) await this.observers.observe(manager, finished);
    });
  }

  /**
   * Run ends in one statement, each with its companions. In the order of the runs' ids, so two batches lock their rows
   * alike; a run ended twice is ended in order, its later end in a statement of its own (where it changes nothing).
   */
  private async finishMany(ends: RunEnd[]): Promise<void[]> {
    for (const round of lockOrderedRounds(ends, (end) => end.id)) {
      const { sql, parameters } = withCompanions(round, (changed) => `SELECT id FROM ${changed}`);
      await this.dataSource.query(sql, parameters);
    }
    return ends.map(() => undefined);
  }

  /** The project of the application's newest run: whose history it is once the application itself is gone. */
  async lastProjectOf(application: string): Promise<string | null> {
    const run = await this.runs.createQueryBuilder('r').select(['r.project']).where('r.application = :application', { application }).orderBy('r.started_at', 'DESC').limit(1).getOne();
    return run?.project ?? null;
  }

  /**
   * Starts a run under a shard lease, written before anything is applied so that a crash mid-sync still leaves a
   * trace. Nothing is written, and undefined comes back, unless the lease is still current: a replica that lost the
   * shard must not start writing to the cluster (the fence). The application on the cluster joins
   * synced_applications, which the state queries walk. The run's lineage comes from the newest run of the application
   * on the cluster that ended Succeeded, Failed or Error (interrupted runs say nothing), by the rule of `lineageAfter`
   * (reconcile/sync-run-recorder.ts) written in SQL; test/integration/sync-run-fence.spec.ts holds both to one table.
   * The runs a pass starts together are written a batch per statement (`startMany`).
   */
  async startUnderLease(run: Omit<NewSyncRun, 'previousRevision' | 'failingSince'>, lease: FencingLease): Promise<SyncRunEntity | undefined> {
    const id = randomUUID();
    const sources = run.sources ?? null;
    const lineage = await this.starts.write({ id, run: { ...run, sources }, lease });
    if (!lineage) return undefined;
    return this.runs.create({ ...run, id, sources, phase: 'Running', message: null, resources: [], changed: false, finishedAt: null, ...lineage });
  }

  /** Runs started in one statement, each under its own lease; answers, in their order, each one's lineage, or undefined where its lease was gone. */
  private async startMany(starts: RunStart[]): Promise<(Lineage | undefined)[]> {
    // In one order whoever writes: two batches take the locks of synced_applications' keys alike.
    // NUL sorts first and no name holds one: this is the order of (application, cluster).
    const sorted = inLockOrder(starts, (start) => `${start.run.application}\0${start.run.cluster}`);
    const given = sorted.map(({ id, run, lease }) => ({
      lease_shard: lease.shard, lease_epoch: lease.epoch, holder: lease.holder, id, application: run.application, application_set: run.applicationSet, cluster: run.cluster,
      project: run.project, repository: run.repository, path: run.path, revision: run.revision, sources: run.sources, trigger: run.trigger, triggered_by: run.triggeredBy,
      rollout: run.rollout, shard: run.shard, epoch: run.epoch, started_at: run.startedAt, cluster_labels: run.clusterLabels, revision_committed_at: run.revisionCommittedAt,
    }));
    const rows: { id: string; previous_revision: string | null; failing_since: Date | string | null }[] = await withMonthPartitions(this.dataSource, 'sync_runs', sorted.map((start) => start.run.startedAt), () =>
      this.dataSource.query(
        `WITH given AS (
           SELECT * FROM jsonb_to_recordset($1::jsonb) AS g(lease_shard integer, lease_epoch bigint, holder text, id uuid, application text, application_set text,
             cluster text, project text, repository text, path text, revision text, sources jsonb, trigger text, triggered_by text, rollout uuid, shard integer,
             epoch bigint, started_at timestamptz, cluster_labels jsonb, revision_committed_at timestamptz)),
         fenced AS (
           SELECT given.* FROM given WHERE EXISTS (
             SELECT 1 FROM shard_leases l WHERE l.shard = given.lease_shard AND l.epoch = given.lease_epoch AND l.holder = given.holder AND l.expires_at > now())),
         noted AS (
           INSERT INTO synced_applications (application, cluster) SELECT application, cluster FROM fenced ON CONFLICT DO NOTHING),
         started AS (
           INSERT INTO sync_runs (id, application, application_set, cluster, project, repository, path, revision, sources, trigger, triggered_by, rollout,
             shard, epoch, started_at, cluster_labels, revision_committed_at, phase, message, resources, changed, finished_at, previous_revision, failing_since)
           SELECT f.id, f.application, f.application_set, f.cluster, f.project, f.repository, f.path, f.revision, f.sources, f.trigger, f.triggered_by, f.rollout,
             f.shard, f.epoch, f.started_at, f.cluster_labels, f.revision_committed_at, 'Running', NULL, '[]'::jsonb, false, NULL,
             CASE WHEN last.phase = 'Succeeded' THEN last.revision ELSE last.previous_revision END,
             CASE WHEN last.phase IN ('Failed', 'Error') THEN COALESCE(last.failing_since, last.started_at) END
           FROM fenced f LEFT JOIN LATERAL (
             SELECT phase, revision, previous_revision, failing_since, started_at FROM sync_runs r
             WHERE r.application = f.application AND r.cluster = f.cluster AND r.phase IN ('Succeeded', 'Failed', 'Error')
             ORDER BY r.started_at DESC LIMIT 1) AS last ON true
           RETURNING id, previous_revision, failing_since)
         SELECT id::text AS id, previous_revision, failing_since FROM started`,
        [JSON.stringify(given)],
      ),
    );
    const lineages = new Map(rows.map((row) => [row.id, { previousRevision: row.previous_revision, failingSince: row.failing_since === null ? null : new Date(row.failing_since) }]));
    return starts.map((start) => lineages.get(start.id));
  }

  /** Runs left Running under an older epoch of a shard that was just taken over: their process is gone. */
  async markInterrupted(shard: number, newEpoch: string, at: Date): Promise<number> {
    const result = await this.runs
      .createQueryBuilder()
      .update()
      .set({ phase: 'Interrupted', finishedAt: at, message: 'The hub replica running this sync stopped before it finished; its shard was taken over' })
      .where('phase = :running AND shard = :shard AND epoch < :epoch', { running: 'Running', shard, epoch: newEpoch })
      .execute();
    return result.affected ?? 0;
  }
}

function factsOf(run: StartedRun): StartedRun {
  const { id, application, applicationSet, project, cluster, repository, revision, trigger, rollout, startedAt } = run;
  return { id, application, applicationSet, project, cluster, repository, revision, trigger, rollout, startedAt };
}
