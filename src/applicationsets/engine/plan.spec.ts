import { describe, expect, it } from 'vitest';
import { deletionBudget, planChanges, planSettingsFor } from './plan';
import { buildAppSet } from './testing/builders';
import type { Application, ApplicationsSyncPolicy } from './types';

function app(name: string, overrides: { revision?: string; finalizers?: string[]; labels?: Record<string, string> } = {}): Application {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name, namespace: 'argocd', labels: overrides.labels, finalizers: overrides.finalizers ?? ['resources-finalizer.argocd.argoproj.io'] },
    spec: {
      project: 'default',
      source: { repoURL: 'https://github.com/org/repo', targetRevision: overrides.revision ?? 'main' },
      destination: { server: 'https://a', namespace: 'apps' },
    },
  };
}

const names = (apps: { metadata: { name: string } }[]) => apps.map((a) => a.metadata.name);

describe('planChanges policies', () => {
  const existing = [app('keep'), app('change'), app('gone')];
  const desired = [app('keep'), app('change', { revision: 'v2' }), app('new')];
  const rows: { policy: ApplicationsSyncPolicy; create: string[]; update: string[]; del: string[]; skipped: string[] }[] = [
    { policy: 'sync', create: ['new'], update: ['change'], del: ['gone'], skipped: [] },
    { policy: 'create-update', create: ['new'], update: ['change'], del: [], skipped: ['gone'] },
    { policy: 'create-delete', create: ['new'], update: [], del: ['gone'], skipped: ['change'] },
    { policy: 'create-only', create: ['new'], update: [], del: [], skipped: ['change', 'gone'] },
  ];
  it.each(rows)('$policy', ({ policy, create, update, del, skipped }) => {
    const plan = planChanges(desired, existing, policy, { deletionBudgetPercent: 100 });
    expect(names(plan.create)).toEqual(create);
    expect(plan.update.map((u) => u.name)).toEqual(update);
    expect(plan.delete.map((d) => d.name)).toEqual(del);
    expect(plan.skipped.map((s) => s.name)).toEqual(skipped);
    expect(names(plan.unchanged)).toEqual(['keep']);
    expect(plan.pendingDeletion).toEqual([]);
  });

  it('reports why a change was skipped', () => {
    const plan = planChanges(desired, existing, 'create-only');
    expect(plan.skipped).toEqual([
      { name: 'change', reason: 'policy create-only never updates (1 field(s) differ)' },
      { name: 'gone', reason: 'policy create-only never deletes' },
    ]);
  });
});

describe('planChanges field diff', () => {
  const rows: { name: string; from: Application; to: Application; want: { path: string; from: unknown; to: unknown }[] }[] = [
    { name: 'changed revision', from: app('a'), to: app('a', { revision: 'v2' }), want: [{ path: 'spec.source.targetRevision', from: 'main', to: 'v2' }] },
    { name: 'added label', from: app('a'), to: app('a', { labels: { env: 'x' } }), want: [{ path: 'metadata.labels.env', from: undefined, to: 'x' }] },
    { name: 'removed finalizer', from: app('a'), to: app('a', { finalizers: [] }), want: [{ path: 'metadata.finalizers', from: ['resources-finalizer.argocd.argoproj.io'], to: [] }] },
    {
      name: 'status and uid are not managed',
      from: { ...app('a'), metadata: { ...app('a').metadata, uid: '123' }, status: { health: 'Healthy' } } as Application,
      to: app('a'),
      want: [],
    },
  ];
  it.each(rows)('$name', ({ from, to, want }) => {
    const plan = planChanges([to], [from], 'sync');
    if (want.length === 0) expect(names(plan.unchanged)).toEqual(['a']);
    else expect(plan.update[0].changes).toEqual(want);
  });
});

describe('planChanges deletion budget', () => {
  const existing = Array.from({ length: 10 }, (_, i) => app(`app-${i}`));
  const rows: { name: string; percent?: number; desired: number; del: number; pending: number }[] = [
    { name: 'default 25% of 10 is 2', desired: 0, del: 2, pending: 8 },
    { name: '50% of 10 is 5', percent: 50, desired: 0, del: 5, pending: 5 },
    { name: 'at least one deletion', percent: 1, desired: 0, del: 1, pending: 9 },
    { name: 'zero percent still allows one', percent: 0, desired: 0, del: 1, pending: 9 },
    { name: 'within budget', percent: 25, desired: 9, del: 1, pending: 0 },
    { name: 'everything allowed at 100%', percent: 100, desired: 0, del: 10, pending: 0 },
  ];
  it.each(rows)('$name', ({ percent, desired, del, pending }) => {
    const plan = planChanges(existing.slice(0, desired), existing, 'sync', percent === undefined ? {} : { deletionBudgetPercent: percent });
    expect(plan.delete).toHaveLength(del);
    expect(plan.pendingDeletion).toHaveLength(pending);
  });

  it('deletes in name order so the pending set is stable', () => {
    const plan = planChanges([], [app('c'), app('a'), app('b')], 'sync', { deletionBudgetPercent: 34 });
    expect(plan.delete.map((d) => d.name)).toEqual(['a']);
    expect(plan.pendingDeletion.map((d) => d.name)).toEqual(['b', 'c']);
  });

  it('deletes nothing more while what an earlier expansion held back waits for approval', () => {
    const plan = planChanges([], [app('b'), app('c'), app('d')], 'sync', { deletionBudgetPercent: 34, heldBack: ['b', 'c'] });
    expect(plan.delete).toEqual([]);
    expect(plan.pendingDeletion.map((d) => d.name)).toEqual(['b', 'c', 'd']);
  });

  it('spends the budget again once nothing held back is still to be deleted', () => {
    const plan = planChanges([app('b')], [app('b'), app('c'), app('d')], 'sync', { deletionBudgetPercent: 34, heldBack: ['b'] });
    expect(plan.delete.map((d) => d.name)).toEqual(['c']);
    expect(plan.pendingDeletion.map((d) => d.name)).toEqual(['d']);
  });

  const budgets: { existing: number; percent: number; want: number }[] = [
    { existing: 0, percent: 25, want: 1 },
    { existing: 3, percent: 25, want: 1 },
    { existing: 8, percent: 25, want: 2 },
    { existing: 1000, percent: 25, want: 250 },
  ];
  it.each(budgets)('budget for $existing at $percent% is $want', ({ existing: count, percent, want }) => {
    expect(deletionBudget(count, percent)).toBe(want);
  });
});

describe('planChanges cascade', () => {
  const rows: { name: string; finalizers: string[]; preserve?: boolean; cascade: boolean }[] = [
    { name: 'resources finalizer cascades', finalizers: ['resources-finalizer.argocd.argoproj.io'], cascade: true },
    { name: 'background variant cascades', finalizers: ['resources-finalizer.argocd.argoproj.io/background'], cascade: true },
    { name: 'no finalizer keeps resources', finalizers: [], cascade: false },
    { name: 'preserveResourcesOnDeletion keeps resources', finalizers: ['resources-finalizer.argocd.argoproj.io'], preserve: true, cascade: false },
  ];
  it.each(rows)('$name', ({ finalizers, preserve, cascade }) => {
    const plan = planChanges([], [app('x', { finalizers })], 'sync', { preserveResourcesOnDeletion: preserve });
    expect(plan.delete[0].cascade).toBe(cascade);
  });
});

describe('planChanges rejected names', () => {
  const rows: { name: string; policy: ApplicationsSyncPolicy; rejectedNames: string[]; del: string[]; skipped: string[] }[] = [
    { name: 'a rejected duplicate is not deleted', policy: 'sync', rejectedNames: ['dup'], del: ['gone'], skipped: ['dup'] },
    { name: 'without the rejection it would be deleted', policy: 'sync', rejectedNames: [], del: ['dup', 'gone'], skipped: [] },
    { name: 'create-delete keeps it too', policy: 'create-delete', rejectedNames: ['dup', 'gone'], del: [], skipped: ['dup', 'gone'] },
  ];
  it.each(rows)('$name', ({ policy, rejectedNames, del, skipped }) => {
    const plan = planChanges([app('keep')], [app('keep'), app('dup'), app('gone')], policy, { deletionBudgetPercent: 100, rejectedNames });
    expect(plan.delete.map((d) => d.name)).toEqual(del);
    expect(plan.skipped.map((s) => s.name)).toEqual(skipped);
  });
});

describe('planChanges preserved fields', () => {
  function annotated(name: string, annotations: Record<string, string>, labels?: Record<string, string>): Application {
    const base = app(name, { labels });
    return { ...base, metadata: { ...base.metadata, annotations } };
  }
  const rows: {
    name: string;
    existing: Application;
    desired: Application;
    preservedFields?: { annotations?: string[]; labels?: string[] };
    unchanged: boolean;
    annotations?: Record<string, string>;
  }[] = [
    { name: 'refresh annotation is kept by default', existing: annotated('a', { 'argocd.argoproj.io/refresh': 'hard' }), desired: app('a'), unchanged: true },
    { name: 'notification state is kept by default', existing: annotated('a', { 'notified.notifications.argoproj.io': '{}' }), desired: app('a'), unchanged: true },
    { name: 'other annotations are removed', existing: annotated('a', { 'example.com/x': '1' }), desired: app('a'), unchanged: false, annotations: {} },
    {
      name: 'preservedFields annotations are kept alongside a real change',
      existing: annotated('a', { 'example.com/x': '1' }),
      desired: annotated('a', { note: 'new' }),
      preservedFields: { annotations: ['example.com/x'] },
      unchanged: false,
      annotations: { note: 'new', 'example.com/x': '1' },
    },
    { name: 'preservedFields labels are kept', existing: app('a', { labels: { team: 'x' } }), desired: app('a'), preservedFields: { labels: ['team'] }, unchanged: true },
  ];
  it.each(rows)('$name', ({ existing, desired, preservedFields, unchanged, annotations }) => {
    const plan = planChanges([desired], [existing], 'sync', { preservedFields });
    if (unchanged) {
      expect(plan.unchanged).toHaveLength(1);
      return;
    }
    expect(plan.update).toHaveLength(1);
    expect(plan.update[0].application.metadata.annotations ?? {}).toEqual(annotations);
  });
});

describe('planSettingsFor', () => {
  it('uses sync, the default budget and nothing preserved for a plain set', () => {
    expect(planSettingsFor(buildAppSet([]), [])).toEqual({
      policy: 'sync',
      opts: { deletionBudgetPercent: 25, preserveResourcesOnDeletion: false, rejectedNames: [], preservedFields: undefined, ignoreApplicationDifferences: undefined },
    });
  });

  it('reads the set and the rejected names', () => {
    const appSet = buildAppSet([], {
      syncPolicy: { applicationsSync: 'create-update', preserveResourcesOnDeletion: true },
      preservedFields: { labels: ['team'] },
      ignoreApplicationDifferences: [{ jsonPointers: ['/spec/source/targetRevision'] }],
    });
    expect(planSettingsFor(appSet, [{ name: 'dup', reason: 'x' }], 10)).toEqual({
      policy: 'create-update',
      opts: {
        deletionBudgetPercent: 10,
        preserveResourcesOnDeletion: true,
        rejectedNames: ['dup'],
        preservedFields: { labels: ['team'] },
        ignoreApplicationDifferences: [{ jsonPointers: ['/spec/source/targetRevision'] }],
      },
    });
  });
});
