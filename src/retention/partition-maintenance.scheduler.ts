import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { JobLeaseRepository } from '../repositories/job-lease.repository';
import { HubIdentity } from '../scheduling/hub-identity';
import { PeriodicJobs } from '../scheduling/periodic-jobs';
import { NotificationRetention } from './notification-retention.service';
import { PartitionMaintenance } from './partition-maintenance.service';
import { SessionRetention } from './session-retention.service';

const JOB_NAME = 'partition-maintenance';
const INTERVAL_MS = 24 * 60 * 60 * 1000;

/**
 * Thin: daily, one replica (the lease holder) makes the coming months' partitions, drops expired ones, and removes
 * settled notification events past their retention and expired sign-on sessions. It also runs once at start-up, so a hub restarted more often than daily still applies its retention.
 */
@Injectable()
export class PartitionMaintenanceScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger('Retention');

  constructor(
    private readonly jobs: PeriodicJobs,
    private readonly leases: JobLeaseRepository,
    private readonly identity: HubIdentity,
    private readonly maintenance: PartitionMaintenance,
    private readonly notifications: NotificationRetention,
    private readonly sessions: SessionRetention,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // Inserts make a missing month on demand, so a failed first pass costs nothing but this log line.
    await this.runPass().catch((error: unknown) => this.logger.error({ err: error }, 'Partition maintenance failed at start-up'));
    this.jobs.start({ name: JOB_NAME, intervalMs: INTERVAL_MS, jitter: 0.1, run: () => this.runPass() });
  }

  private async runPass(): Promise<void> {
    if (!(await this.leases.tryAcquire(JOB_NAME, this.identity.id, Math.round(INTERVAL_MS * 0.7)))) return;
    await this.maintenance.prepareMonthsAhead();
    for (const { table, partition, retentionDays } of await this.maintenance.dropExpired()) {
      this.logger.log(`Dropped ${partition.name}: the ${table} rows before ${partition.to.toISOString()}, older than ${retentionDays} days`);
    }
    const removed = await this.notifications.pruneSettled();
    if (removed > 0) this.logger.log(`Removed ${removed} settled notification event(s) past their retention`);
    const expiredSessions = await this.sessions.pruneExpired();
    if (expiredSessions > 0) this.logger.log(`Removed ${expiredSessions} expired single sign-on session(s)`);
  }
}
