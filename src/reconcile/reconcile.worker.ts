import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { ApplicationEntity } from '../database/entities/application.entity';
import { ApplicationRepository } from '../repositories/application.repository';
import { Clock } from '../clock/clock';
import { OutageMonitor } from '../common/errors/outages';
import { runBounded } from '../common/run-bounded';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { SyncRunRepository } from '../repositories/sync-run.repository';
import { PeriodicJobs } from '../scheduling/periodic-jobs';
import { ShardOwnershipService } from '../sharding/shard-ownership.service';
import { ApplicationRuns } from './application-runs';
import { ApplicationSyncService } from './application-sync.service';
import { deletionDue } from './deletion-retry';
import { MarkedDeletions } from './marked-deletions';
import { appInfoOf } from './application-status';
import { MetricsService } from '../metrics/metrics.service';
import { type AppInfoRecorder, type ReconcileRecorder, secondsSince } from '../metrics/recorders';
import { applicationSources } from '../domain/application';
import { applicationsConcerned, parseRepoUrl, type PushedChanges } from '../git';
import { ReconcileTriggers } from './reconcile.triggers';
import { ReconcileConfig } from './reconcile-config';

export interface PassSummary {
  /** Reconciled by this pass; those another run reconciled meanwhile are counted in `skipped`. */
  applications: number;
  skipped: number;
  clusters: number;
  synced: number;
  statusWrites: number;
  failures: number;
}

/**
 * Reconciles the applications of the clusters in the shards this replica holds. Clusters run side by side
 * (bounded); one cluster's applications run one after another, so a slow or dead cluster holds only its slot.
 */
@Injectable()
export class ReconcileWorker implements OnApplicationBootstrap {
  private readonly logger = new Logger('Reconcile');
  private running?: Promise<PassSummary>;

  constructor(
    private readonly applications: ApplicationRepository,
    private readonly ownership: ShardOwnershipService,
    private readonly sync: ApplicationSyncService,
    private readonly deletions: MarkedDeletions,
    private readonly runs: ApplicationRuns,
    private readonly triggers: ReconcileTriggers,
    private readonly history: SyncRunRepository,
    private readonly jobs: PeriodicJobs,
    private readonly reconcileConfig: ReconcileConfig,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(OutageMonitor) private readonly outages: OutageMonitor,
    @Inject(MetricsService) private readonly metrics: ReconcileRecorder & AppInfoRecorder,
  ) {}

  onApplicationBootstrap(): void {
    // A run left Running under an older epoch belonged to a replica that is gone.
    this.ownership.onAcquired(async (acquired) => {
      for (const lease of acquired) {
        const interrupted = await this.history.markInterrupted(lease.shard, lease.epoch, this.clock.now());
        if (interrupted > 0) this.logger.warn(`Marked ${interrupted} sync run(s) of shard ${lease.shard} Interrupted`);
      }
    });
    this.jobs.start({ name: 'reconcile', intervalMs: this.config.reconcile.intervalSeconds * 1000, jitter: 0.1, run: () => this.runPass().then(() => undefined) });
  }

  /** One pass; a pass already under way is joined rather than doubled. */
  runPass(): Promise<PassSummary> {
    this.running ??= this.timedPass().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /**
   * After a push: queues this replica's applications that read one of `repositories` (normalized URLs, whose cached
   * revisions the caller dropped) at the pushed revision, and answers how many. Those the commit was for go first, and
   * the rest only once each of those has been reconciled (`applicationsConcerned`, `ReconcileTriggers.enqueueInTurns`):
   * the rest rarely change, and reconciled meanwhile they took CPU from the last of the changed ones. Queued, not a
   * pass: a pass under way, or one of them being reconciled now, started before the push and may have read the old
   * commit; the queue runs such an application once more after its current run, and a pass would skip it (or be
   * joined) instead.
   */
  async refreshReading(repositories: readonly string[], push: PushedChanges = {}): Promise<number> {
    const wanted = new Set(repositories);
    const readsRepository = (url: string) => {
      try {
        return wanted.has(parseRepoUrl(url, true).normalized);
      } catch {
        return false;
      }
    };
    // One being deleted is never synced again; its deletion keeps its own backoff.
    const readers = (await this.rowsOf(this.heldShards()))
      .filter((row) => !row.deletionRequestedAt)
      .map((row) => ({ name: row.name, sources: applicationSources(row.manifest.spec), annotations: row.manifest.metadata?.annotations }));
    const { first, then } = applicationsConcerned(readers, readsRepository, push);
    this.triggers.enqueueInTurns(first, then);
    return first.length + then.length;
  }

  private heldShards(): Set<number> {
    return new Set(this.ownership.heldShards().map((lease) => lease.shard));
  }

  /** The applications of the clusters in `held`. */
  private async rowsOf(held: ReadonlySet<number>): Promise<ApplicationEntity[]> {
    if (held.size === 0) return [];
    // Only the applications of this replica's clusters are loaded: a replica never reads the whole fleet's manifests.
    const mine = (await this.applications.listDestinationClusters()).filter((cluster) => held.has(this.ownership.shardOfCluster(cluster)));
    return this.applications.listForClusters(mine);
  }

  private async timedPass(): Promise<PassSummary> {
    const started = process.hrtime.bigint();
    try {
      return await this.pass();
    } finally {
      this.metrics.passFinished(secondsSince(started));
    }
  }

  private async pass(): Promise<PassSummary> {
    const held = this.heldShards();
    if (held.size === 0) {
      // Applications of shards handed over are reported by their new holder now.
      this.metrics.replaceApplications([]);
      return { applications: 0, skipped: 0, clusters: 0, synced: 0, statusWrites: 0, failures: 0 };
    }
    const releaseLooks = this.triggers.holdLooksForPass();
    try {
      return await this.runs.pass((readAt) => this.reconcileHeld(held, readAt));
    } finally {
      releaseLooks();
    }
  }

  /** The pass over the applications of `held`, read after `readAt` (see ApplicationRuns.pass). */
  private async reconcileHeld(held: ReadonlySet<number>, readAt: number): Promise<PassSummary> {
    const summary: PassSummary = { applications: 0, skipped: 0, clusters: 0, synced: 0, statusWrites: 0, failures: 0 };
    const byCluster = new Map<string, ApplicationEntity[]>();
    const rows = await this.rowsOf(held);
    // The rows read anyway are this replica's share of flotilla_app_info; status writes keep it current until the next pass.
    this.metrics.replaceApplications(rows.map((row) => appInfoOf(row, row.status)));
    for (const row of rows) {
      const rows = byCluster.get(row.cluster) ?? [];
      rows.push(row);
      byCluster.set(row.cluster, rows);
    }
    const inputs = await this.sync.passInputs(rows);
    summary.clusters = byCluster.size;
    await runBounded([...byCluster.entries()], this.config.reconcile.clusterConcurrency, async ([cluster, rows]) => {
      // The destination's row as it stands when its turn comes, not when the pass began: a pass over a large fleet
      // takes a while, and rotated credentials or a deleted cluster must not wait for the next one.
      const clusterInputs = { ...inputs, clusterNamed: (await this.reconcileConfig.current()).clusterNamed };
      for (const row of rows) {
        const lease = this.ownership.leaseFor(cluster);
        if (!lease) return;
        // One the change queue or a manual request was reconciling, or has reconciled, since the rows were read is done.
        const ran = await this.runs.runUnlessRanSince(row.name, readAt, async () => {
          summary.applications++;
          try {
            // Marked for deletion: never synced again; its deletion is tried until it succeeds, with a backoff.
            if (row.deletionRequestedAt) {
              if (deletionDue(row.status, this.clock.now()) && (await this.deletions.finish(row, lease)).kind === 'failed') summary.failures++;
              return true;
            }
            const result = await this.sync.reconcile(row, lease, clusterInputs);
            if (result.synced) summary.synced++;
            if (result.written) summary.statusWrites++;
          } catch (error) {
            summary.failures++;
            if (!this.outages.recordIfOutage(error)) this.logger.error({ err: error, application: row.name }, 'Reconcile failed');
          }
          return true;
        });
        if (!ran) summary.skipped++;
      }
    });
    return summary;
  }
}
