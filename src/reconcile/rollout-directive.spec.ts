import { describe, expect, it } from 'vitest';
import type { ApplicationStatusRecord } from '../domain/application';
import type { LatestTarget } from '../repositories/rollout-target.repository';
import { decideRolloutSync, rolloutDirective } from './rollout-directive';

const now = new Date('2026-06-01T10:00:00Z');
const target = (over: Partial<LatestTarget> = {}): LatestTarget => ({
  id: 't1',
  rollout: 'r1',
  rolloutState: 'Progressing',
  application: 'my-api-staging',
  state: 'Waiting',
  revision: 'new',
  fingerprint: 'generated-1',
  previousRevision: 'old',
  syncRun: null,
  ...over,
});
const operation = (over: Partial<NonNullable<ApplicationStatusRecord['operationState']>> = {}) => ({ phase: 'Succeeded' as const, message: '', trigger: 'rollout' as const, revision: 'new', syncRunId: 'run-1', startedAt: now.toISOString(), ...over });

describe('rolloutDirective', () => {
  it.each([
    { name: 'not in a RollingSync set: its own policy', rolling: false, t: undefined, op: undefined, expected: { managed: false } },
    { name: 'no rollout yet: never synced automatically, first deployment included', rolling: true, t: undefined, op: undefined, expected: { managed: true, maintain: false } },
    { name: 'Waiting: compared with the frozen commit, not synced', rolling: true, t: target(), op: undefined, expected: { managed: true, revision: 'new', maintain: false } },
    { name: 'Pending in a Progressing rollout: claimed and synced', rolling: true, t: target({ state: 'Pending' }), op: undefined, expected: { managed: true, revision: 'new', sync: { claim: true }, maintain: false } },
    { name: 'Pending in a Paused rollout: held', rolling: true, t: target({ state: 'Pending', rolloutState: 'Paused' }), op: undefined, expected: { managed: true, revision: 'new', maintain: false } },
    { name: 'Progressing, its sync never completed: synced again', rolling: true, t: target({ state: 'Progressing', syncRun: 'run-1' }), op: operation({ syncRunId: 'run-0' }), expected: { managed: true, revision: 'new', sync: { claim: false }, maintain: false } },
    { name: 'Progressing, its sync completed: retries and self-heal only', rolling: true, t: target({ state: 'Progressing', syncRun: 'run-1' }), op: operation(), expected: { managed: true, revision: 'new', maintain: true } },
    { name: 'Progressing in an aborted rollout: not synced again', rolling: true, t: target({ state: 'Progressing', rolloutState: 'Aborted' }), op: undefined, expected: { managed: true, revision: 'new', maintain: true } },
    { name: 'Healthy: kept at the frozen commit', rolling: true, t: target({ state: 'Healthy', syncRun: 'run-1' }), op: operation(), expected: { managed: true, revision: 'new', maintain: true } },
    { name: 'RolledBack, not synced yet: synced to the previous revision', rolling: true, t: target({ state: 'RolledBack', rolloutState: 'Halted' }), op: operation(), expected: { managed: true, revision: 'old', sync: { claim: false }, maintain: false } },
    { name: 'RolledBack and synced: the rollback sticks', rolling: true, t: target({ state: 'RolledBack', rolloutState: 'Halted', syncRun: 'run-2' }), op: operation({ revision: 'old', syncRunId: 'run-2' }), expected: { managed: true, revision: 'old', maintain: true } },
    { name: 'a manifest changed since the rollout froze it: nothing, until its own rollout', rolling: true, t: target({ state: 'Pending', fingerprint: 'generated-0' }), op: undefined, expected: { managed: true, revision: 'new', maintain: false } },
    { name: 'a changed manifest is not self-healed into the fleet either', rolling: true, t: target({ state: 'Healthy', fingerprint: 'generated-0', syncRun: 'run-1' }), op: operation(), expected: { managed: true, revision: 'new', maintain: false } },
  ])('$name', ({ rolling, t, op, expected }) => {
    const directive = rolloutDirective(rolling, t, { fingerprint: 'generated-1', lastOperation: op });
    expect(directive).toMatchObject(expected);
    expect('sync' in directive).toBe('sync' in expected);
  });
});

describe('decideRolloutSync', () => {
  const status = (over: Partial<ApplicationStatusRecord> = {}): ApplicationStatusRecord => ({ sync: { status: 'OutOfSync' }, health: { status: 'Healthy' }, conditions: [], operationState: operation(), ...over });
  const maintain = { managed: true as const, revision: 'new', maintain: true };
  it.each([
    { name: 'the rollout asks for a sync', directive: { managed: true as const, revision: 'new', sync: { claim: true }, maintain: false }, st: status(), expected: 'rollout' },
    { name: 'held: nothing, however out of sync', directive: { managed: true as const, revision: 'new', maintain: false }, st: status(), selfHeal: true, expected: undefined },
    { name: 'drift at the frozen commit with selfHeal', directive: maintain, st: status(), selfHeal: true, expected: 'self-heal' },
    { name: 'drift at the frozen commit without selfHeal', directive: maintain, st: status(), expected: undefined },
    { name: 'never another revision than the frozen one', directive: maintain, st: status({ operationState: operation({ revision: 'older' }) }), selfHeal: true, expected: undefined },
    {
      name: 'a failed sync retried when due, under syncPolicy.retry (no automated policy needed)',
      directive: maintain,
      st: status({ operationState: operation({ phase: 'Failed' }), retry: { attempts: 1, nextAttemptAt: '2026-06-01T09:59:00Z', revision: 'new' } }),
      retry: { limit: 2 },
      expected: 'retry',
    },
    { name: 'a failed sync without a retry policy', directive: maintain, st: status({ operationState: operation({ phase: 'Error' }) }), selfHeal: true, expected: undefined },
  ])('$name', ({ directive, st, selfHeal, retry, expected }) => {
    expect(decideRolloutSync(directive, { outOfSync: true, status: st, retry, selfHeal: selfHeal ?? false, now })).toBe(expected);
  });
});
