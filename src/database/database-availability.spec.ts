import { Logger } from '@nestjs/common';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeClock } from '../clock/fake-clock';
import { DatabaseAvailability, type DatabaseConnection } from './database-availability';

const REFUSED = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

describe('DatabaseAvailability', () => {
  let clock: FakeClock;
  let reachable: boolean;
  let logged: string[];
  let availability: DatabaseAvailability;

  beforeEach(() => {
    clock = new FakeClock();
    reachable = false;
    logged = [];
    const connection: DatabaseConnection = { query: () => (reachable ? Promise.resolve([{ '?column?': 1 }]) : Promise.reject(REFUSED)) };
    for (const level of ['log', 'warn', 'error'] as const) {
      vi.spyOn(Logger.prototype, level).mockImplementation((message: unknown) => {
        logged.push(`${level}: ${String(message)}`);
      });
    }
    availability = new DatabaseAvailability(connection, clock);
  });

  afterEach(() => {
    availability.onApplicationShutdown();
    vi.restoreAllMocks();
  });

  it('ignores errors that are not an outage', () => {
    expect(availability.recordIfOutage(new Error('boom'))).toBeUndefined();
    expect(logged).toEqual([]);
    expect(clock.pendingTimers()).toEqual([]);
  });

  it('logs an outage once however often it is reported, and its end once the probe gets through', async () => {
    for (let report = 0; report < 5; report++) {
      expect(availability.recordIfOutage(REFUSED)).toEqual({ code: 'DatabaseUnavailable', message: expect.any(String), retryAfterSeconds: 5 });
    }
    await clock.advance(10_000);
    expect(logged).toEqual(['error: Database unavailable (ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:5432); the API answers 503 until it is reachable again']);

    reachable = true;
    await clock.advance(2_000);
    expect(logged.slice(1)).toEqual(['log: Database reachable again']);
    expect(clock.pendingTimers()).toEqual([]);

    availability.recordIfOutage(REFUSED);
    expect(logged.filter((line) => line.startsWith('error: Database unavailable'))).toHaveLength(2);
  });

  it('stops probing at shutdown', () => {
    availability.recordIfOutage(REFUSED);
    availability.onApplicationShutdown();
    expect(clock.pendingTimers()).toEqual([]);
  });
});
