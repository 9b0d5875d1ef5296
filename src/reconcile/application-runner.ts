import { Injectable } from '@nestjs/common';
import { BatchedLookups } from '../common/batched-lookups';
import { ApplicationRepository } from '../repositories/application.repository';
import { ShardOwnershipService } from '../sharding/shard-ownership.service';
import { ApplicationRuns } from './application-runs';
import type { ApplicationEntity } from '../database/entities/application.entity';
import type { ReconcileRead } from '../repositories/application.repository';
import type { HeldShard } from '../repositories/shard-lease.repository';
import type { SyncResult } from '../sync';
import { ApplicationSyncService, type ManualSync, type ReconcileResult } from './application-sync.service';
import { ApplicationTeardown } from './application-teardown';
import { type DeletionAttempt, MarkedDeletions } from './marked-deletions';
import { RevisionPoller } from './revision-poller';

export interface RunRequest {
  manual?: ManualSync;
  /** Ask Git for the branch or tag again instead of trusting the poll cache (refresh and manual sync). */
  resolveRevisionNow?: boolean;
  /** Render the source again instead of using its cached render. */
  hard?: boolean;
}

export type RunOutcome =
  | { kind: 'reconciled'; result: ReconcileResult }
  | { kind: 'missing' }
  /**
   * Marked for deletion: never synced again. A manual sync is refused; anything else tries the deletion now
   * (`attempt`), whatever its backoff.
   */
  | { kind: 'being-deleted'; attempt?: DeletionAttempt }
  /** The destination cluster's shard is held by another replica (or by none): that one reconciles it. */
  | { kind: 'not-owned'; cluster: string; shard: number };

export type DeleteOutcome =
  /** Deleted; `resources` lists what a cascading deletion did to each cluster object. */
  | { kind: 'deleted'; cascaded: boolean; resources: SyncResult['resources'] }
  | { kind: 'missing' }
  /** `mayDelete` refused the row as it was read inside the run (it changed hands meanwhile): its reason. */
  | { kind: 'refused'; reason: string }
  | { kind: 'not-owned'; cluster: string; shard: number }
  /** The cascading deletion failed: the application stays, with its remaining resources. */
  | { kind: 'failed'; message: string; resources: SyncResult['resources'] };

/** Reconciles one application now, outside the periodic pass: for the change queue and manual requests. */
@Injectable()
export class ApplicationRunner {
  constructor(
    private readonly applications: ApplicationRepository,
    private readonly ownership: ShardOwnershipService,
    private readonly runs: ApplicationRuns,
    private readonly revisions: RevisionPoller,
    private readonly sync: ApplicationSyncService,
    private readonly teardown: ApplicationTeardown,
    private readonly deletions: MarkedDeletions,
  ) {}

  /**
   * Rows read for reconciles, a batch per statement: the reconciles a change or a push starts arrive together. Each
   * still reads after it asked (BatchedLookups), so it sees what the run before it wrote; the config generation, the
   * destination's cluster row and whether it owns hub objects come in the same statement, so the reconcile needs no
   * look at them of its own. The leases held before the statement go with it: see `ownsNoHubObjects`.
   */
  private readonly rows = new BatchedLookups<string, { read: ReconcileRead; configGeneration?: string; heldBefore: ReadonlyMap<number, string> } | null>(async (names) => {
    const heldBefore = this.ownership.heldEpochs();
    const { rows, configGeneration } = await this.applications.findForReconcile(names);
    return new Map(rows.map((read) => [read.row.name, { read, configGeneration, heldBefore }]));
  }, null);

  async reconcileNow(name: string, request: RunRequest = {}): Promise<RunOutcome> {
    // Marked before any wait, so the answer from Git is never older than the request.
    const revisionsFreshSince = request.resolveRevisionNow ? this.revisions.mark() : undefined;
    return this.runs.run(name, async (): Promise<RunOutcome> => {
      // Read inside the run: a run that had to wait must see what the one before it wrote.
      const found = await this.rows.get(name);
      if (!found) return { kind: 'missing' };
      const { read, configGeneration, heldBefore } = found;
      const { row } = read;
      if (row.deletionRequestedAt && request.manual) return { kind: 'being-deleted' };
      const lease = this.ownership.leaseFor(row.cluster);
      if (!lease) return { kind: 'not-owned', cluster: row.cluster, shard: this.ownership.shardOfCluster(row.cluster) };
      if (row.deletionRequestedAt) return { kind: 'being-deleted', attempt: await this.deletions.finish(row, lease) };
      const inputs = await this.sync.passInputs([row], configGeneration);
      const readWithRow = { destination: read.destination, ownsNoHubObjects: ownsNoHubObjects(read, heldBefore, lease) };
      return { kind: 'reconciled', result: await this.sync.reconcile(row, lease, inputs, { manual: request.manual, hard: request.hard, revisionsFreshSince, readWithRow }) };
    });
  }

  /**
   * Deletes an application no set owns, as one run (no reconcile of it runs meanwhile, so nothing re-applies what is being
   * deleted). With `cascade` (the resources finalizer) its cluster objects go first, on the replica that holds the
   * destination's shard; without, they stay in the cluster, untracked. `mayDelete` is asked again about the row
   * read inside the run, so a row that changed hands since the caller looked is not deleted.
   */
  async deleteNow(name: string, cascade: (row: ApplicationEntity) => boolean, mayDelete: (row: ApplicationEntity) => string | undefined): Promise<DeleteOutcome> {
    return this.runs.run(name, async (): Promise<DeleteOutcome> => {
      const row = await this.applications.findByName(name);
      if (!row) return { kind: 'missing' };
      const refusal = mayDelete(row);
      if (refusal !== undefined) return { kind: 'refused', reason: refusal };
      let resources: SyncResult['resources'] = [];
      const cascaded = cascade(row);
      if (cascaded) {
        const lease = this.ownership.leaseFor(row.cluster);
        if (!lease) return { kind: 'not-owned', cluster: row.cluster, shard: this.ownership.shardOfCluster(row.cluster) };
        const teardown = await this.teardown.deleteResources(row, lease);
        if (!teardown.ok) return { kind: 'failed', message: teardown.message, resources: [] };
        if (teardown.result.phase !== 'Succeeded') return { kind: 'failed', message: teardown.result.message, resources: teardown.result.resources };
        resources = teardown.result.resources;
      }
      // A set may have adopted an orphan while its objects were being deleted: then the set's application stays.
      if (!(await this.applications.deleteUnowned(name))) {
        const now = await this.applications.findByName(name);
        return now ? { kind: 'refused', reason: mayDelete(now) ?? `application "${name}" changed meanwhile; retry` } : { kind: 'missing' };
      }
      return { kind: 'deleted', cascaded, resources };
    });
  }
}

/**
 * The row said the application owns no hub object, and that still holds: only a sync of the application adopts, run by
 * the replica holding its destination's shard, so nothing can have given it one since the read if this replica held
 * that shard, at the epoch it runs under, from before the read on. A lease taken after the read counts for nothing: the
 * previous holder's sync may have adopted in between.
 */
export function ownsNoHubObjects(read: ReconcileRead, heldBefore: ReadonlyMap<number, string>, lease: HeldShard): boolean {
  return !read.ownsHubObjects && heldBefore.get(lease.shard) === lease.epoch;
}
