import { describe, expect, it } from 'vitest';
import { NEW_APPLICATION_STATUS } from '../domain/application';
import { DELETION_ERROR_CONDITION, deletionDue, deletionFailedStatus } from './deletion-retry';

describe('retrying a cascading deletion', () => {
  const start = new Date('2026-01-01T00:00:00.000Z');

  it('is due at once the first time', () => {
    expect(deletionDue(NEW_APPLICATION_STATUS, start)).toBe(true);
  });

  it('records the error as a condition and backs off 5s, 10s, ... up to 3m', () => {
    let status = deletionFailedStatus(NEW_APPLICATION_STATUS, 'connect ECONNREFUSED', start);
    expect(status.conditions).toEqual([{ type: DELETION_ERROR_CONDITION, message: 'deleting the resources failed: connect ECONNREFUSED', lastTransitionTime: start.toISOString() }]);
    expect(status.deletion).toEqual({ attempts: 1, nextAttemptAt: '2026-01-01T00:00:05.000Z' });
    expect(deletionDue(status, new Date(start.getTime() + 4_999))).toBe(false);
    expect(deletionDue(status, new Date(start.getTime() + 5_000))).toBe(true);
    status = deletionFailedStatus(status, 'connect ECONNREFUSED', start);
    expect(status.deletion).toEqual({ attempts: 2, nextAttemptAt: '2026-01-01T00:00:10.000Z' });
    // The same message keeps its transition time; only one condition of the type is kept.
    expect(status.conditions).toHaveLength(1);
    for (let i = 0; i < 10; i++) status = deletionFailedStatus(status, 'still down', start);
    expect(status.deletion).toEqual({ attempts: 12, nextAttemptAt: '2026-01-01T00:03:00.000Z' });
    expect(status.conditions.map((c) => c.message)).toEqual(['deleting the resources failed: still down']);
  });
});
