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

  /** Written before anything is applied, so a crash mid-sync still leaves a trace. */
  async start(run: NewSyncRun): Promise<SyncRunEntity> {
    const entity = this.runs.create({ ...run, sources: run.sources ?? null, phase: 'Running', message: null, resources: [], changed: false, finishedAt: null });
    // One statement: TypeORM's save would wrap the single INSERT in a transaction of its own (two more round trips).
    return withMonthPartition(this.dataSource, 'sync_runs', run.startedAt, () => this.runs.save(entity, { transaction: false }));
  }

  /**
   * Ends a run if it is still Running (a run ends once), with what observers record of the end (the outbox event) in
   * the same statement when they can say it up front, else in the same transaction: both commit, or neither.
   */
  async finish(run: StartedRun, phase: Exclude<SyncPhase, 'Running'>, message: string | null, resources: ResourceResult[], changed: boolean, at: Date): Promise<void> {
    const end = {
      sql: `UPDATE sync_runs SET phase = $2, message = $3, resources = $4::jsonb, changed = $5, finished_at = $6 WHERE id = $1 AND phase = 'Running' RETURNING id`,
      parameters: [run.id, phase, message, JSON.stringify(resources), changed, at],
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
   * What a run needs before it starts, in one round trip: whether the shard lease it runs under is still current (a
   * replica that lost the shard must not start writing to the cluster), and if so the newest run of the application
   * on the cluster that ended Succeeded, Failed or Error (interrupted runs say nothing), with the pair noted in
   * synced_applications, which the state queries walk.
   */
  async beginUnderLease(application: string, cluster: string, lease: { shard: number; epoch: string; holder: string }): Promise<{ current: false } | { current: true; last: LastOutcome | null }> {
    const rows: { current: boolean; phase: SyncPhase | null; revision: string | null; previous_revision: string | null; failing_since: Date | null; started_at: Date | null }[] = await this.dataSource.query(
      `WITH fence AS (
         SELECT 1 FROM shard_leases WHERE shard = $3 AND epoch = $4 AND holder = $5 AND expires_at > now()),
       noted AS (
         INSERT INTO synced_applications (application, cluster) SELECT $1, $2 FROM fence ON CONFLICT DO NOTHING)
       SELECT EXISTS (SELECT 1 FROM fence) AS current, last.*
       FROM (SELECT 1) AS one LEFT JOIN LATERAL (
         SELECT phase, revision, previous_revision, failing_since, started_at FROM sync_runs
         WHERE application = $1 AND cluster = $2 AND phase IN ('Succeeded', 'Failed', 'Error')
         ORDER BY started_at DESC LIMIT 1) AS last ON true`,
      [application, cluster, lease.shard, lease.epoch, lease.holder],
    );
    const [row] = rows;
    if (!row.current) return { current: false };
    if (row.phase === null) return { current: true, last: null };
    return {
      current: true,
      last: { phase: row.phase, revision: row.revision, previousRevision: row.previous_revision, failingSince: row.failing_since && new Date(row.failing_since), startedAt: new Date(row.started_at!) },
    };
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
