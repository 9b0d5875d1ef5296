import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Subscription } from 'rxjs';
import { Clock } from '../clock/clock';
import { OutageMonitor } from '../common/errors/outages';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { FleetEvents } from '../events/fleet-events';
import { ShardOwnershipService } from '../sharding/shard-ownership.service';
import { ApplicationRunner } from './application-runner';
import { type WorkLane, WorkQueue } from './work-queue';

/**
 * Reconciles an application as soon as it is created or its spec changes, instead of at the next pass (which
 * stays the safety net). Only the replica holding the destination cluster's shard takes it; the others ignore
 * the change and leave it to that replica's passes.
 */
@Injectable()
export class ReconcileTriggers implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Reconcile');
  private readonly queue: WorkQueue;
  private subscription?: Subscription;
  /** Second turns of `enqueueInTurns` not queued yet: `settled` waits for them too. */
  private readonly secondTurns = new Set<Promise<void>>();

  constructor(
    private readonly events: FleetEvents,
    private readonly ownership: ShardOwnershipService,
    private readonly runner: ApplicationRunner,
    @Inject(OutageMonitor) outages: OutageMonitor,
    @Inject(Clock) clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.queue = new WorkQueue({
      // The pass's bound, so a burst of new applications never loads a replica more than a pass does.
      concurrency: config.reconcile.clusterConcurrency,
      process: (name) => this.runner.reconcileNow(name).then(() => undefined),
      onError: (name, error) => {
        if (!outages.recordIfOutage(error)) this.logger.error({ err: error, application: name }, 'Reconcile after a change failed');
      },
      now: () => clock.now().getTime(),
      schedule: (ms, task) => clock.schedule('reconcile-look-turn', ms, task),
    });
  }

  onApplicationBootstrap(): void {
    this.subscription = this.events.subscribe((change) => {
      if (change.kind === 'application' && this.ownership.leaseFor(change.cluster)) this.queue.add(change.name);
    });
  }

  /** Before the database closes (a shutdown hook does that): nothing new starts, and the reconciles under way finish. */
  async beforeApplicationShutdown(): Promise<void> {
    this.subscription?.unsubscribe();
    this.queue.close();
    await this.queue.idle();
  }

  /**
   * Queues applications whose clusters this replica holds (a rollout waits on them). `look`: only to see them settle,
   * after the changes under way (`WorkQueue`).
   */
  enqueue(names: readonly string[], lane: WorkLane = 'change'): void {
    for (const name of names) this.queue.add(name, lane);
  }

  /** A pass begins: looks wait for it, as for changes under way, until the returned function is called at its end (`WorkQueue.passUnderWay`). */
  holdLooksForPass(): () => void {
    return this.queue.passUnderWay();
  }

  /**
   * Queues `first` now, and `then` once each of `first` has been reconciled (a run that began after this call), so
   * the others take no slot nor CPU from them meanwhile. Nothing waits for the second turn; a shutdown drops it.
   */
  enqueueInTurns(first: readonly string[], then: readonly string[]): void {
    if (first.length === 0 || then.length === 0) return this.enqueue([...first, ...then]);
    const turn: Promise<void> = this.queue
      .addAndWait(first)
      .then(() => this.enqueue(then))
      .finally(() => this.secondTurns.delete(turn));
    this.secondTurns.add(turn);
  }

  /** Resolves once every change seen so far has been reconciled, second turns included (tests await it). */
  async settled(): Promise<void> {
    for (;;) {
      await this.queue.idle();
      if (this.secondTurns.size === 0) return;
      await Promise.all(this.secondTurns);
    }
  }
}
