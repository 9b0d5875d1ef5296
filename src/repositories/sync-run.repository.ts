import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { type ResourceResult, type SyncPhase, SyncRunEntity } from '../database/entities/sync-run.entity';
import { withMonthPartition } from '../database/monthly-partitions';
import { StateChangeObservers } from './state-changes';

interface FinishedRow {
  id: string;
  application: string;
  application_set: string | null;
  project: string;
  cluster: string;
  repository: string;
  revision: string | null;
  trigger: string;
  rollout: string | null;
  started_at: Date | string;
}

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

  /** Ends a Running run; observers record the outcome in the same transaction (a run finishes once, so they hear it once). */
  async finish(id: string, phase: Exclude<SyncPhase, 'Running'>, message: string | null, resources: ResourceResult[], changed: boolean, at: Date): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const rows: FinishedRow[] = await manager.query(
        `WITH finished AS (UPDATE sync_runs SET phase = $2, message = $3, resources = $4::jsonb, changed = $5, finished_at = $6
         WHERE id = $1 AND phase = 'Running'
         RETURNING id, application, application_set, project, cluster, repository, revision, trigger, rollout, started_at)
         SELECT * FROM finished`,
        [id, phase, message, JSON.stringify(resources), changed, at],
      );
      for (const row of rows) {
        const run = { id: row.id, application: row.application, applicationSet: row.application_set, project: row.project, cluster: row.cluster, repository: row.repository, revision: row.revision, trigger: row.trigger, rollout: row.rollout, startedAt: new Date(row.started_at), phase, message, finishedAt: at };
        await this.observers.observe(manager, { kind: 'sync-run-finished', run });
      }
    });
  }

  /** The project of the application's newest run: whose history it is once the application itself is gone. */
  async lastProjectOf(application: string): Promise<string | null> {
    const run = await this.runs.createQueryBuilder('r').select(['r.project']).where('r.application = :application', { application }).orderBy('r.started_at', 'DESC').limit(1).getOne();
    return run?.project ?? null;
  }

  /** The newest run of the application on the cluster that ended Succeeded, Failed or Error (interrupted runs say nothing). */
  lastOutcome(application: string, cluster: string): Promise<LastOutcome | null> {
    return this.runs
      .createQueryBuilder('r')
      .select(['r.phase', 'r.revision', 'r.previousRevision', 'r.failingSince', 'r.startedAt'])
      .where('r.application = :application AND r.cluster = :cluster', { application, cluster })
      .andWhere('r.phase IN (:...phases)', { phases: ['Succeeded', 'Failed', 'Error'] })
      .orderBy('r.started_at', 'DESC')
      .limit(1)
      .getOne();
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
