import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Subscription } from 'rxjs';
import { Clock, type Timer } from '../clock/clock';
import { OutageMonitor } from '../common/errors/outages';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { FleetEvents } from '../events/fleet-events';
import { JobLeaseRepository } from '../repositories/job-lease.repository';
import { HubIdentity } from '../scheduling/hub-identity';
import { PeriodicJobs } from '../scheduling/periodic-jobs';
import { RolloutDriver } from './rollout-driver.service';
import { RolloutPlanner } from './rollout-planner.service';

const JOB_NAME = 'rollouts';

export interface RolloutPassSummary {
  /** Rollouts the planner created. */
  created: string[];
  /** Rollouts the driver changed. */
  driven: number;
}

/**
 * Thin: every ROLLOUT_INTERVAL_SECONDS, the replica holding the `rollouts` lease plans (new changes become
 * rollouts) and drives (rollouts move on). The lease outlives a few passes so one replica keeps it; when that
 * replica dies another takes over, and since every pass starts from the database it continues where it stood.
 *
 * Between passes the holder also drives at once when it hears that an application a rollout manages changed status
 * (a sync finished, its health moved) and when a bake or a progress deadline ends, so a step moves on within
 * moments rather than at the next pass. A wake-up neither takes nor extends the lease: on a replica that does not
 * hold it, it does nothing, so events never make two replicas drive. Passes and wake-ups run one after another.
 */
@Injectable()
export class RolloutsScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Rollouts');
  private tail: Promise<unknown> = Promise.resolve();
  private full?: Promise<RolloutPassSummary | undefined>;
  private wakeQueued = false;
  /** Whether this replica took the lease at its latest pass: wake-ups elsewhere cost not even a query. */
  private leaseTaken = false;
  private dueTimer?: Timer;
  private subscription?: Subscription;
  private stopped = false;

  constructor(
    private readonly jobs: PeriodicJobs,
    private readonly leases: JobLeaseRepository,
    private readonly identity: HubIdentity,
    private readonly planner: RolloutPlanner,
    private readonly driver: RolloutDriver,
    private readonly events: FleetEvents,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(OutageMonitor) private readonly outages: OutageMonitor,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.jobs.start({ name: JOB_NAME, intervalMs: this.intervalMs(), jitter: 0.1, run: () => this.runPass().then(() => undefined) });
    this.subscription = this.events.subscribe((change) => {
      if (change.kind === 'application-reconciled' && change.rollout && change.changed) this.wake();
    });
  }

  /** Before the database closes: nothing new starts, and the drive under way finishes. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.subscription?.unsubscribe();
    this.dueTimer?.cancel();
    await this.settled();
  }

  /** Resolves once every pass and wake-up asked for so far has run (tests await it). */
  async settled(): Promise<void> {
    for (let seen = this.tail; ; seen = this.tail) {
      await seen;
      if (seen === this.tail) return;
    }
  }

  /** One pass, if this replica holds the lease (undefined otherwise); a pass under way or queued is joined, not doubled. */
  runPass(): Promise<RolloutPassSummary | undefined> {
    this.full ??= this.serially(() => this.pass()).finally(() => {
      this.full = undefined;
    });
    return this.full;
  }

  /** Drives soon if this replica holds the lease; wake-ups that come while one waits are folded into it. */
  wake(): void {
    if (this.stopped || !this.leaseTaken || this.wakeQueued) return;
    this.wakeQueued = true;
    this.serially(async () => {
      // Cleared first: an event that comes while this drive runs earns one more.
      this.wakeQueued = false;
      if (this.stopped) return;
      if (!(await this.leases.isHeldBy(JOB_NAME, this.identity.id))) {
        this.leaseTaken = false;
        return;
      }
      this.scheduleDue((await this.driver.driveAll()).nextDueAt);
    }).catch((error: unknown) => {
      if (!this.outages.recordIfOutage(error)) this.logger.error({ err: error }, 'Driving rollouts after an event failed');
    });
  }

  private async pass(): Promise<RolloutPassSummary | undefined> {
    if (this.stopped) return undefined;
    // A hub without RollingSync sets or moving rollouts has nothing to do and writes nothing, not even the lease.
    if (!(await this.planner.hasWork()) && !(await this.driver.hasWork())) return undefined;
    this.leaseTaken = await this.leases.tryAcquire(JOB_NAME, this.identity.id, this.intervalMs() * 3);
    if (!this.leaseTaken) return undefined;
    const created = await this.planner.planAll();
    const drive = await this.driver.driveAll();
    this.scheduleDue(drive.nextDueAt);
    return { created, driven: drive.changed };
  }

  /** A wake-up when time alone moves a rollout on (a bake ends): the pass after it would be up to an interval late. */
  private scheduleDue(at: Date | undefined): void {
    this.dueTimer?.cancel();
    this.dueTimer = undefined;
    if (!at || this.stopped) return;
    this.dueTimer = this.clock.schedule('rollout-due', Math.max(0, at.getTime() - this.clock.now().getTime()), () => this.wake());
  }

  private serially<T>(work: () => Promise<T>): Promise<T> {
    const result = this.tail.then(work);
    this.tail = result.catch(() => undefined);
    return result;
  }

  private intervalMs(): number {
    return this.config.rollouts.intervalSeconds * 1000;
  }
}
