import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeApiServer } from '../support/kube-api';
import { KubernetesClientFactory, type ClusterConnection } from '../../src/kubernetes';
import type { ClusterApi } from '../../src/sync/cluster-api';
import { ClusterApis } from '../../src/kubernetes/cluster-apis';
import { compareApplication } from '../../src/sync/compare';
import { syncApplication } from '../../src/sync/sync';
import { renderSeedOverlay, seedApp as app, startTestCluster, type TestCluster } from '../support/seed-cluster';
import type { KubeObject } from '../../src/sync/types';

let testCluster: TestCluster;
let cluster: KubeApiServer;
let conn: ClusterConnection;
let api: ClusterApi;
let factory: KubernetesClientFactory;
let rendered: KubeObject[];

beforeAll(async () => {
  rendered = await renderSeedOverlay();
  testCluster = await startTestCluster('sync-edges', ['production']);
  ({ server: cluster, conn, api, factory } = testCluster);
});

afterAll(async () => {
  await testCluster.stop();
});

// Each case stands alone: failures, slow and unreachable servers, waves across passes, custom resources.
describe('syncApplication against the Kubernetes API test server: errors, waves and CRDs', () => {
  it('a token without patch rights fails the apply as a terminal Forbidden error, without leaking the token', async () => {
    const token = cluster.addToken({ verbs: ['get', 'list'] });
    const readOnly = new ClusterApis(factory).for({ ...conn, id: 'sync-read-only', credentials: { type: 'bearerToken', bearerToken: token } });
    const result = await syncApplication(app({ syncOptions: [] }), rendered, readOnly);
    expect(result.phase).toBe('Failed');
    // Reads work, so every object of the wave is tried and each fails on its own.
    expect(result.resources.map((r) => `${r.kind}:${r.action}:${r.error?.reason ?? ''}`)).toEqual([
      'Service:failed:Forbidden',
      'Deployment:failed:Forbidden',
      'HorizontalPodAutoscaler:failed:Forbidden',
    ]);
    expect(result.error).toMatchObject({ reason: 'Forbidden', category: 'terminal', httpStatus: 403 });
    expect(JSON.stringify(result)).not.toContain(token);
    await expect(api.get({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'production', name: 'my-api' })).resolves.toBeUndefined();
  });

  it('a throttling API server gives phase Error with a transient error that carries Retry-After', async () => {
    cluster.faults.set({ throttleRate: 1, retryAfterSeconds: 2 });
    try {
      const result = await syncApplication(app(), rendered, api);
      expect(result).toMatchObject({ phase: 'Error', health: { status: 'Unknown' } });
      expect(result.error).toMatchObject({ reason: 'Throttled', category: 'transient', retryAfterSeconds: 2 });
    } finally {
      cluster.faults.clear();
    }
  });

  it('a hanging API server is cut off by the request timeout: phase Error, transient Timeout', async () => {
    const impatient = new KubernetesClientFactory({ requestTimeoutMs: 300 });
    cluster.faults.set({ hang: true });
    try {
      const result = await syncApplication(app(), rendered, new ClusterApis(impatient).for(conn));
      expect(result).toMatchObject({ phase: 'Error', health: { status: 'Unknown' }, error: { reason: 'Timeout', category: 'transient' } });
    } finally {
      cluster.faults.clear();
      impatient.close();
    }
  });

  it('waits for each wave to be healthy across passes (a migration Job in wave -1, the Deployment in 0, the Service in 1)', async () => {
    const waves = app({ name: 'waves', destinationNamespace: 'waves' });
    const annotate = (obj: KubeObject, wave: number): KubeObject => ({ ...obj, metadata: { ...obj.metadata, namespace: 'waves', annotations: { 'argoproj.io/sync-wave': String(wave) } } });
    const job: KubeObject = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'migrate' },
      spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'migrate', image: 'myregistry.com/migrate:v1' }] } } },
    };
    const desired = [annotate(job, -1), ...rendered.map((obj) => annotate(obj, obj.kind === 'Service' ? 1 : 0))];
    const passes: string[] = [];
    for (let pass = 0; pass < 10; pass += 1) {
      const result = await syncApplication(waves, desired, api);
      passes.push(`${result.phase}: ${result.resources.filter((r) => r.action !== 'unchanged').map((r) => `${r.kind}:${r.action}`).join(',')}`);
      if (result.phase !== 'Running') break;
      // Between passes the simulated controllers finish what the pass started (the Job completes, the rollout settles).
      await testCluster.settleControllers();
    }
    expect(passes).toEqual([
      'Running: Namespace:created,Job:created',
      'Running: Deployment:created,HorizontalPodAutoscaler:created',
      'Succeeded: Service:created',
    ]);
  });

  it('applies a CRD and a custom resource of it in one pass, then stays in sync without writes', async () => {
    const crd: KubeObject = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'widgets.example.com' },
      spec: {
        group: 'example.com',
        scope: 'Namespaced',
        names: { kind: 'Widget', plural: 'widgets', singular: 'widget', listKind: 'WidgetList' },
        // Schema keys client-node's typed CRD model spells differently (`x-kubernetes-*`, `default`, `enum`) must reach
        // the cluster and come back unchanged, or the CRD would read as drift for ever.
        versions: [
          {
            name: 'v1',
            served: true,
            storage: true,
            schema: {
              openAPIV3Schema: {
                type: 'object',
                properties: {
                  spec: {
                    type: 'object',
                    'x-kubernetes-preserve-unknown-fields': true,
                    properties: { size: { type: 'integer', default: 1, enum: [1, 3] }, port: { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] } },
                  },
                },
              },
            },
          },
        ],
      },
    };
    const widget: KubeObject = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w1' }, spec: { size: 3 } };
    const widgets = app({ name: 'widgets', destinationNamespace: 'default', syncOptions: [] });
    const first = await syncApplication(widgets, [widget, crd], api);
    expect(first.phase).toBe('Succeeded');
    expect(first.resources.map((r) => `${r.kind}/${r.namespace}/${r.name}:${r.action}`)).toEqual([
      'CustomResourceDefinition//widgets.example.com:created',
      'Widget/default/w1:created',
    ]);
    // The API server reports the CRD Established (a status write), which is no drift.
    await testCluster.settleControllers();
    cluster.counters.reset();
    const live = await api.get({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', name: 'widgets.example.com' });
    expect(live?.spec).toEqual(crd.spec);
    await expect(compareApplication(widgets, [widget, crd], api)).resolves.toMatchObject({ sync: { status: 'Synced' } });
    const second = await syncApplication(widgets, [widget, crd], api);
    expect(second.resources.map((r) => r.action)).toEqual(['unchanged', 'unchanged']);
    expect(testCluster.writes()).toBe(0);
  });

  it('lists a kind page by page past the first 500 objects', async () => {
    for (let i = 0; i < 501; i += 1) cluster.seed({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `paged-${i}`, namespace: 'production', labels: { paged: 'yes' } } });
    const listed = await api.list('v1', 'ConfigMap', 'paged=yes');
    expect(new Set(listed.map((o) => o.metadata.name)).size).toBe(501);
    expect(cluster.counters.count({ verb: 'list', resource: 'configmaps' })).toBeGreaterThanOrEqual(2);
  });

  it('an offline cluster gives phase Error with a transient error and health Unknown, never Healthy', async () => {
    await cluster.faults.goOffline();
    try {
      const result = await syncApplication(app(), rendered, api);
      expect(result.phase).toBe('Error');
      expect(result.error).toMatchObject({ category: 'transient', reason: 'Unreachable', retryable: true });
      expect(result.health.status).toBe('Unknown');
      const comparison = await compareApplication(app(), rendered, api);
      expect(comparison).toMatchObject({ sync: { status: 'Unknown' }, health: { status: 'Unknown' } });
      expect(comparison.resources.every((r) => r.health.status === 'Unknown')).toBe(true);
    } finally {
      await cluster.faults.goOnline();
    }
  });
});

// A keep-alive connection the server closes as idle races the next request sent on it: the request fails with
// ECONNRESET, unanswered and not acted on. The test server's `resetRequests` fault resets exactly that many.
describe('a connection reset before any answer', () => {
  const namespace = { apiVersion: 'v1', kind: 'Namespace', namespace: '', name: 'production' };
  const gets = () => cluster.counters.count({ verb: 'get', resource: 'namespaces' });
  const configMap = (name: string): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'production' }, data: { key: 'value' } });

  it('is retried once for a read, which then succeeds', async () => {
    const before = gets();
    cluster.faults.set({ resetRequests: 1 });
    await expect(api.get(namespace)).resolves.toMatchObject({ metadata: { name: 'production' } });
    expect(gets() - before).toBe(2);
  });

  it('fails a read reset twice as Unreachable: one retry, not a loop', async () => {
    cluster.faults.set({ resetRequests: 2 });
    await expect(api.get(namespace)).rejects.toMatchObject({ reason: 'Unreachable', category: 'transient' });
    expect(cluster.faults.current().resetRequests).toBe(0);
  });

  it('is retried once for a server-side apply, which states the whole object', async () => {
    cluster.faults.set({ resetRequests: 1 });
    await api.apply(configMap('reset-apply'), { dryRun: false });
    expect(cluster.counters.count({ verb: 'apply', resource: 'configmaps' })).toBeGreaterThanOrEqual(2);
    await expect(api.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'production', name: 'reset-apply' })).resolves.toMatchObject({ data: { key: 'value' } });
  });

  it('is not retried for a delete: the error reaches the caller and the object stays', async () => {
    await api.apply(configMap('reset-delete'), { dryRun: false });
    cluster.faults.set({ resetRequests: 1 });
    const ref = { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'production', name: 'reset-delete' };
    await expect(api.delete(ref, { dryRun: false, propagationPolicy: 'Foreground' })).rejects.toMatchObject({ reason: 'Unreachable' });
    await expect(api.get(ref)).resolves.toMatchObject({ metadata: { name: 'reset-delete' } });
  });
});
