import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Subscription } from 'rxjs';
import { Clock, type Timer } from '../clock/clock';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { FleetEvents } from '../events/fleet-events';
import { ShardOwnershipService } from '../sharding/shard-ownership.service';
import { ReconcileTriggers } from './reconcile.triggers';

/** The first second look at a settling application; later ones double, up to the rollout poll interval. */
const FIRST_LOOK_MS = 100;

/**
 * Keeps a fleet rollout moving between polls, on the replica holding the applications' clusters: the applications
 * whose targets the driver just made Pending (or put back for a rollback) are reconciled at once, and one the rollout
 * waits on whose workloads are still Progressing after its sync is looked at again shortly (backing off), so its
 * turning Healthy is seen within a fraction of a second instead of at the next `ROLLOUT_INTERVAL_SECONDS` poll.
 * The poll (`RolloutTargetsPoller`) stays the safety net: events from other replicas never reach this one.
 */
@Injectable()
export class RolloutFollowUps implements OnApplicationBootstrap, OnApplicationShutdown {
  private subscription?: Subscription;
  private readonly timers = new Map<string, Timer>();
  /** The last delay used per application still settling (the backoff). */
  private readonly delays = new Map<string, number>();

  constructor(
    private readonly events: FleetEvents,
    private readonly ownership: ShardOwnershipService,
    private readonly triggers: ReconcileTriggers,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.subscription = this.events.subscribe((change) => {
      if (change.kind === 'rollout-targets') this.triggers.enqueue(change.applications.filter((app) => this.ownership.leaseFor(app.cluster)).map((app) => app.name));
      else if (change.kind === 'rollout-application') this.lookAgain(change.name, change.cluster, change.settling);
    });
  }

  onApplicationShutdown(): void {
    this.subscription?.unsubscribe();
    for (const timer of this.timers.values()) timer.cancel();
    this.timers.clear();
  }

  private lookAgain(name: string, cluster: string, settling: boolean): void {
    if (!settling) {
      this.delays.delete(name);
      this.timers.get(name)?.cancel();
      this.timers.delete(name);
      return;
    }
    if (this.timers.has(name)) return;
    const delay = Math.min(2 * (this.delays.get(name) ?? FIRST_LOOK_MS / 2), this.config.rollouts.intervalSeconds * 1000);
    this.delays.set(name, delay);
    this.timers.set(
      name,
      this.clock.schedule('rollout-follow-up', delay, () => {
        this.timers.delete(name);
        if (this.ownership.leaseFor(cluster)) this.triggers.enqueue([name]);
      }),
    );
  }
}
