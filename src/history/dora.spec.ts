import { describe, expect, it } from 'vitest';
import type { RunAggregates } from '../repositories/history-query.repository';
import { doraGroup } from './dora';

/** A group's aggregates with defaults: nothing ran. */
const aggregates = (overrides: Partial<Omit<RunAggregates, 'phases'>> & { phases?: Partial<RunAggregates['phases']> } = {}): RunAggregates => ({
  key: 'production',
  deployments: 0,
  durationSeconds: { median: null, p95: null },
  leadTimeSeconds: { median: null, count: 0 },
  restoreSeconds: { mean: null, count: 0 },
  ...overrides,
  phases: { Running: 0, Succeeded: 0, Failed: 0, Error: 0, Interrupted: 0, ...overrides.phases },
});

describe('doraGroup', () => {
  it.each([
    { name: 'nothing ran: no rate at all', input: aggregates(), days: 30, expected: { deployments: 0, deploymentsPerDay: 0, changeFailureRate: null, syncs: { total: 0 } } },
    {
      name: 'only clean deployments: rate 0',
      input: aggregates({ phases: { Succeeded: 12 }, deployments: 12 }),
      days: 30,
      expected: { deployments: 12, deploymentsPerDay: 0.4, changeFailureRate: 0, syncs: { Succeeded: 12, total: 12 } },
    },
    {
      name: 'one failure in four attempts: 0.25',
      input: aggregates({ phases: { Succeeded: 3, Failed: 1 }, deployments: 3 }),
      days: 7,
      expected: { changeFailureRate: 0.25, deploymentsPerDay: 0.429, syncs: { total: 4 } },
    },
    {
      name: 'Error counts as a failure, Interrupted does not',
      input: aggregates({ phases: { Succeeded: 2, Failed: 1, Error: 1, Interrupted: 5 }, deployments: 2 }),
      days: 1,
      expected: { changeFailureRate: 0.5, syncs: { Interrupted: 5, total: 9 } },
    },
    {
      name: 'successful syncs that changed nothing are no deployments',
      input: aggregates({ phases: { Succeeded: 10, Failed: 1 }, deployments: 1 }),
      days: 1,
      expected: { deployments: 1, changeFailureRate: 0.5 },
    },
    {
      name: 'only failures: rate 1',
      input: aggregates({ phases: { Failed: 3 } }),
      days: 1,
      expected: { changeFailureRate: 1, deployments: 0 },
    },
    {
      name: 'a third, rounded to four places',
      input: aggregates({ phases: { Succeeded: 2, Failed: 1 }, deployments: 2 }),
      days: 1,
      expected: { changeFailureRate: 0.3333 },
    },
  ])('$name', ({ input, days, expected }) => {
    expect(doraGroup(input, days)).toMatchObject(expected);
  });

  it('passes the measured times through, to the millisecond, with how many they cover', () => {
    const group = doraGroup(
      aggregates({
        phases: { Succeeded: 4, Failed: 1 },
        deployments: 3,
        durationSeconds: { median: 12.3456789, p95: 40 },
        leadTimeSeconds: { median: 3600.00049, count: 2 },
        restoreSeconds: { mean: 600, count: 1 },
      }),
      30,
    );
    expect(group).toMatchObject({
      key: 'production',
      syncDurationSeconds: { median: 12.346, p95: 40 },
      leadTimeSeconds: { median: 3600, deployments: 2 },
      timeToRestoreSeconds: { mean: 600, restores: 1 },
    });
  });

  it('keeps unknown times unknown', () => {
    expect(doraGroup(aggregates({ key: null }), 30)).toMatchObject({ key: null, syncDurationSeconds: { median: null, p95: null }, leadTimeSeconds: { median: null, deployments: 0 }, timeToRestoreSeconds: { mean: null, restores: 0 } });
  });
});
