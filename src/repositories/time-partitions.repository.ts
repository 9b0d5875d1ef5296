import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { dropPartition, ensureMonthPartition, listMonthPartitions, type MonthlyPartitionedTable, type MonthPartition } from '../database/monthly-partitions';

/** The monthly partitions of audit_events and sync_runs: made ahead of time, dropped when expired. */
@Injectable()
export class TimePartitionsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Makes the partitions of the months these moments fall in, where missing. */
  async ensureMonths(table: MonthlyPartitionedTable, moments: Date[]): Promise<void> {
    for (const moment of moments) await ensureMonthPartition(this.dataSource, table, moment);
  }

  /** Drops every partition that ends at or before `cutoff`, so holds no row at or after it; returns them. */
  async dropEndingBy(table: MonthlyPartitionedTable, cutoff: Date): Promise<MonthPartition[]> {
    const expired = (await listMonthPartitions(this.dataSource, table)).filter((partition) => partition.to.getTime() <= cutoff.getTime());
    for (const partition of expired) await dropPartition(this.dataSource, partition);
    return expired;
  }
}
