import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/clock/fake-clock';
import { startKubeApiServer, type KubeApiServer } from '../support/kube-api';
import { configMap, deployment, namespace } from './builders';
import { at, call } from './http';

const CM = (ns: string, name = ''): string => `/api/v1/namespaces/${ns}/configmaps${name ? `/${name}` : ''}`;
const DEPLOY = (ns: string, name = ''): string => `/apis/apps/v1/namespaces/${ns}/deployments${name ? `/${name}` : ''}`;
// The simulated controllers run on a FakeClock: moving it this far lets every one of them finish (settle
// workloads, retry namespace clean-up, sweep garbage) before the test looks.
const CONTROLLERS_DONE_MS = 1_000;

describe('kube-api test server: objects and verbs', () => {
  const clock = new FakeClock();
  let server: KubeApiServer;

  beforeAll(async () => {
    server = await startKubeApiServer({ name: 'objects', namespaces: ['apps'], controllerDelayMs: 50, clock });
  });

  afterAll(async () => {
    await server.stop();
  });

  it('creates an object with uid, resourceVersion, creationTimestamp and managedFields', async () => {
    const res = await call(server, CM('apps'), { method: 'POST', body: configMap('created', 'apps') });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({
      kind: 'ConfigMap',
      apiVersion: 'v1',
      metadata: {
        name: 'created',
        namespace: 'apps',
        uid: expect.stringMatching(/^[0-9a-f-]{36}$/),
        resourceVersion: expect.stringMatching(/^\d+$/),
        creationTimestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
        managedFields: [{ manager: 'kube-api-spec', operation: 'Update', fieldsType: 'FieldsV1', fieldsV1: { 'f:data': { 'f:key': {} } } }],
      },
    });
    expect(at(res.json, 'metadata.generation')).toBeUndefined();
  });

  const createErrors: { name: string; path: string; body: object; status: number; reason: string }[] = [
    { name: 'an existing name', path: CM('apps'), body: configMap('dup', 'apps'), status: 409, reason: 'AlreadyExists' },
    { name: 'a missing namespace', path: CM('nowhere'), body: configMap('x', 'nowhere'), status: 404, reason: 'NotFound' },
    { name: 'a mismatched namespace in the body', path: CM('apps'), body: configMap('x', 'default'), status: 400, reason: 'BadRequest' },
    { name: 'an invalid name', path: CM('apps'), body: configMap('Not_Valid', 'apps'), status: 422, reason: 'Invalid' },
    { name: 'no name', path: CM('apps'), body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: {} }, status: 422, reason: 'Invalid' },
    { name: 'a kind that does not match the path', path: CM('apps'), body: { ...configMap('x', 'apps'), kind: 'Secret' }, status: 400, reason: 'BadRequest' },
    { name: 'a resourceVersion set', path: CM('apps'), body: configMap('x', 'apps', { metadata: { resourceVersion: '5' } }), status: 400, reason: 'BadRequest' },
    { name: 'a read-only kind (pods)', path: '/api/v1/namespaces/apps/pods', body: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' } }, status: 405, reason: 'MethodNotAllowed' },
  ];

  it.each(createErrors)('refuses a create with $name ($status $reason)', async ({ path, body, status, reason }) => {
    await call(server, CM('apps'), { method: 'POST', body: configMap('dup', 'apps') });
    const res = await call(server, path, { method: 'POST', body });
    expect(res.status).toBe(status);
    expect(res.json).toMatchObject({ kind: 'Status', status: 'Failure', reason, code: status });
  });

  it('shapes NotFound like kube-apiserver', async () => {
    const res = await call(server, DEPLOY('apps', 'missing'));
    expect(res.json).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'deployments.apps "missing" not found',
      reason: 'NotFound',
      details: { name: 'missing', group: 'apps', kind: 'deployments' },
      code: 404,
    });
  });

  it('generates a name from generateName', async () => {
    const res = await call(server, CM('apps'), { method: 'POST', body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'gen-' } } });
    expect(at(res.json, 'metadata.name')).toMatch(/^gen-[a-z0-9]{5}$/);
  });

  it('updates with the current resourceVersion and refuses a stale one with 409 Conflict', async () => {
    const created = await call(server, CM('apps'), { method: 'POST', body: configMap('upd', 'apps') });
    const rv = at(created.json, 'metadata.resourceVersion') as string;
    const ok = await call(server, CM('apps', 'upd'), { method: 'PUT', body: { ...configMap('upd', 'apps', { data: { key: 'v2' } }), metadata: { name: 'upd', namespace: 'apps', resourceVersion: rv } } });
    expect(ok.status).toBe(200);
    expect(Number(at(ok.json, 'metadata.resourceVersion'))).toBeGreaterThan(Number(rv));
    const stale = await call(server, CM('apps', 'upd'), { method: 'PUT', body: { ...configMap('upd', 'apps', { data: { key: 'v3' } }), metadata: { name: 'upd', namespace: 'apps', resourceVersion: rv } } });
    expect(stale.status).toBe(409);
    expect(stale.json).toMatchObject({ reason: 'Conflict', message: 'Operation cannot be fulfilled on configmaps "upd": the object has been modified; please apply your changes to the latest version and try again' });
  });

  it('bumps generation on spec changes only, and keeps resourceVersion for no-op writes', async () => {
    const created = await call(server, DEPLOY('apps'), { method: 'POST', body: deployment('gen', 'apps') });
    expect(at(created.json, 'metadata.generation')).toBe(1);
    const labelled = await call(server, DEPLOY('apps', 'gen'), { method: 'PATCH', contentType: 'application/merge-patch+json', body: { metadata: { labels: { extra: 'yes' } } } });
    expect(at(labelled.json, 'metadata.generation')).toBe(1);
    const scaled = await call(server, DEPLOY('apps', 'gen'), { method: 'PATCH', contentType: 'application/merge-patch+json', body: { spec: { replicas: 4 } } });
    expect(at(scaled.json, 'metadata.generation')).toBe(2);
    // Let the simulated controller write its status, then repeat the patch: nothing changes.
    await clock.advance(CONTROLLERS_DONE_MS);
    const settled = await call(server, DEPLOY('apps', 'gen'));
    expect(at(settled.json, 'status.availableReplicas')).toBe(4);
    const again = await call(server, DEPLOY('apps', 'gen'), { method: 'PATCH', contentType: 'application/merge-patch+json', body: { spec: { replicas: 4 } } });
    expect(at(again.json, 'metadata.resourceVersion')).toBe(at(settled.json, 'metadata.resourceVersion'));
  });

  describe('list', () => {
    beforeAll(async () => {
      await call(server, '/api/v1/namespaces', { method: 'POST', body: namespace('listing') });
      for (const [name, tier] of [['a', 'web'], ['b', 'web'], ['c', 'db'], ['d', 'cache'], ['e', 'web']]) {
        await call(server, CM('listing'), { method: 'POST', body: configMap(name, 'listing', { metadata: { labels: { tier } } }) });
      }
    });

    const cases: { name: string; query: string; names: string[] }[] = [
      { name: 'everything', query: '', names: ['a', 'b', 'c', 'd', 'e'] },
      { name: 'equality label selector', query: 'labelSelector=tier%3Dweb', names: ['a', 'b', 'e'] },
      { name: 'inequality label selector', query: 'labelSelector=tier!%3Dweb', names: ['c', 'd'] },
      { name: 'set label selector', query: 'labelSelector=tier%20in%20(db,cache)', names: ['c', 'd'] },
      { name: 'existence label selector', query: 'labelSelector=!tier', names: [] },
      { name: 'field selector on name', query: 'fieldSelector=metadata.name%3Dc', names: ['c'] },
      { name: 'field selector excluding a name', query: 'fieldSelector=metadata.name!%3Dc', names: ['a', 'b', 'd', 'e'] },
      { name: 'label and field selectors together', query: 'labelSelector=tier%3Dweb&fieldSelector=metadata.name%3Db', names: ['b'] },
    ];

    it.each(cases)('filters by $name', async ({ query, names }) => {
      const res = await call(server, `${CM('listing')}?${query}`);
      expect(at(res.json, 'kind')).toBe('ConfigMapList');
      expect((at(res.json, 'items') as { metadata: { name: string } }[]).map((i) => i.metadata.name)).toEqual(names);
    });

    it('filters across namespaces by metadata.namespace', async () => {
      const res = await call(server, '/api/v1/configmaps?fieldSelector=metadata.namespace%3Dlisting');
      expect((at(res.json, 'items') as unknown[]).length).toBe(5);
    });

    it('pages with limit and continue', async () => {
      const first = await call(server, `${CM('listing')}?limit=2`);
      expect(at(first.json, 'metadata.remainingItemCount')).toBe(3);
      const token = at(first.json, 'metadata.continue') as string;
      const second = await call(server, `${CM('listing')}?limit=2&continue=${token}`);
      const third = await call(server, `${CM('listing')}?limit=2&continue=${at(second.json, 'metadata.continue') as string}`);
      const names = [first, second, third].flatMap((r) => (at(r.json, 'items') as { metadata: { name: string } }[]).map((i) => i.metadata.name));
      expect(names).toEqual(['a', 'b', 'c', 'd', 'e']);
      expect(at(third.json, 'metadata.continue')).toBeUndefined();
    });

    const badQueries: { name: string; query: string; status: number; reason: string }[] = [
      { name: 'unsupported field selector', query: 'fieldSelector=spec.nodeName%3Dx', status: 400, reason: 'BadRequest' },
      { name: 'malformed label selector', query: 'labelSelector=%3D%3Dx', status: 400, reason: 'BadRequest' },
      { name: 'garbage continue token', query: 'continue=@@@', status: 400, reason: 'BadRequest' },
    ];

    it.each(badQueries)('answers $status for a $name', async ({ query, status, reason }) => {
      const res = await call(server, `${CM('listing')}?${query}`);
      expect(res.status).toBe(status);
      expect(res.json).toMatchObject({ kind: 'Status', reason });
    });

    it('answers 410 Expired for a continue token older than the retained history', async () => {
      const first = await call(server, `${CM('listing')}?limit=1`);
      await call(server, CM('apps'), { method: 'POST', body: configMap('before-compact', 'apps') });
      server.compactWatchHistory();
      const res = await call(server, `${CM('listing')}?limit=1&continue=${at(first.json, 'metadata.continue') as string}`);
      expect(res.status).toBe(410);
      expect(res.json).toMatchObject({ reason: 'Expired', code: 410 });
    });
  });

  describe('delete', () => {
    it('keeps an object with finalizers (deletionTimestamp, 202) until they are removed', async () => {
      await call(server, CM('apps'), { method: 'POST', body: configMap('held', 'apps', { metadata: { finalizers: ['example.com/hold'] } }) });
      const del = await call(server, CM('apps', 'held'), { method: 'DELETE' });
      expect(del.status).toBe(202);
      expect(at(del.json, 'metadata.deletionTimestamp')).toEqual(expect.any(String));
      expect((await call(server, CM('apps', 'held'))).status).toBe(200);
      const release = await call(server, CM('apps', 'held'), { method: 'PATCH', contentType: 'application/merge-patch+json', body: { metadata: { finalizers: null } } });
      expect(release.status).toBe(200);
      expect((await call(server, CM('apps', 'held'))).status).toBe(404);
    });

    it('answers 409 for a failed precondition and 404 for a missing object', async () => {
      await call(server, CM('apps'), { method: 'POST', body: configMap('pre', 'apps') });
      const res = await call(server, CM('apps', 'pre'), { method: 'DELETE', body: { kind: 'DeleteOptions', apiVersion: 'v1', preconditions: { resourceVersion: '1' } } });
      expect(res.status).toBe(409);
      expect((await call(server, CM('apps', 'nope'), { method: 'DELETE' })).status).toBe(404);
    });

    const policies: { name: string; policy: string; dependentSurvives: boolean }[] = [
      { name: 'Background deletes dependents after the owner', policy: 'Background', dependentSurvives: false },
      { name: 'Foreground deletes dependents before the owner', policy: 'Foreground', dependentSurvives: false },
      { name: 'Orphan keeps dependents and drops their owner reference', policy: 'Orphan', dependentSurvives: true },
    ];

    it.each(policies)('propagationPolicy $name', async ({ policy, dependentSurvives }) => {
      const owner = `owner-${policy.toLowerCase()}`;
      const created = await call(server, DEPLOY('apps'), { method: 'POST', body: deployment(owner, 'apps') });
      const uid = at(created.json, 'metadata.uid') as string;
      const dependent = { ...configMap(`${owner}-dep`, 'apps'), metadata: { name: `${owner}-dep`, namespace: 'apps', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: owner, uid }] } };
      await call(server, CM('apps'), { method: 'POST', body: dependent });
      await call(server, DEPLOY('apps', owner), { method: 'DELETE', body: { propagationPolicy: policy } });
      await clock.advance(CONTROLLERS_DONE_MS);
      expect((await call(server, DEPLOY('apps', owner))).status).toBe(404);
      expect((await call(server, CM('apps', `${owner}-dep`))).status).toBe(dependentSurvives ? 200 : 404);
      if (dependentSurvives) {
        const dep = await call(server, CM('apps', `${owner}-dep`));
        expect(at(dep.json, 'metadata.ownerReferences')).toBeUndefined();
      }
    });

    it('deletes a collection by label selector', async () => {
      for (const name of ['dc-1', 'dc-2', 'dc-keep']) {
        await call(server, CM('apps'), { method: 'POST', body: configMap(name, 'apps', { metadata: { labels: { batch: name === 'dc-keep' ? 'keep' : 'drop' } } }) });
      }
      const res = await call(server, `${CM('apps')}?labelSelector=batch%3Ddrop`, { method: 'DELETE' });
      expect((at(res.json, 'items') as unknown[]).length).toBe(2);
      const left = await call(server, `${CM('apps')}?labelSelector=batch`);
      expect((at(left.json, 'items') as { metadata: { name: string } }[]).map((i) => i.metadata.name)).toEqual(['dc-keep']);
    });

    it('keeps a deleted namespace Terminating until its contents are gone', async () => {
      await call(server, '/api/v1/namespaces', { method: 'POST', body: namespace('doomed') });
      await call(server, CM('doomed'), { method: 'POST', body: configMap('stuck', 'doomed', { metadata: { finalizers: ['example.com/hold'] } }) });
      const del = await call(server, '/api/v1/namespaces/doomed', { method: 'DELETE' });
      expect(at(del.json, 'status.phase')).toBe('Terminating');
      const refused = await call(server, CM('doomed'), { method: 'POST', body: configMap('late', 'doomed') });
      expect(refused.status).toBe(403);
      expect(refused.json).toMatchObject({ reason: 'Forbidden', details: { causes: [{ type: 'NamespaceTerminating' }] } });
      // The namespace controller deletes what it can and keeps retrying; the finalizer holds the namespace.
      await clock.advance(CONTROLLERS_DONE_MS);
      expect(at((await call(server, CM('doomed', 'stuck'))).json, 'metadata.deletionTimestamp')).toEqual(expect.any(String));
      expect(at((await call(server, '/api/v1/namespaces/doomed')).json, 'status.phase')).toBe('Terminating');
      await call(server, CM('doomed', 'stuck'), { method: 'PATCH', contentType: 'application/json-patch+json', body: [{ op: 'remove', path: '/metadata/finalizers' }] });
      await clock.advance(CONTROLLERS_DONE_MS);
      expect((await call(server, '/api/v1/namespaces/doomed')).status).toBe(404);
    });
  });

  it('honours dryRun=All (query or DeleteOptions body) on create, update, patch, delete and deletecollection', async () => {
    const dry = await call(server, `${CM('apps')}?dryRun=All`, { method: 'POST', body: configMap('dry', 'apps') });
    expect(dry.status).toBe(201);
    expect((await call(server, CM('apps', 'dry'))).status).toBe(404);
    await call(server, CM('apps'), { method: 'POST', body: configMap('wet', 'apps') });
    await call(server, `${CM('apps', 'wet')}?dryRun=All`, { method: 'PATCH', contentType: 'application/merge-patch+json', body: { data: { key: 'changed' } } });
    await call(server, `${CM('apps', 'wet')}?dryRun=All`, { method: 'PUT', body: configMap('wet', 'apps', { data: { other: 'x' } }) });
    await call(server, `${CM('apps', 'wet')}?dryRun=All`, { method: 'DELETE' });
    await call(server, CM('apps', 'wet'), { method: 'DELETE', body: { kind: 'DeleteOptions', apiVersion: 'v1', dryRun: ['All'] } });
    await call(server, `${CM('apps')}?labelSelector=`, { method: 'DELETE', body: { kind: 'DeleteOptions', apiVersion: 'v1', dryRun: ['All'] } });
    const after = await call(server, CM('apps', 'wet'));
    expect(at(after.json, 'data')).toEqual({ key: 'value' });
  });

  it('serves seeded read-only pods', async () => {
    server.seed({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-1', namespace: 'apps', labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'x' }] }, status: { phase: 'Running' } });
    const res = await call(server, '/api/v1/namespaces/apps/pods?labelSelector=app%3Dweb');
    expect((at(res.json, 'items') as { status: { phase: string } }[])[0].status.phase).toBe('Running');
  });
});
