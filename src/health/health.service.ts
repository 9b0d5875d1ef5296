import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

export interface Readiness {
  ready: boolean;
  checks: { database: 'ok' | 'unreachable'; migrations: 'applied' | 'pending' | 'unknown' };
}

@Injectable()
export class HealthService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async readiness(): Promise<Readiness> {
    try {
      await this.dataSource.query('SELECT 1');
    } catch {
      return { ready: false, checks: { database: 'unreachable', migrations: 'unknown' } };
    }
    const pending = await this.dataSource.showMigrations();
    return { ready: !pending, checks: { database: 'ok', migrations: pending ? 'pending' : 'applied' } };
  }
}
