import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { HubIdentity } from '../scheduling/hub-identity';
import { JobLeaseRepository } from '../repositories/job-lease.repository';
import { PeriodicJobs } from '../scheduling/periodic-jobs';
import { ConnectivityService } from './connectivity.service';

const JOB_NAME = 'cluster-connectivity-checks';

/** Thin: schedules the connectivity pass; a lease makes one replica run each pass. */
@Injectable()
export class ConnectivityScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger('Connectivity');

  constructor(
    private readonly jobs: PeriodicJobs,
    private readonly leases: JobLeaseRepository,
    private readonly identity: HubIdentity,
    private readonly connectivity: ConnectivityService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.clusterChecks.enabled) return;
    const intervalMs = this.config.clusterChecks.intervalSeconds * 1000;
    this.jobs.start({ name: JOB_NAME, intervalMs, jitter: 0.2, run: () => this.runPass(intervalMs) });
  }

  private async runPass(intervalMs: number): Promise<void> {
    if (!(await this.leases.tryAcquire(JOB_NAME, this.identity.id, Math.round(intervalMs * 0.7)))) {
      this.connectivity.stopReporting();
      return;
    }
    const result = await this.connectivity.checkAll();
    if (result.checked > 0) this.logger.log(`Checked ${result.checked} clusters, ${result.failed} unreachable`);
  }
}
