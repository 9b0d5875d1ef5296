import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { type ResourceResult, type SyncPhase, SyncRunEntity } from '../database/entities/sync-run.entity';
import { withMonthPartition } from '../database/monthly-partitions';
import { type StateChange, StateChangeObservers, withCompanions } from './state-changes';

/** What a run's end needs of the run as it started. */
export type StartedRun = Pick<SyncRunEntity, 'id' | 'application' | 'applicationSet' | 'project' | 'cluster' | 'repository' | 'revision' | 'trigger' | 'rollout' | 'startedAt'>;

/** `sources` only for an application with multiple sources. */
export type NewSyncRun = Omit<SyncRunEntity, 'id' | 'phase' | 'message' | 'resources' | 'finishedAt' | 'changed' | 'sources'> & Partial<Pick<SyncRunEntity, 'sources'>>;

/** The last finished run of an application on a cluster, as far as a new run's lineage needs it. */
export type LastOutcome = Pick<SyncRunEntity, 'phase' | 'revision' | 'previousRevision' | 'failingSince' | 'startedAt'>;

@Injectable()
export class SyncRunRepository {
  constructor(
    @InjectRepository(SyncRunEntity) private readonly runs: Repository<SyncRunEntity>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly observers: StateChangeObservers,
  ) {}

  /**
   * Ends a run if it is still Running (a run ends once), with what observers record of the end (the outbox event) in
   * the same statement when they can say it up front, else in the same transaction: both commit, or neither.
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
      const { sql, parameters } = withCompanions(end, companions, 'SELECT id FROM changed');
      await this.dataSource.query(sql, parameters);
      return;
    }
    await this.dataSource.transaction(async (manager) => {
      const rows: unknown[] = await manager.query(`WITH changed AS (${end.sql}) SELECT id FROM changed`, end.parameters);
      if (rows.length > 0) await this.observers.observe(manager, finished);
    });
  }

  /** The project of the application's newest run: whose history it is once the application itself is gone. */
  async lastProjectOf(application: string): Promise<string | null> {
    const run = await this.runs.createQueryBuilder('r').select(['r.project']).where('r.application = :application', { application }).orderBy('r.started_at', 'DESC').limit(1).getOne();
    return run?.project ?? null;
  }

  /**
   * Starts a run under a shard lease, in one statement, written before anything is applied so that a crash mid-sync
   * still leaves a trace. Nothing is written, and undefined comes back, unless the lease is still current: a replica
   * that lost the shard must not start writing to the cluster (the fence). The application on the cluster joins
   * synced_applications, which the state queries walk. The run's lineage comes from the newest run of the application
   * on the cluster that ended Succeeded, Failed or Error (interrupted runs say nothing), by the rule of `lineageAfter`
   * (reconcile/sync-run-recorder.ts) written in SQL; test/integration/sync-run-fence.spec.ts holds both to one table.
   */
  async startUnderLease(run: Omit<NewSyncRun, 'previousRevision' | 'failingSince'>, lease: { shard: number; epoch: string; holder: string }): Promise<SyncRunEntity | undefined> {
    const id = randomUUID();
    const sources = run.sources ?? null;
    const parameters = [
      lease.shard, lease.epoch, lease.holder, id, run.application, run.applicationSet, run.cluster, run.project, run.repository, run.path, run.revision,
      sources === null ? null : JSON.stringify(sources), run.trigger, run.triggeredBy, run.rollout, run.shard, run.epoch, run.startedAt, JSON.stringify(run.clusterLabels), run.revisionCommittedAt,
    ];
    const rows: { previous_revision: string | null; failing_since: Date | string | null }[] = await withMonthPartition(this.dataSource, 'sync_runs', run.startedAt, () =>
      this.dataSource.query(
        `WITH fence AS (
           SELECT 1 FROM shard_leases WHERE shard = $1 AND epoch = $2 AND holder = $3 AND expires_at > now()),
         noted AS (
           INSERT INTO synced_applications (application, cluster) SELECT $5, $7 FROM fence ON CONFLICT DO NOTHING),
         last AS (
           SELECT phase, revision, previous_revision, failing_since, started_at FROM sync_runs
           WHERE application = $5 AND cluster = $7 AND phase IN ('Succeeded', 'Failed', 'Error')
           ORDER BY started_at DESC LIMIT 1),
         started AS (
           INSERT INTO sync_runs (id, application, application_set, cluster, project, repository, path, revision, sources, trigger, triggered_by, rollout,
             shard, epoch, started_at, cluster_labels, revision_committed_at, phase, message, resources, changed, finished_at, previous_revision, failing_since)
           SELECT $4::uuid, $5, $6, $7, $8, $9, $10, $11, $12::jsonb, $13, $14, $15::uuid, $16, $17::bigint, $18, $19::jsonb, $20, 'Running', NULL, '[]'::jsonb, false, NULL,
             CASE WHEN last.phase = 'Succeeded' THEN last.revision ELSE last.previous_revision END,
             CASE WHEN last.phase IN ('Failed', 'Error') THEN COALESCE(last.failing_since, last.started_at) END
           FROM fence LEFT JOIN last ON true
           RETURNING previous_revision, failing_since)
         SELECT previous_revision, failing_since FROM started`,
        parameters,
      ),
    );
    const [row] = rows;
    if (!row) return undefined;
    return this.runs.create({
      ...run,
      id,
      sources,
      phase: 'Running',
      message: null,
      resources: [],
      changed: false,
      finishedAt: null,
      previousRevision: row.previous_revision,
      failingSince: row.failing_since === null ? null : new Date(row.failing_since),
    });
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
