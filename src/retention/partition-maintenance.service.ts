import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../clock/clock';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { MONTHLY_PARTITIONED_TABLES, type MonthlyPartitionedTable, type MonthPartition } from '../database/monthly-partitions';
import { TimePartitionsRepository } from '../repositories/time-partitions.repository';

/** This month and the next two have partitions before any row needs them. */
const MONTHS_AHEAD = 2;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface DroppedPartition {
  table: MonthlyPartitionedTable;
  partition: MonthPartition;
  retentionDays: number;
}

/**
 * The monthly partitions of audit_events and sync_runs: made ahead of the clock, and dropped whole once every row they
 * can hold is older than the table's retention. A month partly inside the retention stays, so rows are kept at least
 * as long as promised and at most a month longer.
 */
@Injectable()
export class PartitionMaintenance {
  constructor(
    private readonly partitions: TimePartitionsRepository,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async prepareMonthsAhead(): Promise<void> {
    const now = this.clock.now();
    const months = Array.from({ length: MONTHS_AHEAD + 1 }, (_, ahead) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + ahead, 1)));
    for (const table of MONTHLY_PARTITIONED_TABLES) await this.partitions.ensureMonths(table, months);
  }

  /** Drops the partitions past their table's retention (none when it is 0: keep everything). */
  async dropExpired(): Promise<DroppedPartition[]> {
    const dropped: DroppedPartition[] = [];
    for (const table of MONTHLY_PARTITIONED_TABLES) {
      const retentionDays = this.retentionDays(table);
      if (retentionDays === 0) continue;
      const cutoff = new Date(this.clock.now().getTime() - retentionDays * DAY_MS);
      for (const partition of await this.partitions.dropEndingBy(table, cutoff)) dropped.push({ table, partition, retentionDays });
    }
    return dropped;
  }

  private retentionDays(table: MonthlyPartitionedTable): number {
    return table === 'audit_events' ? this.config.retention.auditDays : this.config.retention.historyDays;
  }
}
