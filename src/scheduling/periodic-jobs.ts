import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Clock, type Timer } from '../clock/clock';
import { OutageMonitor } from '../common/errors/outages';

export interface PeriodicJob {
  name: string;
  intervalMs: number;
  /** Share of the interval added or removed at random, so replicas and clusters do not move in lockstep. */
  jitter: number;
  run(): Promise<void>;
}

/**
 * Jittered repeating jobs on the clock adapter. The next run is scheduled only after the previous one finished,
 * so a slow pass never overlaps itself. A pass that fails because the database is down is reported to the outage
 * monitor (which logs the outage once) instead of logging an error on every pass.
 */
@Injectable()
export class PeriodicJobs implements OnApplicationShutdown {
  private readonly logger = new Logger('PeriodicJobs');
  private readonly timers = new Map<string, Timer>();
  private stopped = false;

  constructor(
    @Inject(Clock) private readonly clock: Clock,
    @Inject(OutageMonitor) private readonly outages: OutageMonitor,
  ) {}

  start(job: PeriodicJob): void {
    this.scheduleNext(job);
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    for (const timer of this.timers.values()) timer.cancel();
    this.timers.clear();
  }

  private scheduleNext(job: PeriodicJob): void {
    if (this.stopped) return;
    const spread = job.intervalMs * job.jitter;
    const delay = Math.max(0, Math.round(job.intervalMs - spread + Math.random() * 2 * spread));
    this.timers.set(
      job.name,
      this.clock.schedule(job.name, delay, () => {
        this.timers.delete(job.name);
        job
          .run()
          .catch((error: unknown) => {
            if (!this.outages.recordIfOutage(error)) this.logger.error({ err: error }, `Job ${job.name} failed`);
          })
          .finally(() => this.scheduleNext(job));
      }),
    );
  }
}
