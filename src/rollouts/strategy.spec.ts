import { describe, expect, it } from 'vitest';
import { matchingSteps, maxUpdateBudget, rollingSyncOf, strategyIssues } from './strategy';

const rolling = (steps: unknown[], extra: Record<string, unknown> = {}) => ({ type: 'RollingSync', rollingSync: { steps, ...extra } });
const env = (values: string[], operator = 'In') => ({ matchExpressions: [{ key: 'env', operator, values }] });

describe('strategyIssues', () => {
  it.each([
    { name: 'no strategy', strategy: undefined, issues: [] },
    { name: 'AllAtOnce', strategy: { type: 'AllAtOnce' }, issues: [] },
    { name: "Argo CD's example", strategy: rolling([env(['staging']), { ...env(['production']), maxUpdate: '50%' }]), issues: [] },
    { name: 'every Flotilla extension', strategy: rolling([{ ...env(['prod']), maxUpdate: 1, bake: '5m', progressDeadline: '15m', maxFailures: 1, approval: true }], { onFailure: 'rollback' }), issues: [] },
    { name: 'unknown fields are kept', strategy: { ...rolling([env(['a'])]), somethingNew: true }, issues: [] },
    { name: 'maxUpdate 0', strategy: rolling([{ ...env(['a']), maxUpdate: 0 }]), issues: [] },
    { name: 'deletionOrder Reverse', strategy: { ...rolling([env(['a'])]), deletionOrder: 'Reverse' }, issues: [] },
    { name: 'an unknown type', strategy: { type: 'Canary' }, issues: ['spec.strategy.type'] },
    { name: 'RollingSync without steps (every application waits for a manual sync)', strategy: { type: 'RollingSync' }, issues: [] },
    { name: 'the Exists operator', strategy: rolling([{ matchExpressions: [{ key: 'env', operator: 'Exists' }] }]), issues: ['spec.strategy.rollingSync.steps[0].matchExpressions[0].operator'] },
    { name: 'a negative maxUpdate', strategy: rolling([{ ...env(['a']), maxUpdate: -1 }]), issues: ['spec.strategy.rollingSync.steps[0].maxUpdate'] },
    { name: 'a maxUpdate of 150%', strategy: rolling([{ ...env(['a']), maxUpdate: '150%' }]), issues: ['spec.strategy.rollingSync.steps[0].maxUpdate'] },
    { name: 'a maxUpdate that is neither', strategy: rolling([{ ...env(['a']), maxUpdate: 'half' }]), issues: ['spec.strategy.rollingSync.steps[0].maxUpdate'] },
    { name: 'a bake that is no Go duration', strategy: rolling([{ ...env(['a']), bake: '5 minutes' }]), issues: ['spec.strategy.rollingSync.steps[0].bake'] },
    { name: 'a negative progressDeadline', strategy: rolling([{ ...env(['a']), progressDeadline: '-1m' }]), issues: ['spec.strategy.rollingSync.steps[0].progressDeadline'] },
    { name: 'a fractional maxFailures', strategy: rolling([{ ...env(['a']), maxFailures: 1.5 }]), issues: ['spec.strategy.rollingSync.steps[0].maxFailures'] },
    { name: 'an unknown onFailure', strategy: rolling([env(['a'])], { onFailure: 'retry' }), issues: ['spec.strategy.rollingSync.onFailure'] },
    { name: 'an unknown deletionOrder', strategy: { ...rolling([env(['a'])]), deletionOrder: 'Random' }, issues: ['spec.strategy.deletionOrder'] },
    {
      name: 'every problem at once',
      strategy: rolling([{ matchExpressions: [{ key: 'env', operator: 'Gt' }], maxUpdate: 'x' }, { approval: 'yes' }]),
      issues: ['spec.strategy.rollingSync.steps[0].matchExpressions[0].operator', 'spec.strategy.rollingSync.steps[0].maxUpdate', 'spec.strategy.rollingSync.steps[1].approval'],
    },
  ])('$name', ({ strategy, issues }) => {
    expect(strategyIssues(strategy, 'spec.strategy').map((issue) => issue.path)).toEqual(issues);
  });

  it('says what is accepted', () => {
    expect(strategyIssues(rolling([{ matchExpressions: [{ key: 'env', operator: 'Exists' }] }]), 'spec.strategy')[0].message).toBe('only In and NotIn are supported');
  });
});

describe('maxUpdateBudget', () => {
  it.each([
    { name: 'unset: the whole step', setting: undefined, size: 7, budget: 7 },
    { name: 'an integer', setting: 2, size: 7, budget: 2 },
    { name: 'an integer above the size', setting: 10, size: 3, budget: 10 },
    { name: '0', setting: 0, size: 7, budget: 0 },
    { name: '0%', setting: '0%', size: 7, budget: 0 },
    { name: '50% of 7 rounds down', setting: '50%', size: 7, budget: 3 },
    { name: '100%', setting: '100%', size: 7, budget: 7 },
    { name: '10% of 3 is never below 1', setting: '10%', size: 3, budget: 1 },
    { name: '1% of an empty step is 1', setting: '1%', size: 0, budget: 1 },
  ])('$name', ({ setting, size, budget }) => {
    expect(maxUpdateBudget(setting, size)).toBe(budget);
  });
});

describe('matchingSteps', () => {
  const steps = [env(['staging']), env(['staging', 'production']), env(['staging'], 'NotIn'), { matchExpressions: [] }].map((s) => ({
    matchExpressions: s.matchExpressions.map((e) => ({ key: e.key, operator: e.operator as 'In' | 'NotIn', values: e.values })),
  }));
  it.each<{ name: string; labels: Record<string, string>; matches: number[] }>([
    { name: 'staging matches In and the catch-all', labels: { env: 'staging' }, matches: [0, 1, 3] },
    { name: 'production matches the list and NotIn', labels: { env: 'production' }, matches: [1, 2, 3] },
    { name: 'a missing label fails In and passes NotIn', labels: {}, matches: [2, 3] },
  ])('$name', ({ labels, matches }) => {
    expect(matchingSteps(labels, steps)).toEqual(matches);
  });
});

describe('rollingSyncOf', () => {
  it('freezes each step with its defaults', () => {
    const plan = rollingSyncOf({ spec: { strategy: rolling([{ ...env(['a']), bake: '90s' }]) } });
    expect(plan).toEqual({
      onFailure: 'halt',
      steps: [{ matchExpressions: [{ key: 'env', operator: 'In', values: ['a'] }], bake: '90s', bakeMs: 90_000, progressDeadline: '10m', progressDeadlineMs: 600_000, maxFailures: 0, approval: false }],
    });
  });

  it('has no steps for a RollingSync strategy without any', () => {
    expect(rollingSyncOf({ spec: { strategy: { type: 'RollingSync' } } })).toEqual({ onFailure: 'halt', steps: [] });
  });

  it('is undefined for AllAtOnce, no strategy, or an invalid one', () => {
    expect(rollingSyncOf({ spec: { strategy: { type: 'AllAtOnce' } } })).toBeUndefined();
    expect(rollingSyncOf({ spec: {} })).toBeUndefined();
    expect(rollingSyncOf({ spec: { strategy: { type: 'RollingSync', rollingSync: { steps: [{ maxUpdate: 'x' }] } } } })).toBeUndefined();
  });
});
