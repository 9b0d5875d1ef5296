import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Subscription } from 'rxjs';
import { Clock, type Timer } from '../clock/clock';
import { OutageMonitor } from '../common/errors/outages';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { FleetEvents } from '../events/fleet-events';
import { HubIdentity } from '../scheduling/hub-identity';
import { JobLeaseRepository } from '../repositories/job-lease.repository';
import { PeriodicJobs } from '../scheduling/periodic-jobs';
import { ApplicationSetsService } from './application-sets.service';

const JOB_NAME = 'applicationset-resync';
// Coalesces a burst of registry changes (a script registering 50 clusters) into one pass.
const DEBOUNCE_MS = 100;

/**
 * Thin: re-expands every set promptly after a cluster or project change, one set once one of its applications is
 * gone, and periodically to catch the rest.
 */
@Injectable()
export class ExpansionTriggers implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ApplicationSets');
  private subscription?: Subscription;
  private timer?: Timer;
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly events: FleetEvents,
    private readonly sets: ApplicationSetsService,
    private readonly jobs: PeriodicJobs,
    private readonly leases: JobLeaseRepository,
    private readonly identity: HubIdentity,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(OutageMonitor) private readonly outages: OutageMonitor,
  ) {}

  onApplicationBootstrap(): void {
    this.subscription = this.events.subscribe((change) => {
      if (change.kind === 'cluster' || change.kind === 'project') this.schedule();
      // One of its applications finished being deleted: a name it generates again is free now.
      if (change.kind === 'applicationset') this.expand(change.name);
    });
    const intervalMs = this.config.applicationSets.resyncSeconds * 1000;
    this.jobs.start({
      name: JOB_NAME,
      intervalMs,
      jitter: 0.1,
      run: async () => {
        if (await this.leases.tryAcquire(JOB_NAME, this.identity.id, Math.round(intervalMs * 0.8))) await this.sets.reconcileAll();
      },
    });
  }

  onApplicationShutdown(): void {
    this.subscription?.unsubscribe();
    this.timer?.cancel();
  }

  /** Resolves once every change seen so far has been expanded (tests and the API can await it). */
  settled(): Promise<void> {
    return this.running;
  }

  private expand(name: string): void {
    this.running = this.running
      .then(() => this.sets.reexpand(name))
      .catch((error: unknown) => {
        if (!this.outages.recordIfOutage(error)) this.logger.error({ err: error, applicationSet: name }, 'Re-expansion after a deletion failed');
      });
  }

  private schedule(): void {
    this.timer?.cancel();
    this.timer = this.clock.schedule('applicationset-expansion', DEBOUNCE_MS, () => {
      this.running = this.running
        .then(() => this.sets.reconcileAll())
        .catch((error: unknown) => {
          if (!this.outages.recordIfOutage(error)) this.logger.error({ err: error }, 'Re-expansion after a registry change failed');
        });
    });
  }
}
