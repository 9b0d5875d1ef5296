import { Module } from '@nestjs/common';
import { PartitionMaintenance } from './partition-maintenance.service';
import { PartitionMaintenanceScheduler } from './partition-maintenance.scheduler';

/** Time partitions and retention of the tables that grow forever: audit_events and sync_runs. */
@Module({
  providers: [PartitionMaintenance, PartitionMaintenanceScheduler],
})
export class RetentionModule {}
