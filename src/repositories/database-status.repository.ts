import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

export interface DatabaseStatus {
  reachable: boolean;
  /** Unknown while the database cannot be reached. */
  migrationsPending?: boolean;
}

/** What readiness needs to know of the database: does it answer, and is every migration applied. */
@Injectable()
export class DatabaseStatusRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async status(): Promise<DatabaseStatus> {
    try {
      await this.dataSource.query('SELECT 1');
    } catch {
      return { reachable: false };
    }
    return { reachable: true, migrationsPending: await this.dataSource.showMigrations() };
  }
}
