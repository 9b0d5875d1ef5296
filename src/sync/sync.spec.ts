import { beforeEach, describe, expect, it } from 'vitest';
import type { ResourceResult as StoredResourceResult, SyncPhase as StoredSyncPhase } from '../database/entities/sync-run.entity';
import type { KubernetesObject as RenderedObject } from '../rendering/application-source';
import { compareApplication, comparePlanned, comparisonFromPlan } from './compare';
import { httpSyncError, SyncError } from './errors';
import { syncApplication, syncPlanned } from './sync';
import { FakeClusterApi } from './testing/fake-cluster-api';
import { withTracking } from './tracking';
import type { ApplicationIdentity, KubeObject, SyncResult } from './types';

const app = (overrides: Partial<ApplicationIdentity> = {}): ApplicationIdentity => ({
  name: 'shop',
  destinationNamespace: 'shop',
  syncOptions: [],
  prune: true,
  dryRun: false,
  ...overrides,
});

function configMap(name: string, wave?: number, extra: Partial<KubeObject['metadata']> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, ...extra, ...(wave !== undefined && { annotations: { 'argoproj.io/sync-wave': String(wave), ...extra.annotations } }) },
    data: { name },
  };
}

function deployment(name: string, wave = 0): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, annotations: { 'argoproj.io/sync-wave': String(wave) } },
    spec: { replicas: 1 },
  };
}

const summary = (result: SyncResult): string[] => result.resources.map((r) => `${r.kind}/${r.name}:${r.action}`);

let api: FakeClusterApi;
beforeEach(() => {
  api = new FakeClusterApi();
  api.seed({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } });
});

describe('syncApplication with a fake cluster', () => {
  it('places objects, applies in wave and kind order, then only reads on the next pass', async () => {
    const desired = [
      configMap('late', 1),
      deployment('web'),
      configMap('config'),
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'reader', namespace: 'ignored' } },
    ];
    const first = await syncApplication(app(), desired, api, { waitForWaveHealth: false });
    expect(first.phase).toBe('Succeeded');
    expect(summary(first)).toEqual(['ConfigMap/config:created', 'ClusterRole/reader:created', 'Deployment/web:created', 'ConfigMap/late:created']);
    expect(api.find('ConfigMap', 'config')?.metadata.namespace).toBe('shop');
    expect(api.find('ClusterRole', 'reader')?.metadata.namespace).toBeUndefined();

    api.calls.length = 0;
    const second = await syncApplication(app(), desired, api, { waitForWaveHealth: false });
    expect(second.resources.every((r) => r.action === 'unchanged')).toBe(true);
    expect(api.writes()).toEqual([]);
    expect(api.calls.every((c) => c.verb === 'list' || c.verb === 'discovery')).toBe(true);
  });

  it('keeps going inside a failing wave, then stops before the next wave', async () => {
    api.failWith = (verb, target) => (verb === 'apply' && target.endsWith('/bad') ? httpSyncError(422, 'ConfigMap "bad" is invalid') : undefined);
    const result = await syncApplication(app(), [configMap('a'), configMap('bad'), configMap('c'), configMap('next', 1)], api);
    expect(result.phase).toBe('Failed');
    expect(summary(result)).toEqual(['ConfigMap/a:created', 'ConfigMap/bad:failed', 'ConfigMap/c:created']);
    expect(result.error).toMatchObject({ reason: 'Invalid', category: 'terminal', retryable: false });
    expect(api.find('ConfigMap', 'next')).toBeUndefined();
  });

  it('a throttled apply fails the pass with a retryable error', async () => {
    api.failWith = (verb) => (verb === 'apply' ? httpSyncError(429, 'too many requests', '3') : undefined);
    const result = await syncApplication(app(), [configMap('a')], api);
    expect(result.phase).toBe('Failed');
    expect(result.error).toMatchObject({ reason: 'Throttled', category: 'transient', retryAfterSeconds: 3 });
  });

  it('waits for a progressing wave (Running), and continues on a later pass once it is healthy', async () => {
    const desired = [deployment('db', 0), deployment('web', 1)];
    const first = await syncApplication(app(), desired, api);
    expect(first.phase).toBe('Running');
    expect(summary(first)).toEqual(['Deployment/db:created']);
    expect(first.message).toContain('wave 0');

    const db = api.find('Deployment', 'db')!;
    api.seed({ ...db, metadata: { ...db.metadata, generation: 1 }, status: { observedGeneration: 1, replicas: 1, updatedReplicas: 1, availableReplicas: 1 } });
    const second = await syncApplication(app(), desired, api);
    expect(second.phase).toBe('Succeeded');
    expect(summary(second)).toEqual(['Deployment/db:unchanged', 'Deployment/web:created']);
  });

  it('a degraded wave fails the sync and later waves wait', async () => {
    api.seed({
      ...withTracking({ ...deployment('db'), metadata: { ...deployment('db').metadata, namespace: 'shop' } }, 'shop'),
      status: { conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }] },
    });
    const result = await syncApplication(app(), [deployment('db', 0), deployment('web', 1)], api);
    expect(result.phase).toBe('Failed');
    expect(result.health.status).toBe('Degraded');
    expect(api.find('Deployment', 'web')).toBeUndefined();
  });

  it('never writes an object another application tracks', async () => {
    const theirs = withTracking({ ...configMap('shared'), metadata: { name: 'shared', namespace: 'shop' } }, 'other-app');
    api.seed(theirs);
    const result = await syncApplication(app(), [configMap('shared'), configMap('mine')], api);
    expect(result.phase).toBe('Failed');
    expect(result.resources.find((r) => r.name === 'shared')).toMatchObject({ action: 'failed', error: { reason: 'Conflict', category: 'terminal' } });
    expect(api.writes().map((c) => c.target)).toEqual(['/ConfigMap/shop/mine']);
    expect(api.find('ConfigMap', 'shared')?.metadata.annotations?.['argocd.argoproj.io/tracking-id']).toBe('other-app:/ConfigMap:shop/shared');
  });

  it('adopts an existing untracked object with the same identity', async () => {
    api.seed({ ...configMap('legacy'), metadata: { name: 'legacy', namespace: 'shop' } });
    const result = await syncApplication(app(), [configMap('legacy')], api);
    expect(result.resources[0]).toMatchObject({ action: 'configured', message: expect.stringContaining('not tracked') });
  });

  const invalidRows: { name: string; objects: KubeObject[]; failed: string; reason: string }[] = [
    { name: 'unknown kind', objects: [{ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } }], failed: 'w', reason: 'UnknownKind' },
    { name: 'malformed sync wave', objects: [configMap('x', undefined, { annotations: { 'argoproj.io/sync-wave': 'soon' } })], failed: 'x', reason: 'Invalid' },
    { name: 'missing name', objects: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: {} } as KubeObject], failed: '', reason: 'Invalid' },
    { name: 'rendered twice', objects: [configMap('twice'), configMap('twice')], failed: 'twice', reason: 'Invalid' },
  ];
  it.each(invalidRows)('reports $name as a terminal failure without applying it', async ({ objects, failed, reason }) => {
    const result = await syncApplication(app(), objects, api);
    expect(result.phase).toBe('Failed');
    expect(result.resources.find((r) => r.action === 'failed')).toMatchObject({ name: failed, error: { reason, category: 'terminal' } });
    expect(api.writes().filter((c) => c.target.endsWith(`/${failed}`)).length).toBeLessThanOrEqual(1);
  });

  it('takes the scope of a custom resource from a CRD rendered alongside it, and applies the CRD first', async () => {
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'widgets.example.com' },
      spec: { group: 'example.com', names: { kind: 'Widget' }, scope: 'Namespaced' },
    };
    const result = await syncApplication(app(), [{ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } }, crd], api);
    expect(result.phase).toBe('Succeeded');
    expect(api.writes().map((c) => c.target)).toEqual(['apiextensions.k8s.io/CustomResourceDefinition//widgets.example.com', 'example.com/Widget/shop/w']);
  });
});

describe('writes in flight', () => {
  /** Records when each write starts and ends; every write takes a turn of the event loop, as a request would. */
  function timed(inner: FakeClusterApi): { api: FakeClusterApi; events: string[]; maxInFlight: () => number } {
    const events: string[] = [];
    let inFlight = 0;
    let max = 0;
    const around = async <T>(name: string, write: () => Promise<T>): Promise<T> => {
      events.push(`start ${name}`);
      max = Math.max(max, ++inFlight);
      await new Promise((resolve) => setImmediate(resolve));
      try {
        return await write();
      } finally {
        inFlight--;
        events.push(`end ${name}`);
      }
    };
    const wrapped = Object.create(inner) as FakeClusterApi;
    wrapped.apply = (obj, options) => around(`${obj.kind}/${obj.metadata.name}`, () => inner.apply(obj, options));
    wrapped.delete = (ref, options) => around(`${ref.kind}/${ref.name}`, () => inner.delete(ref, options));
    return { api: wrapped, events, maxInFlight: () => max };
  }
  const startsAndEnds = (events: string[], kind: string) => events.flatMap((event, index) => (event.includes(` ${kind}/`) ? [index] : []));

  it('writes the objects of one kind together, and the next kind after they are all answered (as Argo CD)', async () => {
    const { api: concurrent, events, maxInFlight } = timed(api);
    const desired = [...['a', 'b', 'c'].map((name) => configMap(name)), deployment('web'), deployment('worker')];
    const result = await syncApplication(app(), desired, concurrent, { waitForWaveHealth: false });
    expect(summary(result)).toEqual(['ConfigMap/a:created', 'ConfigMap/b:created', 'ConfigMap/c:created', 'Deployment/web:created', 'Deployment/worker:created']);
    expect(events.slice(0, 3)).toEqual(['start ConfigMap/a', 'start ConfigMap/b', 'start ConfigMap/c']);
    expect(Math.max(...startsAndEnds(events, 'ConfigMap'))).toBeLessThan(Math.min(...startsAndEnds(events, 'Deployment')));
    expect(maxInFlight()).toBe(3);
  });

  it('bounds the writes in flight of one application at 8, and keeps every result in order', async () => {
    const { api: concurrent, maxInFlight } = timed(api);
    const names = Array.from({ length: 20 }, (_, i) => `cm-${String(i).padStart(2, '0')}`);
    const result = await syncApplication(app(), names.map((name) => configMap(name)), concurrent);
    expect(result.phase).toBe('Succeeded');
    expect(result.resources.map((r) => r.name)).toEqual(names);
    expect(maxInFlight()).toBe(8);
  });

  it('prunes dependents before what they depend on, one kind at a time', async () => {
    const first = await syncApplication(app(), [configMap('one'), configMap('two'), deployment('web')], api, { waitForWaveHealth: false });
    const { api: concurrent, events } = timed(api);
    const result = await syncApplication(app(), [], concurrent, { extraKinds: first.trackedKinds });
    expect(summary(result)).toEqual(['Deployment/web:pruned', 'ConfigMap/two:pruned', 'ConfigMap/one:pruned']);
    expect(events).toEqual(['start Deployment/web', 'end Deployment/web', 'start ConfigMap/two', 'start ConfigMap/one', 'end ConfigMap/two', 'end ConfigMap/one']);
  });
});

describe('fits its neighbours', () => {
  it("takes the renderer's objects and returns results the sync history stores as they are", async () => {
    const rendered: readonly RenderedObject[] = [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'r' }, data: { a: '1' } }];
    const result = await syncApplication(app(), rendered, api);
    const phase: StoredSyncPhase = result.phase;
    const stored: StoredResourceResult[] = result.resources.map(({ group, kind, namespace, name, action, message }) => ({ group, kind, namespace, name, action, message }));
    expect({ phase, stored }).toEqual({ phase: 'Succeeded', stored: [{ group: '', kind: 'ConfigMap', namespace: 'shop', name: 'r', action: 'created', message: 'created' }] });
  });
});

describe('pruning', () => {
  async function seedTracked(names: { name: string; wave?: number; keep?: boolean }[]): Promise<void> {
    await syncApplication(
      app(),
      names.map(({ name, wave, keep }) => configMap(name, wave, keep === true ? { annotations: { 'argocd.argoproj.io/sync-options': 'Prune=false' } } : {})),
      api,
    );
    api.calls.length = 0;
  }

  it('prunes between the waves in reverse wave order by default, with the chosen propagation policy', async () => {
    await seedTracked([{ name: 'keep' }, { name: 'old0' }, { name: 'old2', wave: 2 }]);
    const result = await syncApplication(app({ syncOptions: ['PrunePropagationPolicy=orphan'] }), [configMap('keep'), configMap('new1', 1)], api);
    // Orphan waves 0 and 2 are mirrored: wave 2's orphan goes first (after wave 0's applies), wave 0's last.
    expect(summary(result)).toEqual(['ConfigMap/keep:unchanged', 'ConfigMap/old2:pruned', 'ConfigMap/new1:created', 'ConfigMap/old0:pruned']);
    expect(api.writes().filter((c) => c.verb === 'delete').map((c) => c.propagationPolicy)).toEqual(['Orphan', 'Orphan']);
  });

  it('stops before later waves when a prune fails', async () => {
    await seedTracked([{ name: 'old0' }, { name: 'old1', wave: 1 }]);
    api.failWith = (verb, target) => (verb === 'delete' && target.endsWith('/old1') ? httpSyncError(500, 'etcd timeout') : undefined);
    const result = await syncApplication(app(), [configMap('keep'), configMap('new2', 2)], api);
    expect(result.phase).toBe('Failed');
    expect(summary(result)).toEqual(['ConfigMap/keep:created', 'ConfigMap/old1:failed']);
    expect(result.error).toMatchObject({ reason: 'ServerError', retryable: true });
    expect(api.find('ConfigMap', 'old0')).toBeDefined();
  });

  it('with PruneLast=true, pruning waits until the last wave is healthy', async () => {
    await seedTracked([{ name: 'old' }]);
    const kinds = { extraKinds: [{ apiVersion: 'v1', kind: 'ConfigMap' }] };
    const first = await syncApplication(app({ syncOptions: ['PruneLast=true'] }), [deployment('web')], api, kinds);
    expect(first).toMatchObject({ phase: 'Running', message: expect.stringContaining('before pruning') });
    expect(api.find('ConfigMap', 'old')).toBeDefined();
    const web = api.find('Deployment', 'web')!;
    api.seed({ ...web, status: { replicas: 1, updatedReplicas: 1, availableReplicas: 1 } });
    const second = await syncApplication(app({ syncOptions: ['PruneLast=true'] }), [deployment('web')], api, kinds);
    expect(summary(second)).toEqual(['Deployment/web:unchanged', 'ConfigMap/old:pruned']);
  });

  it('deletes only the incarnation it read: an object recreated meanwhile survives', async () => {
    await seedTracked([{ name: 'old' }]);
    const kinds = { extraKinds: [{ apiVersion: 'v1', kind: 'ConfigMap' }] };
    const original = api.find('ConfigMap', 'old')!;
    // Simulates a delete-and-recreate by someone else between the list and the delete.
    api.failWith = (verb) => {
      if (verb === 'delete') api.seed({ ...original, metadata: { ...original.metadata, uid: 'recreated' } });
      return undefined;
    };
    const result = await syncApplication(app(), [], api, kinds);
    expect(api.calls.find((c) => c.verb === 'delete')?.uid).toBe(original.metadata.uid);
    expect(result.resources[0]).toMatchObject({ action: 'failed', error: { reason: 'Conflict' } });
    expect(api.find('ConfigMap', 'old')?.metadata.uid).toBe('recreated');
  });

  it('prunes after every apply with PruneLast=true', async () => {
    await seedTracked([{ name: 'old0' }]);
    const result = await syncApplication(app({ syncOptions: ['PruneLast=true'] }), [configMap('new0'), configMap('new1', 1)], api);
    expect(summary(result)).toEqual(['ConfigMap/new0:created', 'ConfigMap/new1:created', 'ConfigMap/old0:pruned']);
    expect(api.writes().at(-1)).toMatchObject({ verb: 'delete', propagationPolicy: 'Foreground' });
  });

  it('only reports with prune=false, honours Prune=false, and never sees untracked objects', async () => {
    await seedTracked([{ name: 'old' }, { name: 'pinned', keep: true }]);
    api.seed({ ...configMap('labelled-only'), metadata: { name: 'labelled-only', namespace: 'shop', labels: { 'flotilla.io/application': 'shop' } } });
    const reported = await syncApplication(app({ prune: false }), [], api, { extraKinds: [{ apiVersion: 'v1', kind: 'ConfigMap' }] });
    expect(reported.trackedKinds).toEqual([{ apiVersion: 'v1', kind: 'ConfigMap' }]);
    expect(reported.resources.map((r) => [r.name, r.action, r.requiresPruning])).toEqual([
      ['pinned', 'unchanged', true],
      ['old', 'unchanged', true],
    ]);
    const comparison = await compareApplication(app({ prune: false }), [], api, { extraKinds: [{ apiVersion: 'v1', kind: 'ConfigMap' }] });
    expect(comparison.sync.status).toBe('OutOfSync');

    const pruned = await syncApplication(app(), [], api, { extraKinds: [{ apiVersion: 'v1', kind: 'ConfigMap' }] });
    expect(pruned.resources.map((r) => `${r.name}:${r.action}`)).toEqual(['pinned:unchanged', 'old:pruned']);
    expect(api.find('ConfigMap', 'labelled-only')).toBeDefined();
    expect(api.find('ConfigMap', 'pinned')).toBeDefined();
  });

  it('dry run deletes and applies nothing for real', async () => {
    await seedTracked([{ name: 'old' }]);
    const result = await syncApplication(app({ dryRun: true }), [configMap('new')], api, { extraKinds: [{ apiVersion: 'v1', kind: 'ConfigMap' }] });
    expect(summary(result)).toEqual(['ConfigMap/new:created', 'ConfigMap/old:pruned']);
    expect(result.resources.map((r) => r.message)).toEqual(['would be created', 'would be pruned (propagation Foreground)']);
    expect(api.writes()).toEqual([]);
    expect(api.find('ConfigMap', 'old')).toBeDefined();
  });
});

describe('CreateNamespace', () => {
  it('creates a missing destination namespace first, without tracking', async () => {
    const result = await syncApplication(app({ destinationNamespace: 'fresh', syncOptions: ['CreateNamespace=true'] }), [configMap('a')], api);
    expect(summary(result)).toEqual(['Namespace/fresh:created', 'ConfigMap/a:created']);
    expect(api.find('Namespace', 'fresh')?.metadata.annotations).toBeUndefined();
  });

  it('leaves an existing namespace alone', async () => {
    const result = await syncApplication(app({ syncOptions: ['CreateNamespace=true'] }), [configMap('a')], api);
    expect(summary(result)).toEqual(['ConfigMap/a:created']);
  });

  it('does not ask for the namespace once its objects live in it', async () => {
    const options = app({ destinationNamespace: 'fresh', syncOptions: ['CreateNamespace=true'] });
    await syncApplication(options, [configMap('a')], api);
    api.calls.length = 0;
    const result = await syncApplication(options, [{ ...configMap('a'), data: { name: 'changed' } }], api);
    expect(summary(result)).toEqual(['ConfigMap/a:configured']);
    expect(api.calls.filter((c) => c.target.includes('Namespace'))).toEqual([]);
  });

  it('in a dry run, does not dry-run objects into a namespace that does not exist yet', async () => {
    const result = await syncApplication(app({ destinationNamespace: 'fresh', syncOptions: ['CreateNamespace=true'], dryRun: true }), [configMap('a')], api);
    expect(summary(result)).toEqual(['Namespace/fresh:created', 'ConfigMap/a:created']);
    expect(api.calls.filter((c) => c.verb === 'apply').map((c) => c.target)).toEqual(['/Namespace//fresh']);
  });
});

describe('objects the listing did not return', () => {
  const gets = () => api.calls.filter((c) => c.verb === 'get').map((c) => c.target);

  it('reads a missing namespace once instead of every object meant for it (a first sync with CreateNamespace=true)', async () => {
    const result = await syncApplication(app({ destinationNamespace: 'fresh', syncOptions: ['CreateNamespace=true'] }), [configMap('a'), configMap('b'), deployment('web')], api);
    expect(summary(result)).toEqual(['Namespace/fresh:created', 'ConfigMap/a:created', 'ConfigMap/b:created', 'Deployment/web:created']);
    expect(gets()).toEqual(['/Namespace//fresh']);
  });

  it('reads two objects meant for a missing namespace through the namespace alone, without CreateNamespace', async () => {
    const result = await syncApplication(app({ destinationNamespace: 'fresh' }), [configMap('a'), configMap('b')], api, { waitForWaveHealth: false });
    expect(gets()).toEqual(['/Namespace//fresh']);
    expect(result.resources.map((r) => r.action)).toEqual(['created', 'created']);
  });

  it('reads one object by name, not its namespace (one read either way)', async () => {
    await syncApplication(app({ destinationNamespace: 'fresh' }), [configMap('a')], api);
    expect(gets()).toEqual(['/ConfigMap/fresh/a']);
  });

  it('still finds untracked objects in a namespace that exists, and adopts them', async () => {
    api.seed({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'shop' }, data: { name: 'old' } });
    const result = await syncApplication(app(), [configMap('a'), configMap('b')], api);
    expect(gets()).toEqual(['/Namespace//shop', '/ConfigMap/shop/a', '/ConfigMap/shop/b']);
    expect(summary(result)).toEqual(['ConfigMap/a:configured', 'ConfigMap/b:created']);
  });

  it('answers a rendered Namespace from the same read', async () => {
    const namespace = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'fresh' } };
    const result = await syncApplication(app({ destinationNamespace: 'fresh', syncOptions: ['CreateNamespace=true'] }), [namespace, configMap('a'), configMap('b')], api);
    expect(gets()).toEqual(['/Namespace//fresh']);
    expect(summary(result)).toEqual(['Namespace/fresh:created', 'ConfigMap/a:created', 'ConfigMap/b:created']);
  });

  it('adds no read to a comparison where nothing is unlisted (cluster-scoped objects, CreateNamespace=true)', async () => {
    const options = app({ destinationNamespace: 'fresh', syncOptions: ['CreateNamespace=true'] });
    const role = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'reader' } };
    await syncApplication(options, [role], api);
    api.calls.length = 0;
    await compareApplication(options, [role], api);
    expect(gets()).toEqual([]);
  });

  it('reads every object by name when the namespace may not be read (credentials limited to namespaces)', async () => {
    api.failWith = (verb, target) => (verb === 'get' && target.startsWith('/Namespace/') ? httpSyncError(403, 'namespaces "fresh" is forbidden') : undefined);
    const result = await syncApplication(app({ destinationNamespace: 'fresh' }), [configMap('a'), configMap('b')], api, { waitForWaveHealth: false });
    expect(gets()).toEqual(['/Namespace//fresh', '/ConfigMap/fresh/a', '/ConfigMap/fresh/b']);
    expect(result.phase).toBe('Succeeded');
  });
});

describe('when live state cannot be read', () => {
  const rows: { name: string; error: SyncError; category: string }[] = [
    { name: 'unreachable cluster', error: new SyncError('Unreachable', 'connect ECONNREFUSED'), category: 'transient' },
    { name: 'forbidden list', error: httpSyncError(403, 'configmaps is forbidden'), category: 'terminal' },
  ];
  it.each(rows)('$name → phase Error, sync and health Unknown, nothing written', async ({ error, category }) => {
    api.failWith = (verb) => (verb === 'list' ? error : undefined);
    const result = await syncApplication(app(), [configMap('a')], api);
    expect(result).toMatchObject({ phase: 'Error', health: { status: 'Unknown' }, error: { category } });
    expect(result.resources).toMatchObject([{ kind: 'ConfigMap', namespace: 'shop', name: 'a', action: 'failed' }]);
    expect(api.writes()).toEqual([]);
    const comparison = await compareApplication(app(), [configMap('a')], api);
    expect(comparison).toMatchObject({ sync: { status: 'Unknown' }, health: { status: 'Unknown' }, resources: [{ status: 'Unknown' }] });
  });
});

describe('one read of live state per reconcile', () => {
  it('a sync given the plan a comparison read writes without reading again', async () => {
    api.seed(withTracking(configMap('old', undefined, { namespace: 'shop' }), 'shop'));
    const desired = [configMap('config'), deployment('web')];
    const { comparison, plan } = await comparePlanned(app({ prune: false }), desired, api);
    expect(comparison.sync.status).toBe('OutOfSync');
    api.calls.length = 0;
    const result = await syncApplication(app({ prune: false }), desired, api, { plan, waitForWaveHealth: false });
    expect(summary(result)).toEqual(['ConfigMap/config:created', 'Deployment/web:created', 'ConfigMap/old:unchanged']);
    expect(api.calls.map((c) => c.verb)).toEqual(['apply', 'apply']);
  });

  it("the plan after a sync is the server's answers: comparing from it matches reading live state again", async () => {
    api.seed(withTracking({ ...configMap('config', undefined, { namespace: 'shop' }), data: { name: 'stale' } }, 'shop'));
    const desired = [configMap('config'), deployment('web')];
    const { result, planAfter } = await syncPlanned(app(), desired, api, { waitForWaveHealth: false });
    expect(summary(result)).toEqual(['ConfigMap/config:configured', 'Deployment/web:created']);
    api.calls.length = 0;
    const fromAnswers = comparisonFromPlan(planAfter!);
    expect(api.calls).toEqual([]);
    expect(fromAnswers).toEqual(await compareApplication(app(), desired, api));
    expect(fromAnswers.sync.status).toBe('Synced');
  });

  it('no plan after a sync that pruned (a deleted object may linger) or a dry run: the caller reads again', async () => {
    api.seed(withTracking(configMap('gone', undefined, { namespace: 'shop' }), 'shop'));
    expect((await syncPlanned(app(), [configMap('config')], api)).planAfter).toBeUndefined();
    expect((await syncPlanned(app({ dryRun: true }), [configMap('other')], api)).planAfter).toBeUndefined();
    api.failWith = (verb) => (verb === 'list' ? new SyncError('Unreachable', 'connect ECONNREFUSED') : undefined);
    expect((await syncPlanned(app(), [configMap('config')], api)).planAfter).toBeUndefined();
  });
});
