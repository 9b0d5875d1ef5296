import { describe, expect, it } from 'vitest';
import { DomainError } from '../common/errors/domain-error';
import { parseWith } from '../common/http/zod-validation.pipe';
import { changesWindowOf, groupByOf, listFilterOf, summaryWindowOf } from './history-filters';
import { historyChangesQuerySchema, historyListQuerySchema, historyStateQuerySchema, historySummaryQuerySchema } from './history.schemas';

const NOW = new Date('2026-11-29T12:00:00Z');
const SHA = '3f786850e387550fdab836ed7e6dc881de23001b';

/** The request's query as the controller gets it: validated by the schema, then turned into a filter. */
const listFilter = (query: Record<string, string | undefined>) => listFilterOf(parseWith(historyListQuerySchema, query));

/** The `{ field, reason }` rows of the 400 a query gets, or the filter when it gets none. */
function detailsOf(work: () => unknown): { field: string; reason: string }[] {
  try {
    work();
  } catch (error) {
    if (error instanceof DomainError) return error.details ?? [];
    throw error;
  }
  throw new Error('expected a 400');
}

describe('history list filters', () => {
  it.each([
    { name: 'no filter: every run, paged by default', query: {}, expected: { selector: [] } },
    { name: 'names are kept as given', query: { application: 'my-api-prod-eu', cluster: 'prod-eu', project: 'platform', applicationSet: 'my-api-fleet' }, expected: { application: 'my-api-prod-eu', cluster: 'prod-eu', project: 'platform', applicationSet: 'my-api-fleet' } },
    { name: 'a full SHA matches exactly', query: { revision: SHA }, expected: { revision: { value: SHA, prefix: false } } },
    { name: 'a short SHA is a prefix', query: { revision: '3f78685' }, expected: { revision: { value: '3f78685', prefix: true } } },
    { name: 'a SHA in capitals is lowered', query: { revision: '3F78685' }, expected: { revision: { value: '3f78685', prefix: true } } },
    { name: 'a SHA-256 object name is full', query: { revision: 'a'.repeat(64) }, expected: { revision: { value: 'a'.repeat(64), prefix: false } } },
    {
      name: 'a selector over the cluster labels',
      query: { selector: 'env=production,region in (eu,us),!canary' },
      expected: {
        selector: [
          { key: 'env', operator: 'In', values: ['production'] },
          { key: 'region', operator: 'In', values: ['eu', 'us'] },
          { key: 'canary', operator: 'DoesNotExist', values: [] },
        ],
      },
    },
    { name: 'phase, trigger and token', query: { phase: 'Failed', trigger: 'manual', triggeredBy: 'release-bot' }, expected: { phase: 'Failed', trigger: 'manual', triggeredBy: 'release-bot' } },
    { name: 'times with an offset', query: { since: '2026-11-01T00:00:00+01:00', until: '2026-11-02T00:00:00Z' }, expected: { since: new Date('2026-10-31T23:00:00Z'), until: new Date('2026-11-02T00:00:00Z') } },
  ])('$name', ({ query, expected }) => {
    expect(listFilter(query)).toMatchObject(expected);
  });

  it.each([
    { name: 'an unknown field', query: { owner: 'me' }, field: 'owner', reason: 'unknown field' },
    { name: 'a time without an offset', query: { since: '2026-11-01T00:00:00' }, field: 'since' },
    { name: 'a time that is not one', query: { until: 'yesterday' }, field: 'until' },
    { name: 'until before since', query: { since: '2026-11-02T00:00:00Z', until: '2026-11-01T00:00:00Z' }, field: 'until', reason: 'must be later than since' },
    { name: 'a bad selector', query: { selector: 'env in (a' }, field: 'selector' },
    { name: 'a revision that is not hex', query: { revision: 'main' }, field: 'revision' },
    { name: 'a revision too short to mean anything', query: { revision: 'abc' }, field: 'revision' },
    { name: 'an unknown phase', query: { phase: 'Done' }, field: 'phase' },
    { name: 'an unknown trigger', query: { trigger: 'cron' }, field: 'trigger' },
    { name: 'a rollout that is not a UUID', query: { rollout: 'canary' }, field: 'rollout' },
    { name: 'resources other than true or false', query: { resources: 'yes' }, field: 'resources' },
    { name: 'a limit too large', query: { limit: '100000' }, field: 'limit' },
  ])('refuses $name, naming the field', ({ query, field, reason }) => {
    const details = detailsOf(() => listFilter(query));
    expect(details).toHaveLength(1);
    expect(details[0]).toMatchObject({ field, ...(reason ? { reason } : {}) });
  });
});

describe('state, changes and summary queries', () => {
  it('takes the moment of a state query, and refuses the list-only fields', () => {
    expect(parseWith(historyStateQuerySchema, { at: '2026-11-29T10:00:00Z', cluster: 'prod-eu' })).toMatchObject({ at: '2026-11-29T10:00:00Z', limit: 1000 });
    expect(detailsOf(() => parseWith(historyStateQuerySchema, { at: 'now' }))[0].field).toBe('at');
    expect(detailsOf(() => parseWith(historyStateQuerySchema, { phase: 'Succeeded' }))).toEqual([{ field: 'phase', reason: 'unknown field' }]);
  });

  it.each([
    { name: 'to defaults to now', query: { from: '2026-11-28T00:00:00Z' }, expected: { from: new Date('2026-11-28T00:00:00Z'), to: NOW } },
    { name: 'both given', query: { from: '2026-11-01T00:00:00Z', to: '2026-11-02T00:00:00Z' }, expected: { from: new Date('2026-11-01T00:00:00Z'), to: new Date('2026-11-02T00:00:00Z') } },
  ])('changes window: $name', ({ query, expected }) => {
    expect(changesWindowOf(parseWith(historyChangesQuerySchema, query), NOW)).toEqual(expected);
  });

  it.each([
    { name: 'no from', query: {}, field: 'from' },
    { name: 'to before from', query: { from: '2026-11-02T00:00:00Z', to: '2026-11-01T00:00:00Z' }, field: 'to' },
    { name: 'from equal to to', query: { from: '2026-11-01T00:00:00Z', to: '2026-11-01T00:00:00Z' }, field: 'to' },
    { name: 'from in the future without to', query: { from: '2026-12-01T00:00:00Z' }, field: 'from' },
  ])('changes window refuses $name', ({ query, field }) => {
    expect(detailsOf(() => changesWindowOf(parseWith(historyChangesQuerySchema, query), NOW))[0].field).toBe(field);
  });

  it.each([
    { name: 'defaults: the 30 days up to now', query: {}, expected: { since: new Date('2026-10-30T12:00:00Z'), until: NOW } },
    { name: 'since alone: up to now', query: { since: '2026-11-01T00:00:00Z' }, expected: { since: new Date('2026-11-01T00:00:00Z'), until: NOW } },
    { name: 'until alone: the 30 days before it', query: { until: '2026-11-01T00:00:00Z' }, expected: { since: new Date('2026-10-02T00:00:00Z'), until: new Date('2026-11-01T00:00:00Z') } },
  ])('summary window: $name', ({ query, expected }) => {
    expect(summaryWindowOf(parseWith(historySummaryQuerySchema, query), NOW)).toEqual(expected);
  });

  it.each([
    { name: 'none: one group', text: undefined, expected: { kind: 'none' } },
    { name: 'by cluster', text: 'cluster', expected: { kind: 'cluster' } },
    { name: 'by ApplicationSet', text: 'applicationSet', expected: { kind: 'applicationSet' } },
    { name: 'by a label', text: 'label:env', expected: { kind: 'label', key: 'env' } },
    { name: 'by a prefixed label', text: 'label:topology.kubernetes.io/region', expected: { kind: 'label', key: 'topology.kubernetes.io/region' } },
  ])('groupBy $name', ({ text, expected }) => {
    expect(groupByOf(parseWith(historySummaryQuerySchema, text === undefined ? {} : { groupBy: text }).groupBy)).toEqual(expected);
  });

  it.each([
    { name: 'an unknown grouping', text: 'team' },
    { name: 'a label without a key', text: 'label:' },
    { name: 'a label key Kubernetes refuses', text: 'label:-env' },
    { name: 'a label key with two slashes', text: 'label:a/b/c' },
  ])('groupBy refuses $name, naming groupBy', ({ text }) => {
    expect(detailsOf(() => groupByOf(parseWith(historySummaryQuerySchema, { groupBy: text }).groupBy))).toEqual([{ field: 'groupBy', reason: expect.any(String) }]);
  });

  it('refuses a summary window that ends before it starts', () => {
    expect(detailsOf(() => summaryWindowOf(parseWith(historySummaryQuerySchema, { since: '2026-11-02T00:00:00Z', until: '2026-11-01T00:00:00Z' }), NOW))).toEqual([{ field: 'until', reason: 'must be later than since' }]);
  });
});
