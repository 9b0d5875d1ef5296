import { describe, expect, it } from 'vitest';
import type { MatchExpression } from '../domain/rollout';
import { commonRevision, type DesiredApplication, type FrozenTarget, needsNewRollout, planTargets } from './rollout-plan';

const desired = (name: string, over: Partial<DesiredApplication> = {}): DesiredApplication => ({
  name,
  cluster: `cluster-${name}`,
  labels: { env: name.startsWith('prod') ? 'production' : 'staging' },
  revision: 'sha-2',
  digest: 'digest-2',
  fingerprint: `generated-${name}`,
  status: { sync: { status: 'OutOfSync', revision: 'sha-2' }, health: { status: 'Healthy' } },
  ...over,
});
const frozen = (application: string, over: Partial<FrozenTarget> = {}): FrozenTarget => ({ application, revision: 'sha-2', digest: 'digest-2', state: 'Healthy', previousRevision: 'sha-1', ...over });
const env = (...values: string[]): { matchExpressions: MatchExpression[] } => ({ matchExpressions: [{ key: 'env', operator: 'In', values }] });

describe('needsNewRollout', () => {
  it.each([
    { name: 'an empty set never gets one', latest: undefined, apps: [], expected: false },
    { name: 'the first rollout of a set (first deployment included)', latest: undefined, apps: [desired('staging')], expected: true },
    { name: 'nothing changed', latest: [frozen('staging'), frozen('prod-eu')], apps: [desired('staging'), desired('prod-eu')], expected: false },
    { name: 'a new commit supersedes the latest', latest: [frozen('staging', { revision: 'sha-1' })], apps: [desired('staging')], expected: true },
    { name: 'a template change renders something else (the digest)', latest: [frozen('staging', { digest: 'digest-1' })], apps: [desired('staging')], expected: true },
    { name: 'a new application', latest: [frozen('staging')], apps: [desired('staging'), desired('prod-eu')], expected: true },
    { name: 'an application gone', latest: [frozen('staging'), frozen('prod-eu')], apps: [desired('staging')], expected: true },
    { name: 'a halted or rolled back rollout of the same change stays as it is', latest: [frozen('staging', { state: 'RolledBack' })], apps: [desired('staging')], expected: false },
  ])('$name', ({ latest, apps, expected }) => {
    expect(needsNewRollout(latest, apps)).toBe(expected);
  });
});

describe('planTargets', () => {
  it('puts each application in the first step it matches and reports those in none or in two', () => {
    const planned = planTargets([desired('prod-eu'), desired('staging'), desired('dev', { labels: { env: 'dev' } })], [env('staging'), env('staging', 'production')]);
    expect(planned.map(({ application, step, message }) => ({ application, step, message }))).toEqual([
      { application: 'dev', step: null, message: 'matches no step of spec.strategy.rollingSync; it waits for a manual sync' },
      { application: 'prod-eu', step: 1, message: null },
      { application: 'staging', step: 0, message: 'matches steps 1 and 2; it belongs to step 1' },
    ]);
  });

  it.each([
    { name: 'Synced and Healthy now: the revision it runs', app: desired('a', { status: { sync: { status: 'Synced', revision: 'sha-1' }, health: { status: 'Healthy' } } }), prior: undefined, previous: 'sha-1' },
    { name: 'never deployed: none', app: desired('a'), prior: undefined, previous: null },
    { name: 'Healthy in the latest rollout: that revision', app: desired('a', { status: { sync: { status: 'OutOfSync', revision: 'sha-2' }, health: { status: 'Degraded' } } }), prior: frozen('a', { revision: 'sha-1', previousRevision: 'sha-0' }), previous: 'sha-1' },
    { name: 'failed in the latest rollout: what it had before that', app: desired('a', { status: { sync: { status: 'Synced', revision: 'bad' }, health: { status: 'Degraded' } } }), prior: frozen('a', { revision: 'bad', state: 'Failed', previousRevision: 'sha-1' }), previous: 'sha-1' },
  ])('records the revision a rollback goes back to — $name', ({ app, prior, previous }) => {
    expect(planTargets([app], [{ matchExpressions: [] }], prior ? [prior] : [])[0].previousRevision).toBe(previous);
  });

  it('names the commit when every application shares one', () => {
    expect(commonRevision([desired('a'), desired('b')])).toBe('sha-2');
    expect(commonRevision([desired('a'), desired('b', { revision: 'sha-3' })])).toBeNull();
  });
});
