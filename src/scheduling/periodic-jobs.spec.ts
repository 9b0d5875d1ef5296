import { Logger } from '@nestjs/common';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeClock } from '../clock/fake-clock';
import { type Outage, OutageMonitor } from '../common/errors/outages';
import { PeriodicJobs } from './periodic-jobs';

const DOWN = new Error('database down');

class FakeOutages extends OutageMonitor {
  recorded = 0;

  recordIfOutage(error: unknown): Outage | undefined {
    if (error !== DOWN) return undefined;
    this.recorded++;
    return { code: 'DatabaseUnavailable', message: 'down', retryAfterSeconds: 5 };
  }
}

describe('PeriodicJobs', () => {
  let clock: FakeClock;
  let outages: FakeOutages;
  let jobs: PeriodicJobs;
  let errors: string[];

  beforeEach(() => {
    clock = new FakeClock();
    outages = new FakeOutages();
    jobs = new PeriodicJobs(clock, outages);
    errors = [];
    vi.spyOn(Logger.prototype, 'error').mockImplementation((_context: unknown, message?: unknown) => {
      errors.push(String(message));
    });
  });

  afterEach(() => {
    jobs.onApplicationShutdown();
    vi.restoreAllMocks();
  });

  it('reports passes that fail on a database outage to the monitor and logs nothing of its own', async () => {
    let runs = 0;
    jobs.start({
      name: 'leases',
      intervalMs: 1_000,
      jitter: 0,
      run: async () => {
        runs++;
        throw DOWN;
      },
    });
    await clock.advance(5_000);
    expect(runs).toBe(5);
    expect(outages.recorded).toBe(5);
    expect(errors).toEqual([]);
  });

  it('logs every other failure, and keeps running the job', async () => {
    let runs = 0;
    jobs.start({
      name: 'reconcile',
      intervalMs: 1_000,
      jitter: 0,
      run: async () => {
        runs++;
        throw new Error('bug');
      },
    });
    await clock.advance(2_000);
    expect(runs).toBe(2);
    expect(errors).toEqual(['Job reconcile failed', 'Job reconcile failed']);
    expect(outages.recorded).toBe(0);
  });
});
