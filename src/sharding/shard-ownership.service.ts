import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { HubIdentity } from '../scheduling/hub-identity';
import { PeriodicJobs } from '../scheduling/periodic-jobs';
import { shardOf } from './jump-hash';
import { type HeldShard, ShardLeaseRepository } from '../repositories/shard-lease.repository';
import { MetricsService } from '../metrics/metrics.service';

/**
 * This replica's share of the shards. Each pass: heartbeat, renew what it holds, hand back what exceeds a fair
 * share (the shard count over live replicas), and claim free or expired shards up to that share.
 */
@Injectable()
export class ShardOwnershipService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Shards');
  private held = new Map<number, string>();
  // Passes run one at a time, so shutdown can wait for the one in flight before it hands the shards back.
  private lastPass: Promise<unknown> = Promise.resolve();
  private stopping = false;
  private readonly acquiredListeners: ((acquired: HeldShard[]) => Promise<void>)[] = [];

  constructor(
    private readonly leases: ShardLeaseRepository,
    private readonly identity: HubIdentity,
    private readonly jobs: PeriodicJobs,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    metrics: MetricsService,
  ) {
    // Read when scraped: the held map is this replica's truth about its leases.
    metrics.readShardsFrom({ heldShardCount: () => this.held.size });
  }

  get shardCount(): number {
    return this.config.sharding.shardCount;
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.leases.ensureShards(this.shardCount);
    await this.rebalance();
    const leaseMs = this.config.sharding.leaseSeconds * 1000;
    this.jobs.start({ name: 'shard-leases', intervalMs: Math.round(leaseMs / 3), jitter: 0.1, run: () => this.rebalance().then(() => undefined) });
  }

  /**
   * Hands the shards back at once, so another replica need not wait for the leases to expire. It runs before the
   * shutdown hooks, because one of those closes the database connection (the order among them is not ours).
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await this.lastPass.catch(() => undefined);
    await this.leases.release(this.identity.id, [...this.held.keys()]).catch(() => undefined);
    await this.leases.forgetReplica(this.identity.id).catch(() => undefined);
    this.held.clear();
  }

  /** One pass of the lease protocol; returns the shards held afterwards. */
  rebalance(): Promise<HeldShard[]> {
    const pass = this.lastPass.catch(() => undefined).then(() => (this.stopping ? this.heldShards() : this.runPass()));
    this.lastPass = pass;
    return pass;
  }

  private async runPass(): Promise<HeldShard[]> {
    const leaseMs = this.config.sharding.leaseSeconds * 1000;
    const me = this.identity.id;
    await this.leases.heartbeat(me);
    const renewed = await this.leases.renew(me, this.heldShards(), leaseMs);
    const lost = this.heldShards().filter((h) => !renewed.some((r) => r.shard === h.shard));
    if (lost.length > 0) this.logger.warn(`Lost shard lease(s) ${lost.map((h) => h.shard).join(', ')}`);
    this.held = new Map(renewed.map((h) => [h.shard, h.epoch]));
    const fairShare = Math.ceil(this.shardCount / (await this.leases.liveReplicas(leaseMs)));
    if (this.held.size > fairShare) {
      const excess = [...this.held.keys()].sort((a, b) => b - a).slice(0, this.held.size - fairShare);
      await this.leases.release(me, excess);
      for (const shard of excess) this.held.delete(shard);
    }
    const claimed = await this.leases.claim(me, fairShare - this.held.size, leaseMs, this.shardCount);
    for (const h of claimed) this.held.set(h.shard, h.epoch);
    if (claimed.length > 0) {
      this.logger.log(`Took shard(s) ${claimed.map((h) => `${h.shard}@${h.epoch}`).join(', ')}`);
      for (const listener of this.acquiredListeners) await listener(claimed);
    }
    return this.heldShards();
  }

  /** Called with the shards this replica has just taken (e.g. to close the runs their previous owner left open). */
  onAcquired(listener: (acquired: HeldShard[]) => Promise<void>): void {
    this.acquiredListeners.push(listener);
    // The first pass runs in this service's own bootstrap, which Nest may finish before the listener's module
    // registers: a hub restarted after a kill -9 took its shards then, and the runs the dead process left Running
    // stayed Running for ever. The listener gets the shards already held too (after any pass under way).
    const held = this.heldShards();
    if (held.length === 0) return;
    this.lastPass = this.lastPass
      .catch(() => undefined)
      .then(() => listener(held))
      .catch((error: unknown) => this.logger.error(`A shard acquisition listener failed: ${error instanceof Error ? error.message : String(error)}`));
  }

  /** The epochs of the shards held now, by shard: a copy, for comparing with a lease held later. */
  heldEpochs(): ReadonlyMap<number, string> {
    return new Map(this.held);
  }

  heldShards(): HeldShard[] {
    return [...this.held.entries()].map(([shard, epoch]) => ({ shard, epoch })).sort((a, b) => a.shard - b.shard);
  }

  shardOfCluster(clusterName: string): number {
    return shardOf(clusterName, this.shardCount);
  }

  /** The lease under which this replica may reconcile a cluster now, if it holds that cluster's shard. */
  leaseFor(clusterName: string): HeldShard | undefined {
    const shard = this.shardOfCluster(clusterName);
    const epoch = this.held.get(shard);
    return epoch === undefined ? undefined : { shard, epoch };
  }

  /** The fence: true only while the lease is still this replica's at that epoch in the database. */
  isCurrent(lease: HeldShard): Promise<boolean> {
    return this.leases.isCurrent(lease.shard, lease.epoch, this.identity.id);
  }
}
