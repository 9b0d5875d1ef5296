import { Injectable } from '@nestjs/common';
import { DatabaseStatusRepository } from '../repositories/database-status.repository';

export interface Readiness {
  ready: boolean;
  checks: { database: 'ok' | 'unreachable'; migrations: 'applied' | 'pending' | 'unknown' };
}

@Injectable()
export class HealthService {
  constructor(private readonly database: DatabaseStatusRepository) {}

  async readiness(): Promise<Readiness> {
    const status = await this.database.status();
    if (!status.reachable) return { ready: false, checks: { database: 'unreachable', migrations: 'unknown' } };
    return { ready: !status.migrationsPending, checks: { database: 'ok', migrations: status.migrationsPending ? 'pending' : 'applied' } };
  }
}
