import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { type ResourceResult, type SyncPhase, SyncRunEntity } from '../database/entities/sync-run.entity';
import { withMonthPartition } from '../database/monthly-partitions';

export type NewSyncRun = Omit<SyncRunEntity, 'id' | 'phase' | 'message' | 'resources' | 'finishedAt' | 'changed'>;

/** The last finished run of an application on a cluster, as far as a new run's lineage needs it. */
export type LastOutcome = Pick<SyncRunEntity, 'phase' | 'revision' | 'previousRevision' | 'failingSince' | 'startedAt'>;

@Injectable()
export class SyncRunRepository {
  constructor(
    @InjectRepository(SyncRunEntity) private readonly runs: Repository<SyncRunEntity>,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** Written before anything is applied, so a crash mid-sync still leaves a trace. */
  async start(run: NewSyncRun): Promise<SyncRunEntity> {
    const entity = this.runs.create({ ...run, phase: 'Running', message: null, resources: [], changed: false, finishedAt: null });
    return withMonthPartition(this.dataSource, 'sync_runs', run.startedAt, () => this.runs.save(entity));
  }

  async finish(id: string, phase: Exclude<SyncPhase, 'Running'>, message: string | null, resources: ResourceResult[], changed: boolean, at: Date): Promise<void> {
    await this.runs.update({ id, phase: 'Running' }, { phase, message, resources, changed, finishedAt: at } as QueryDeepPartialEntity<SyncRunEntity>);
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
