import { Injectable } from '@nestjs/common';
import { ApplicationRepository } from '../repositories/application.repository';
import { ShardOwnershipService } from '../sharding/shard-ownership.service';
import { ApplicationRuns } from './application-runs';
import { ApplicationSyncService, type ManualSync, type ReconcileResult } from './application-sync.service';
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
  /** The destination cluster's shard is held by another replica (or by none): that one reconciles it. */
  | { kind: 'not-owned'; cluster: string; shard: number };

/** Reconciles one application now, outside the periodic pass: for the change queue and manual requests. */
@Injectable()
export class ApplicationRunner {
  constructor(
    private readonly applications: ApplicationRepository,
    private readonly ownership: ShardOwnershipService,
    private readonly runs: ApplicationRuns,
    private readonly revisions: RevisionPoller,
    private readonly sync: ApplicationSyncService,
  ) {}

  async reconcileNow(name: string, request: RunRequest = {}): Promise<RunOutcome> {
    // Marked before any wait, so the answer from Git is never older than the request.
    const revisionsFreshSince = request.resolveRevisionNow ? this.revisions.mark() : undefined;
    return this.runs.run(name, async (): Promise<RunOutcome> => {
      // Read inside the run: a run that had to wait must see what the one before it wrote.
      const row = await this.applications.findByName(name);
      if (!row) return { kind: 'missing' };
      const lease = this.ownership.leaseFor(row.cluster);
      if (!lease) return { kind: 'not-owned', cluster: row.cluster, shard: this.ownership.shardOfCluster(row.cluster) };
      const inputs = await this.sync.passInputs([row]);
      return { kind: 'reconciled', result: await this.sync.reconcile(row, lease, inputs, { manual: request.manual, hard: request.hard, revisionsFreshSince }) };
    });
  }
}
