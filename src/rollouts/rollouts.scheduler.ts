import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
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
 */
@Injectable()
export class RolloutsScheduler implements OnApplicationBootstrap {
  private running?: Promise<RolloutPassSummary | undefined>;

  constructor(
    private readonly jobs: PeriodicJobs,
    private readonly leases: JobLeaseRepository,
    private readonly identity: HubIdentity,
    private readonly planner: RolloutPlanner,
    private readonly driver: RolloutDriver,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.jobs.start({ name: JOB_NAME, intervalMs: this.intervalMs(), jitter: 0.1, run: () => this.runPass().then(() => undefined) });
  }

  /** One pass, if this replica holds the lease (undefined otherwise); a pass under way is joined, not doubled. */
  runPass(): Promise<RolloutPassSummary | undefined> {
    this.running ??= this.pass().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async pass(): Promise<RolloutPassSummary | undefined> {
    // A hub without RollingSync sets or moving rollouts has nothing to do and writes nothing, not even the lease.
    if (!(await this.planner.hasWork()) && !(await this.driver.hasWork())) return undefined;
    if (!(await this.leases.tryAcquire(JOB_NAME, this.identity.id, this.intervalMs() * 3))) return undefined;
    const created = await this.planner.planAll();
    return { created, driven: await this.driver.driveAll() };
  }

  private intervalMs(): number {
    return this.config.rollouts.intervalSeconds * 1000;
  }
}
