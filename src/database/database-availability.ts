import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Clock, type Timer } from '../clock/clock';
import { type Outage, OutageMonitor } from '../common/errors/outages';
import { isDatabaseUnavailable, unavailabilityReason } from './database-unavailable';

/** What clients are told to wait before retrying. */
const RETRY_AFTER_SECONDS = 5;
/** How often the database is tried while it is down, to notice (and log) that it is back. */
const PROBE_INTERVAL_MS = 2_000;

const DATABASE_OUTAGE: Outage = {
  code: 'DatabaseUnavailable',
  message: 'The database is unavailable; retry later',
  retryAfterSeconds: RETRY_AFTER_SECONDS,
};

/** The part of the DataSource the probe uses. */
export interface DatabaseConnection {
  query(sql: string): Promise<unknown>;
}

/**
 * Whether the database is reachable, as the API and the background jobs found it. The first failure of an outage is
 * logged, then the database is probed on the clock until it answers, which is logged too; in between, requests and
 * passes that fail on it log nothing more. The connection pool reconnects by itself, so no restart is needed.
 */
@Injectable()
export class DatabaseAvailability extends OutageMonitor implements OnApplicationShutdown {
  private readonly logger = new Logger('Database');
  private down = false;
  private probe?: Timer;
  private stopped = false;

  constructor(
    @InjectDataSource() private readonly connection: DatabaseConnection,
    @Inject(Clock) private readonly clock: Clock,
  ) {
    super();
  }

  recordIfOutage(error: unknown): Outage | undefined {
    if (!isDatabaseUnavailable(error)) return undefined;
    if (!this.down) {
      this.down = true;
      this.logger.error(`Database unavailable (${unavailabilityReason(error)}); the API answers 503 until it is reachable again`);
      this.scheduleProbe();
    }
    return DATABASE_OUTAGE;
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    this.probe?.cancel();
  }

  private scheduleProbe(): void {
    if (this.stopped) return;
    this.probe = this.clock.schedule('database-availability-probe', PROBE_INTERVAL_MS, () => void this.runProbe());
  }

  private async runProbe(): Promise<void> {
    try {
      await this.connection.query('SELECT 1');
    } catch {
      return this.scheduleProbe();
    }
    this.down = false;
    this.logger.log('Database reachable again');
  }
}
