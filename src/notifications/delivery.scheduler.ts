import { type BeforeApplicationShutdown, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { PeriodicJobs } from '../scheduling/periodic-jobs';
import { DeliveryService } from './delivery.service';

/** How often each replica looks for events to fan out and deliveries that are due. */
export const DELIVERY_INTERVAL_MS = 2_000;

/**
 * Thin: every replica runs the delivery pass, jittered. No job lease is needed: rows are claimed with FOR UPDATE
 * SKIP LOCKED, so replicas share the work instead of taking turns, and none sends what another claimed.
 */
@Injectable()
export class DeliveryScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private running: Promise<unknown> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly jobs: PeriodicJobs,
    private readonly delivery: DeliveryService,
  ) {}

  onApplicationBootstrap(): void {
    this.jobs.start({ name: 'notification-deliveries', intervalMs: DELIVERY_INTERVAL_MS, jitter: 0.2, run: () => this.runPass() });
  }

  /**
   * Before the database closes: the send under way finishes and is recorded (a restart never sends it again), the
   * rest of its batch is given back at once instead of waiting for the claims to expire.
   */
  async beforeApplicationShutdown(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await this.running.catch(() => undefined);
    await this.delivery.releaseClaims();
  }

  /** One pass, unless shutting down; tests call it (or advance the clock) instead of waiting. */
  runPass(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    const pass = this.running.catch(() => undefined).then(() => this.delivery.runPass(() => this.stopped));
    this.running = pass;
    return pass.then(() => undefined);
  }
}
