import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

@Injectable()
export class JobLeaseRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Takes the lease when it is free, expired, or already ours, in one statement, so two replicas racing
   * for it cannot both win. Uses the database clock, so replicas with skewed clocks still agree.
   */
  async tryAcquire(name: string, holder: string, ttlMs: number): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO job_leases (name, holder, expires_at)
       VALUES ($1, $2, now() + ($3::int * interval '1 millisecond'))
       ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at
       WHERE job_leases.expires_at < now() OR job_leases.holder = EXCLUDED.holder
       RETURNING name`,
      [name, holder, ttlMs],
    );
    return rows.length > 0;
  }

  /** Whether `holder` holds the lease now (a read: it neither takes nor extends it). */
  async isHeldBy(name: string, holder: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(`SELECT 1 FROM job_leases WHERE name = $1 AND holder = $2 AND expires_at > now()`, [name, holder]);
    return rows.length > 0;
  }
}
