import { describe, expect, it } from 'vitest';
import type { ApplicationStatusRecord } from '../domain/application';
import { clusterEventOf, markChangesOf, newlyPending, rolloutEventOf, syncEventOf } from './event-decisions';
import { subjectMatches, type SubscriptionFilter } from './subscription-filter';
import { parseLabelSelector } from '../common/label-selector';

const SHA = 'a'.repeat(40);
const status = (over: Partial<ApplicationStatusRecord>): ApplicationStatusRecord => ({
  sync: { status: 'Synced', revision: SHA },
  health: { status: 'Healthy' },
  conditions: [],
  operationState: { phase: 'Succeeded', revision: SHA, trigger: 'automated', message: '', startedAt: '', finishedAt: '' } as ApplicationStatusRecord['operationState'],
  ...over,
});

describe('what a status write may announce', () => {
  it.each([
    ['synced and healthy after a successful sync of that revision', status({}), ['recovered', 'deployed']],
    ['healthy but out of sync', status({ sync: { status: 'OutOfSync', revision: SHA } }), ['recovered']],
    ['healthy, the last sync failed', status({ operationState: { phase: 'Failed', revision: SHA } as ApplicationStatusRecord['operationState'] }), ['recovered']],
    ['healthy on a revision no sync applied', status({ sync: { status: 'Synced', revision: 'b'.repeat(40) } }), ['recovered']],
    ['progressing (a pod restart)', status({ health: { status: 'Progressing' } }), []],
    ['unknown (cluster unreachable)', status({ health: { status: 'Unknown' } }), []],
    ['degraded', status({ health: { status: 'Degraded' } }), ['degraded']],
  ])('%s', (_name, record, marks) => {
    expect(markChangesOf(record).map((change) => change.mark)).toEqual(marks);
  });
});

describe('events of other changes', () => {
  it.each([
    ['Succeeded', 'sync.succeeded'],
    ['Failed', 'sync.failed'],
    ['Error', 'sync.failed'],
    ['Interrupted', undefined],
  ])('sync run %s → %s', (phase, type) => expect(syncEventOf(phase)).toBe(type));

  it.each([
    ['Created', 'rollout.started'],
    ['StepCompleted', 'rollout.step-completed'],
    ['Halted', 'rollout.halted'],
    ['Completed', 'rollout.completed'],
    ['ApplicationFailed', undefined],
    ['StepStarted', undefined],
  ] as const)('rollout %s → %s', (action, type) => expect(rolloutEventOf(action)).toBe(type));

  it.each([
    ['Unknown', 'Failed', 'cluster.unreachable'],
    ['Successful', 'Failed', 'cluster.unreachable'],
    ['Failed', 'Failed', undefined],
    ['Failed', 'Successful', 'cluster.recovered'],
    ['Unknown', 'Successful', undefined],
    ['Successful', 'Successful', undefined],
  ])('cluster %s → %s: %s', (from, to, type) => expect(clusterEventOf(from, to)).toBe(type));

  it('announces only applications newly held back by the deletion budget', () => {
    expect(newlyPending(['a', 'b'], ['a', 'b', 'c'])).toEqual(['c']);
    expect(newlyPending(['a', 'b'], ['a'])).toEqual([]);
  });
});

describe('subscription filters', () => {
  const subject = { project: 'platform', applicationSet: 'my-api', application: 'my-api-prod', cluster: 'prod-eu' };
  it.each([
    ['no filter', {}, undefined, true],
    ['the project', { project: 'platform' }, undefined, true],
    ['another project', { project: 'other' }, undefined, false],
    ['the set and application', { applicationSet: 'my-api', application: 'my-api-prod' }, undefined, true],
    ['another application', { application: 'my-api-staging' }, undefined, false],
    ['cluster labels that match', { clusterSelector: 'env=production' }, { env: 'production' }, true],
    ['cluster labels that do not', { clusterSelector: 'env=production' }, { env: 'staging' }, false],
    ['a cluster selector on an event without a cluster', { clusterSelector: 'env=production' }, undefined, false],
  ])('%s', (_name, filter: SubscriptionFilter, labels, matches) => {
    expect(subjectMatches(filter, subject, parseLabelSelector(filter.clusterSelector ?? ''), labels)).toBe(matches);
  });
});
