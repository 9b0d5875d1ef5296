import { Injectable } from '@nestjs/common';
import type { ResourceResult, SyncPhase, SyncRunEntity } from '../database/entities/sync-run.entity';
import { GitMirrors } from '../git';
import { type LastOutcome, type NewSyncRun, type StartedRun, SyncRunRepository } from '../repositories/sync-run.repository';

/** What the caller knows of a run when it starts; the recorder adds what history derives from Git and earlier runs. */
export type StartingRun = Omit<NewSyncRun, 'revisionCommittedAt' | 'previousRevision' | 'failingSince'>;

type Lineage = Pick<SyncRunEntity, 'previousRevision' | 'failingSince'>;

const CHANGING_ACTIONS: readonly ResourceResult['action'][] = ['created', 'configured', 'pruned'];

/**
 * Writes sync runs with the facts the fleet-wide history queries need, fixed when they are true: the cluster's
 * labels (passed in), the commit's time (lead time), what the application ran before (what a deployment replaced,
 * and whether it brought a new revision) and since when it had been failing (time to restore). Deriving the
 * last two at query time would need a window over every run before the queried period. The application on the
 * cluster joins synced_applications, which the state queries walk.
 */
@Injectable()
export class SyncRunRecorder {
  constructor(
    private readonly runs: SyncRunRepository,
    private readonly mirrors: GitMirrors,
  ) {}

  /**
   * Written before anything is applied, so a crash mid-sync still leaves a trace; undefined, with nothing written,
   * when this replica no longer holds the shard `lease` (the fence: it must not write to the cluster).
   */
  async start(run: StartingRun, lease: { shard: number; epoch: string; holder: string }): Promise<SyncRunEntity | undefined> {
    const committedAt = run.revision ? await this.mirrors.commitTime(run.repository, run.revision) : undefined;
    return this.runs.startUnderLease({ ...run, revisionCommittedAt: committedAt ?? null }, lease);
  }

  async finish(run: StartedRun, phase: Exclude<SyncPhase, 'Running'>, message: string | null, resources: ResourceResult[], at: Date): Promise<void> {
    await this.runs.finish(run, phase, message, resources, changedTheCluster(resources), at);
  }
}

/**
 * A new run's lineage from the last finished run of the same application on the same cluster: the revision that
 * was running (carried through failures), and the start of an ongoing failure streak. The statement that starts a
 * run applies this rule in SQL (`SyncRunRepository.startUnderLease`); an integration test holds both to one table.
 */
export function lineageAfter(last: LastOutcome | null): Lineage {
  if (!last) return { previousRevision: null, failingSince: null };
  if (last.phase === 'Succeeded') return { previousRevision: last.revision, failingSince: null };
  // The last outcome is Failed or Error: the streak began with it, or earlier.
  return { previousRevision: last.previousRevision, failingSince: last.failingSince ?? last.startedAt };
}

export function changedTheCluster(resources: readonly ResourceResult[]): boolean {
  return resources.some((resource) => CHANGING_ACTIONS.includes(resource.action));
}
