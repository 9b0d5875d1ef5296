import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Subscription } from 'rxjs';
import { Clock, type Timer } from '../clock/clock';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { FleetEvents } from '../events/fleet-events';
import { ShardOwnershipService } from '../sharding/shard-ownership.service';
import { ReconcileTriggers } from './reconcile.triggers';

/** The first second look at a settling application; later ones double. */
const FIRST_LOOK_MS = 100;
/** The longest gap between looks at an application no rollout waits on (a rollout's own poll interval bounds its). */
const LONGEST_GAP_MS = 10_000;

interface Followed {
  /** When it was first seen settling. */
  since: number;
  /** When a reconcile last announced it. */
  announcedAt: number;
  /** The last gap used (the backoff). */
  delay: number;
  timer?: Timer;
  /** Followed for a whole reconcile interval: the periodic passes look at it from then on, until it settles. */
  handedToPasses?: boolean;
}

/**
 * Looks again, shortly, at an application whose workloads were still Progressing when it was reconciled — after a
 * sync, typically — backing off from 100 ms, so its turning Healthy (or Degraded) is seen within a fraction of a
 * second instead of at the next pass: `flotilla app sync --wait`, the dashboard, `app.deployed` notifications and a
 * fleet rollout's health gate all wait on that. Argo CD learns it from watches; the hub holds no watch per cluster,
 * and a look costs the same few reads a pass makes for the application.
 *
 * Only the replica holding the application's cluster looks (its own reconciles are the ones announced). One timer
 * per settling application, none once it settles; an application still Progressing after a whole reconcile interval
 * is left to the passes, so a stuck rollout of a thousand clusters does not keep the hub polling.
 */
@Injectable()
export class SettlingFollowUps implements OnApplicationBootstrap, OnApplicationShutdown {
  private subscription?: Subscription;
  private readonly followed = new Map<string, Followed>();
  private sweptAt = 0;

  constructor(
    private readonly events: FleetEvents,
    private readonly ownership: ShardOwnershipService,
    private readonly triggers: ReconcileTriggers,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.subscription = this.events.subscribe((change) => {
      if (change.kind === 'application-reconciled') this.reconciled(change.name, change.cluster, change.settling, change.rollout);
    });
  }

  onApplicationShutdown(): void {
    this.subscription?.unsubscribe();
    for (const entry of this.followed.values()) entry.timer?.cancel();
    this.followed.clear();
  }

  /** Applications with a look scheduled. */
  pending(): number {
    return [...this.followed.values()].filter((entry) => entry.timer !== undefined).length;
  }

  /** Applications remembered as settling (scheduled, or left to the passes). */
  remembered(): number {
    return this.followed.size;
  }

  private reconciled(name: string, cluster: string, settling: boolean, rollout: boolean): void {
    const now = this.clock.now().getTime();
    this.forgetSilent(now);
    const entry = this.followed.get(name);
    if (!settling) {
      entry?.timer?.cancel();
      this.followed.delete(name);
      return;
    }
    const current = entry ?? { since: now, announcedAt: now, delay: FIRST_LOOK_MS / 2 };
    current.announcedAt = now;
    this.followed.set(name, current);
    if (current.timer !== undefined || current.handedToPasses) return;
    if (now - current.since >= this.config.reconcile.intervalSeconds * 1000) {
      current.handedToPasses = true;
      return;
    }
    const longest = rollout ? this.config.rollouts.intervalSeconds * 1000 : LONGEST_GAP_MS;
    current.delay = Math.min(2 * current.delay, longest);
    current.timer = this.clock.schedule('settling-follow-up', current.delay, () => {
      current.timer = undefined;
      if (this.ownership.leaseFor(cluster)) this.triggers.enqueue([name]);
      else this.followed.delete(name);
    });
  }

  /**
   * Forgets applications no reconcile announced for two intervals: deleted, or moved to another replica, after their
   * last look (a look at one of those announces nothing). The passes announce every one still settling each interval.
   */
  private forgetSilent(now: number): void {
    const intervalMs = this.config.reconcile.intervalSeconds * 1000;
    if (now - this.sweptAt < intervalMs) return;
    this.sweptAt = now;
    for (const [name, entry] of this.followed) {
      if (entry.timer === undefined && now - entry.announcedAt > 2 * intervalMs) this.followed.delete(name);
    }
  }
}
