import { describe, expect, it } from 'vitest';
import type { ApplicationStatusRecord } from '../domain/application';
import { decideAutomatedSync, nextRetry, parseDuration, SYNC_WINDOW_CONDITION, withSyncWindowCondition } from './sync-decision';

const now = new Date('2026-11-26T10:00:00Z');
const status = (operation?: Partial<NonNullable<ApplicationStatusRecord['operationState']>>, retry?: ApplicationStatusRecord['retry']): ApplicationStatusRecord => ({
  sync: { status: 'OutOfSync' },
  health: { status: 'Healthy' },
  conditions: [],
  ...(operation ? { operationState: { phase: 'Succeeded', message: '', trigger: 'automated', revision: 'a', syncRunId: 'r', startedAt: '', ...operation } } : {}),
  ...(retry ? { retry } : {}),
});

describe('decideAutomatedSync', () => {
  it.each([
    { name: 'manual policy never syncs', automated: undefined, outOfSync: true, revision: 'b', st: status(), expected: undefined },
    { name: 'in sync: nothing to do', automated: {}, outOfSync: false, revision: 'b', st: status(), expected: undefined },
    { name: 'first sync', automated: {}, outOfSync: true, revision: 'a', st: status(), expected: 'automated' },
    { name: 'a new revision', automated: {}, outOfSync: true, revision: 'b', st: status({ revision: 'a' }), expected: 'automated' },
    { name: 'drift at the synced revision without selfHeal', automated: {}, outOfSync: true, revision: 'a', st: status({ revision: 'a' }), expected: undefined },
    { name: 'drift at the synced revision with selfHeal', automated: { selfHeal: true }, outOfSync: true, revision: 'a', st: status({ revision: 'a' }), expected: 'self-heal' },
    { name: 'a failed revision is not retried without a retry policy', automated: { selfHeal: true }, outOfSync: true, revision: 'a', st: status({ revision: 'a', phase: 'Failed' }), expected: undefined },
    {
      name: 'a failed revision is retried when due',
      automated: {},
      outOfSync: true,
      revision: 'a',
      st: status({ revision: 'a', phase: 'Failed' }, { attempts: 1, nextAttemptAt: '2026-11-26T09:59:00Z', revision: 'a' }),
      retry: { limit: 3 },
      expected: 'retry',
    },
    {
      name: 'a retry that is not due yet waits',
      automated: {},
      outOfSync: true,
      revision: 'a',
      st: status({ revision: 'a', phase: 'Error' }, { attempts: 1, nextAttemptAt: '2026-11-26T10:05:00Z', revision: 'a' }),
      retry: { limit: 3 },
      expected: undefined,
    },
  ])('$name', ({ automated, outOfSync, revision, st, retry, expected }) => {
    expect(decideAutomatedSync({ automated, outOfSync, revision, status: st, retry, now })).toBe(expected);
  });
});

describe('nextRetry and parseDuration', () => {
  it.each([
    { attempts: 0, expected: 5_000 },
    { attempts: 1, expected: 10_000 },
    { attempts: 2, expected: 20_000 },
  ])('backs off exponentially (attempt $attempts)', ({ attempts, expected }) => {
    expect(nextRetry({ limit: 3, backoff: { duration: '5s', factor: 2, maxDuration: '3m' } }, attempts, now)!.getTime() - now.getTime()).toBe(expected);
  });

  it('stops at the limit and caps at maxDuration', () => {
    expect(nextRetry({ limit: 2 }, 2, now)).toBeUndefined();
    expect(nextRetry({ limit: 10, backoff: { duration: '1m', factor: 10, maxDuration: '3m' } }, 3, now)!.getTime() - now.getTime()).toBe(180_000);
  });

  it.each([
    { text: '5s', ms: 5000 },
    { text: '1h30m', ms: 5_400_000 },
    { text: '250ms', ms: 250 },
    { text: '30', ms: 30_000 },
  ])('parses $text', ({ text, ms }) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '5x', 'soon', '1m banana'])('refuses %j', (text) => {
    expect(() => parseDuration(text)).toThrow(/invalid duration/);
  });
});

describe('withSyncWindowCondition', () => {
  const blocked = { allowed: false, reason: 'deny window "freeze" is open', blockedBy: 'freeze', opensAt: new Date('2026-11-26T12:00:00Z') };
  const held = withSyncWindowCondition(status(), blocked, '2026-11-26T10:00:00.000Z');

  it('says which window holds the automated sync back and when it can run', () => {
    expect(held.conditions).toEqual([
      { type: SYNC_WINDOW_CONDITION, message: 'Automated sync blocked by sync window: deny window "freeze" is open; it can run from 2026-11-26T12:00:00.000Z', lastTransitionTime: '2026-11-26T10:00:00.000Z' },
    ]);
  });

  it('keeps the transition time while the same window blocks', () => {
    expect(withSyncWindowCondition(held, blocked, '2026-11-26T10:05:00.000Z').conditions[0].lastTransitionTime).toBe('2026-11-26T10:00:00.000Z');
  });

  it.each([
    { name: 'allowed', decision: { allowed: true, reason: 'no deny window is open' } },
    { name: 'no sync wanted', decision: undefined },
  ])('clears it when $name', ({ decision }) => {
    expect(withSyncWindowCondition(held, decision, '2026-11-26T12:00:00.000Z').conditions).toEqual([]);
  });
});
