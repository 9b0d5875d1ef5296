import { Module } from '@nestjs/common';
import { NotificationRetention } from './notification-retention.service';
import { PartitionMaintenance } from './partition-maintenance.service';
import { PartitionMaintenanceScheduler } from './partition-maintenance.scheduler';
import { SessionRetention } from './session-retention.service';

/** Retention of the tables that grow forever: audit_events and sync_runs (time partitions), the notification outbox, expired sign-on sessions. */
@Module({
  providers: [PartitionMaintenance, NotificationRetention, SessionRetention, PartitionMaintenanceScheduler],
})
export class RetentionModule {}
