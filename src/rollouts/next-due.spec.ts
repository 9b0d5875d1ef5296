import { describe, expect, it } from 'vitest';
import type { StepSettings } from '../domain/rollout';
import type { RolloutActions, StepRecord, TargetRecord } from './model';
import { nextDueAt } from './next-due';

const T0 = new Date('2026-06-01T10:00:00Z').getTime();
const at = (seconds: number) => new Date(T0 + seconds * 1000);
const settings: StepSettings = { matchExpressions: [], bake: '30s', bakeMs: 30_000, progressDeadline: '10m', progressDeadlineMs: 600_000, maxFailures: 0, approval: false };
const step = (index: number, over: Partial<StepRecord> = {}): StepRecord => ({ index, settings, state: 'Waiting', message: null, startedAt: null, healthySince: null, completedAt: null, approvedAt: null, ...over });
const target = (id: string, over: Partial<TargetRecord> = {}): TargetRecord => ({
  id,
  application: id,
  cluster: 'c',
  step: 0,
  revision: 'sha',
  previousRevision: null,
  state: 'Waiting',
  syncRun: null,
  eligibleAt: null,
  healthySince: null,
  message: null,
  lastTransitionAt: at(0),
  ...over,
});
const none: RolloutActions = { steps: [], targets: [], events: [] };

describe('nextDueAt: when time alone moves a rollout on (the driver wakes itself then)', () => {
  it('is the end of the bake of a running step whose applications are all Healthy, as the pass leaves it', () => {
    const actions: RolloutActions = { ...none, steps: [{ index: 0, from: 'Progressing', patch: { healthySince: at(5) } }] };
    expect(nextDueAt([step(0, { state: 'Progressing' })], [target('a', { state: 'Healthy' })], actions)).toBe(at(35).getTime());
  });

  it('is the earlier of a bake end and the progress deadline of an application still under way', () => {
    const steps = [step(0, { state: 'Progressing', healthySince: at(0) }), step(1, { state: 'Progressing' })];
    const targets = [target('a', { state: 'Healthy' }), target('b', { step: 1, state: 'Waiting' })];
    // This pass makes b Pending at 10 s: its deadline (10 m later) is after a's bake end (30 s).
    const actions: RolloutActions = { ...none, targets: [{ id: 'b', from: 'Waiting', patch: { state: 'Pending', eligibleAt: at(10) } }] };
    expect(nextDueAt(steps, targets, actions)).toBe(at(30).getTime());
    expect(nextDueAt([steps[1]], targets, actions)).toBe(at(610).getTime());
  });

  it('is undefined when only a status change can move it: steps not running, or completed by this pass', () => {
    expect(nextDueAt([step(0)], [target('a')], none)).toBeUndefined();
    const completed: RolloutActions = { ...none, steps: [{ index: 0, from: 'Progressing', patch: { state: 'Completed', completedAt: at(40) } }] };
    expect(nextDueAt([step(0, { state: 'Progressing', healthySince: at(0) })], [target('a', { state: 'Healthy' })], completed)).toBeUndefined();
  });
});
