import { describe, expect, it } from 'vitest';
import { nextAttemptAt, RETRY_BASE_MS, RETRY_MAX_INTERVAL_MS, RETRY_WINDOW_MS } from './backoff';

const created = new Date('2026-01-01T00:00:00Z');
const after = (ms: number) => new Date(created.getTime() + ms);

describe('delivery backoff', () => {
  it.each([
    ['first failure: the base interval', 1, RETRY_BASE_MS],
    ['second: doubled', 2, 2 * RETRY_BASE_MS],
    ['fifth: 16 times', 5, 16 * RETRY_BASE_MS],
    ['twentieth: capped at an hour', 20, RETRY_MAX_INTERVAL_MS],
  ])('%s', (_name, attempts, interval) => {
    const now = after(60_000);
    expect(nextAttemptAt(created, attempts, now, () => 0.5)!.getTime() - now.getTime()).toBe(interval);
  });

  it('spreads each interval by ±20% with the random draw', () => {
    const now = after(0);
    expect(nextAttemptAt(created, 1, now, () => 0)!.getTime()).toBe(now.getTime() + RETRY_BASE_MS * 0.8);
    expect(nextAttemptAt(created, 1, now, () => 1)!.getTime()).toBe(now.getTime() + RETRY_BASE_MS * 1.2);
  });

  it('gives up once the next attempt would fall more than 24 hours after the delivery was made', () => {
    expect(nextAttemptAt(created, 30, after(RETRY_WINDOW_MS - 2 * RETRY_MAX_INTERVAL_MS), () => 0.5)).toBeInstanceOf(Date);
    expect(nextAttemptAt(created, 30, after(RETRY_WINDOW_MS - RETRY_MAX_INTERVAL_MS / 2), () => 0.5)).toBeUndefined();
  });
});
