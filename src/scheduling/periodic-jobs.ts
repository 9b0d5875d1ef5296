import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';

export interface PeriodicJob {
  name: string;
  intervalMs: number;
  /** Share of the interval added or removed at random, so replicas and clusters do not move in lockstep. */
  jitter: number;
  run(): Promise<void>;
}

/**
 * Adapter over @nestjs/schedule for jittered repeating jobs. The next run is scheduled only after the
 * previous one finished, so a slow pass never overlaps itself.
 */
@Injectable()
export class PeriodicJobs implements OnApplicationShutdown {
  private readonly logger = new Logger('PeriodicJobs');
  private stopped = false;

  constructor(private readonly registry: SchedulerRegistry) {}

  start(job: PeriodicJob): void {
    this.scheduleNext(job);
  }

  onApplicationShutdown(): void {
    this.stopped = true;
  }

  private scheduleNext(job: PeriodicJob): void {
    if (this.stopped) return;
    const spread = job.intervalMs * job.jitter;
    const delay = Math.max(0, Math.round(job.intervalMs - spread + Math.random() * 2 * spread));
    const timer = setTimeout(() => {
      this.registry.deleteTimeout(job.name);
      job
        .run()
        .catch((error: unknown) => this.logger.error({ err: error }, `Job ${job.name} failed`))
        .finally(() => this.scheduleNext(job));
    }, delay);
    timer.unref();
    this.registry.addTimeout(job.name, timer);
  }
}
