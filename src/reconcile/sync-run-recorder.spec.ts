import { describe, expect, it } from 'vitest';
import type { ResourceResult } from '../database/entities/sync-run.entity';
import type { LastOutcome } from '../repositories/sync-run.repository';
import { changedTheCluster, lineageAfter } from './sync-run-recorder';

const T1 = new Date('2026-11-29T10:00:00Z');
const T0 = new Date('2026-11-29T09:00:00Z');
const last = (overrides: Partial<LastOutcome>): LastOutcome => ({ phase: 'Succeeded', revision: 'b', previousRevision: 'a', failingSince: null, startedAt: T1, ...overrides });

describe('lineageAfter: what a new run records of the runs before it', () => {
  it.each([
    { name: 'the first run of an application on a cluster', before: null, expected: { previousRevision: null, failingSince: null } },
    { name: 'after a success: its revision, not failing', before: last({}), expected: { previousRevision: 'b', failingSince: null } },
    { name: 'after a first failure: what ran before it, failing since it started', before: last({ phase: 'Failed' }), expected: { previousRevision: 'a', failingSince: T1 } },
    { name: 'after an Error: the same as a failure', before: last({ phase: 'Error' }), expected: { previousRevision: 'a', failingSince: T1 } },
    { name: 'after a second failure: still failing since the first', before: last({ phase: 'Failed', failingSince: T0 }), expected: { previousRevision: 'a', failingSince: T0 } },
    { name: 'after a success that restored a failure: not failing', before: last({ failingSince: T0 }), expected: { previousRevision: 'b', failingSince: null } },
  ])('$name', ({ before, expected }) => {
    expect(lineageAfter(before)).toEqual(expected);
  });
});

describe('changedTheCluster', () => {
  const result = (action: ResourceResult['action']): ResourceResult => ({ group: 'apps', kind: 'Deployment', namespace: 'prod', name: 'my-api', action });
  it.each([
    { name: 'nothing to do', actions: [], expected: false },
    { name: 'everything unchanged', actions: ['unchanged', 'unchanged'], expected: false },
    { name: 'a failure changes nothing by itself', actions: ['failed'], expected: false },
    { name: 'created', actions: ['unchanged', 'created'], expected: true },
    { name: 'configured', actions: ['configured'], expected: true },
    { name: 'pruned', actions: ['unchanged', 'pruned'], expected: true },
  ] as { name: string; actions: ResourceResult['action'][]; expected: boolean }[])('$name', ({ actions, expected }) => {
    expect(changedTheCluster(actions.map(result))).toBe(expected);
  });
});
