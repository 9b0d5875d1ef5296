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

/** A look due this close after another is taken with it: one wake-up instead of two, a few ms early at most. */
const SAME_WAKE_MS = 10;

interface Followed {
  /** The application's destination: only the replica holding it looks. */
  cluster: string;
  /** When it was first seen settling. */
  since: number;
  /** When a reconcile last announced it. */
  announcedAt: number;
  /** The last gap used (the backoff). */
  delay: number;
  /** When its next look is due; none while a look is queued or it is left to the passes. */
  dueAt?: number;
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
 * The looks are queued as such: they wait for the changes under way (`WorkQueue`), so a fleet-wide change reaches
 * every cluster before the hub watches the first ones settle.
 *
 * Only the replica holding the application's cluster looks (its own reconciles are the ones announced). One timer
 * for all of them, set for the earliest look due; the looks due together are queued together. An application still
 * Progressing after a whole reconcile interval is left to the passes, so a stuck rollout of a thousand clusters does
 * not keep the hub polling.
 */
@Injectable()
export class SettlingFollowUps implements OnApplicationBootstrap, OnApplicationShutdown {
  private subscription?: Subscription;
  private readonly followed = new Map<string, Followed>();
  /** The one timer, set for the earliest look due. */
  private wake?: { at: number; timer: Timer };
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
    this.wake?.timer.cancel();
    this.wake = undefined;
    this.followed.clear();
  }

  /** Applications with a look scheduled. */
  pending(): number {
    return [...this.followed.values()].filter((entry) => entry.dueAt !== undefined).length;
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
      // A wake set for it finds nothing due and sets itself for the next one.
      this.followed.delete(name);
      return;
    }
    const current = entry ?? { cluster, since: now, announcedAt: now, delay: FIRST_LOOK_MS / 2 };
    current.cluster = cluster;
    current.announcedAt = now;
    this.followed.set(name, current);
    if (current.dueAt !== undefined || current.handedToPasses) return;
    if (now - current.since >= this.config.reconcile.intervalSeconds * 1000) {
      current.handedToPasses = true;
      return;
    }
    const longest = rollout ? this.config.rollouts.intervalSeconds * 1000 : LONGEST_GAP_MS;
    current.delay = Math.min(2 * current.delay, longest);
    current.dueAt = now + current.delay;
    this.wakeBy(current.dueAt, now);
  }

  private wakeBy(at: number, now: number): void {
    if (this.wake !== undefined && this.wake.at <= at) return;
    this.wake?.timer.cancel();
    this.wake = { at, timer: this.clock.schedule('settling-follow-up', Math.max(0, at - now), () => this.lookAtDue()) };
  }

  /** Queues every look due (its application still on a cluster this replica holds), then waits for the next one. */
  private lookAtDue(): void {
    this.wake = undefined;
    const now = this.clock.now().getTime();
    const due: string[] = [];
    let next = Infinity;
    for (const [name, entry] of this.followed) {
      if (entry.dueAt === undefined) continue;
      if (entry.dueAt > now + SAME_WAKE_MS) {
        next = Math.min(next, entry.dueAt);
        continue;
      }
      entry.dueAt = undefined;
      if (this.ownership.leaseFor(entry.cluster)) due.push(name);
      else this.followed.delete(name);
    }
    if (next !== Infinity) this.wakeBy(next, now);
    if (due.length > 0) this.triggers.enqueue(due, 'look');
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
      if (entry.dueAt === undefined && now - entry.announcedAt > 2 * intervalMs) this.followed.delete(name);
    }
  }
}
