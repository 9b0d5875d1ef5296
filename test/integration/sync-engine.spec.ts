import { KubernetesObjectApi, PatchStrategy, type KubernetesObject } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeApiServer } from '../support/kube-api';
import { KubernetesClientFactory, type ClusterConnection } from '../../src/kubernetes';
import type { ClusterApi } from '../../src/sync/cluster-api';
import { ClusterApis } from '../../src/kubernetes/cluster-apis';
import { compareApplication } from '../../src/sync/compare';
import { syncApplication } from '../../src/sync/sync';
import { renderSeedOverlay, seedApp as app, startTestCluster, type TestCluster } from '../support/seed-cluster';
import { TRACKING_ANNOTATION } from '../../src/sync/tracking';
import type { ApplicationIdentity, ComparisonResult, KindRef, KubeObject, SyncResult } from '../../src/sync/types';

let testCluster: TestCluster;
let cluster: KubeApiServer;
let conn: ClusterConnection;
let api: ClusterApi;
let rendered: KubeObject[];
/** What a caller persists between passes (SyncResult.trackedKinds) and passes back as extraKinds. */
let knownKinds: readonly KindRef[] = [];

async function sync(identity: ApplicationIdentity, desired: KubeObject[]): Promise<SyncResult> {
  const result = await syncApplication(identity, desired, api, { extraKinds: knownKinds });
  knownKinds = result.trackedKinds;
  return result;
}

const writes = (): number => testCluster.writes();

function withDeployment(objects: KubeObject[], change: (spec: Record<string, unknown>) => void): KubeObject[] {
  return objects.map((obj) => {
    if (obj.kind !== 'Deployment') return obj;
    const copy = structuredClone(obj);
    change(copy.spec as Record<string, unknown>);
    return copy;
  });
}

async function readLive(kind: string, apiVersion: string, name: string, namespace = 'production'): Promise<KubeObject | undefined> {
  return api.get({ apiVersion, kind, namespace, name });
}

/** Compares once the simulated controllers have reported on every rollout the last sync started. */
async function compareSettled(desired: KubeObject[]): Promise<ComparisonResult> {
  await testCluster.settleControllers();
  return compareApplication(app(), desired, api);
}

beforeAll(async () => {
  rendered = await renderSeedOverlay();
  testCluster = await startTestCluster('sync');
  ({ server: cluster, conn, api } = testCluster);
});

afterAll(async () => {
  await testCluster.stop();
});

// The steps build on each other, as successive reconcile passes over one cluster would.
describe('syncApplication against the Kubernetes API test server (seed production overlay)', () => {
  it('renders the three objects of the overlay', () => {
    expect(rendered.map((o) => o.kind).sort()).toEqual(['Deployment', 'HorizontalPodAutoscaler', 'Service']);
  });

  it('dry run before the first sync changes nothing, even the namespace', async () => {
    const result = await sync(app({ dryRun: true }), rendered);
    expect(result.phase).toBe('Succeeded');
    expect(result.resources.map((r) => `${r.kind}:${r.action}`)).toEqual(['Namespace:created', 'Service:created', 'Deployment:created', 'HorizontalPodAutoscaler:created']);
    await expect(api.get({ apiVersion: 'v1', kind: 'Namespace', name: 'production' })).resolves.toBeUndefined();
  });

  it('first sync creates the namespace, then the objects in kind order, each tracked', async () => {
    const result = await sync(app(), rendered);
    expect(result.phase).toBe('Succeeded');
    expect(result.resources.map((r) => `${r.kind}:${r.action}`)).toEqual(['Namespace:created', 'Service:created', 'Deployment:created', 'HorizontalPodAutoscaler:created']);
    const deployment = await readLive('Deployment', 'apps/v1', 'my-api');
    expect(deployment?.metadata.annotations?.[TRACKING_ANNOTATION]).toBe('my-api-production:apps/Deployment:production/my-api');
    expect(deployment?.metadata.labels?.['flotilla.io/application']).toBe('my-api-production');
    expect(deployment?.metadata.managedFields?.some((f) => f.manager === 'flotilla' && f.operation === 'Apply')).toBe(true);
  });

  it('becomes Healthy and Synced once the simulated controller settles', async () => {
    await expect(compareApplication(app(), rendered, api)).resolves.toMatchObject({ health: { status: 'Progressing' } });
    const comparison = await compareSettled(rendered);
    expect(comparison.health.status).toBe('Healthy');
    expect(comparison.sync.status).toBe('Synced');
    expect(comparison.resources.every((r) => r.status === 'Synced')).toBe(true);
  });

  it('a second sync is all unchanged and makes zero write calls', async () => {
    cluster.counters.reset();
    const result = await sync(app(), rendered);
    const snapshot = cluster.counters.snapshot();
    expect(result.phase).toBe('Succeeded');
    expect(result.resources.map((r) => r.action)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    expect(writes()).toBe(0);
    // One list per kind; discovery is cached by the adapter, and the namespace is not asked for: objects live in it.
    expect(snapshot.byVerbAndResource).toEqual({ 'list services': 1, 'list deployments.apps': 1, 'list horizontalpodautoscalers.autoscaling': 1 });
  });

  it('dry run of a replica change reports configured and changes nothing', async () => {
    cluster.counters.reset();
    const result = await sync(app({ dryRun: true }), withDeployment(rendered, (spec) => (spec.replicas = 3)));
    expect(result.resources.find((r) => r.kind === 'Deployment')).toMatchObject({ action: 'configured', message: expect.stringContaining('would be configured') });
    expect((await readLive('Deployment', 'apps/v1', 'my-api'))?.spec).toMatchObject({ replicas: 5 });
    expect(cluster.counters.count({ verb: 'apply' })).toBe(1);
  });

  it('a changed replica count is configured', async () => {
    const desired = withDeployment(rendered, (spec) => (spec.replicas = 3));
    const result = await sync(app(), desired);
    expect(result.resources.find((r) => r.kind === 'Deployment')).toMatchObject({ action: 'configured', message: expect.stringContaining('.spec.replicas') });
    expect(result.resources.filter((r) => r.kind !== 'Deployment').map((r) => r.action)).toEqual(['unchanged', 'unchanged']);
    expect((await readLive('Deployment', 'apps/v1', 'my-api'))?.spec).toMatchObject({ replicas: 3 });
    rendered = desired;
  });

  it('a manual edit of a managed field is drift (OutOfSync) and the next sync reverts it', async () => {
    const objects = KubernetesObjectApi.makeApiClient(testCluster.kubeConfig);
    const edit = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'my-api', namespace: 'production' }, spec: { replicas: 7 } };
    await objects.patch(edit as KubernetesObject, undefined, undefined, 'kubectl-edit', undefined, PatchStrategy.MergePatch);
    const comparison = await compareApplication(app(), rendered, api);
    expect(comparison.sync.status).toBe('OutOfSync');
    expect(comparison.resources.find((r) => r.kind === 'Deployment')).toMatchObject({ status: 'OutOfSync', diff: ['.spec.replicas'] });
    const result = await sync(app(), rendered);
    expect(result.resources.find((r) => r.kind === 'Deployment')?.action).toBe('configured');
    expect((await readLive('Deployment', 'apps/v1', 'my-api'))?.spec).toMatchObject({ replicas: 3 });
    await expect(compareApplication(app(), rendered, api)).resolves.toMatchObject({ sync: { status: 'Synced' } });
  });

  it('an object no longer rendered is only reported with prune=false, pruned with prune=true; objects not tracked by this app are never touched', async () => {
    const objects = KubernetesObjectApi.makeApiClient(testCluster.kubeConfig);
    const label = { 'flotilla.io/application': 'my-api-production' };
    const service = (name: string, annotations?: Record<string, string>): KubernetesObject =>
      ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'production', labels: label, annotations }, spec: { ports: [{ port: 80 }] } }) as KubernetesObject;
    // Same label (e.g. a copy-paste or a label collision), but no tracking id of this app: not ours.
    await objects.create(service('labelled-only'));
    await objects.create(service('other-app', { 'argocd.argoproj.io/tracking-id': 'other:/Service:production/other-app' }));
    const withoutHpa = rendered.filter((o) => o.kind !== 'HorizontalPodAutoscaler');
    // The HPA kind is no longer rendered at all: only the kinds remembered from the last pass find it.
    expect(knownKinds).toContainEqual({ apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler' });

    const reported = await sync(app(), withoutHpa);
    expect(reported.phase).toBe('Succeeded');
    expect(reported.resources.find((r) => r.kind === 'HorizontalPodAutoscaler')).toMatchObject({ action: 'unchanged', requiresPruning: true });
    const comparison = await compareApplication(app(), withoutHpa, api, { extraKinds: knownKinds });
    expect(comparison.sync.status).toBe('OutOfSync');
    expect(comparison.resources.find((r) => r.kind === 'HorizontalPodAutoscaler')).toMatchObject({ status: 'OutOfSync', requiresPruning: true });
    await expect(readLive('HorizontalPodAutoscaler', 'autoscaling/v2', 'my-api')).resolves.toBeDefined();

    // PruneLast waits for the applied wave to be healthy: let the earlier replica change finish rolling out.
    await expect(compareSettled(rendered)).resolves.toMatchObject({ health: { status: 'Healthy' } });
    const pruned = await sync(app({ prune: true, syncOptions: ['CreateNamespace=true', 'PruneLast=true', 'PrunePropagationPolicy=background'] }), withoutHpa);
    expect(pruned.resources.map((r) => `${r.kind}/${r.name}:${r.action}`)).toEqual(['Service/my-api:unchanged', 'Deployment/my-api:unchanged', 'HorizontalPodAutoscaler/my-api:pruned']);
    expect(pruned.resources.at(-1)?.message).toContain('Background');
    await expect(readLive('HorizontalPodAutoscaler', 'autoscaling/v2', 'my-api')).resolves.toBeUndefined();
    await expect(readLive('Service', 'v1', 'labelled-only')).resolves.toBeDefined();
    await expect(readLive('Service', 'v1', 'other-app')).resolves.toBeDefined();
    expect(pruned.trackedKinds).not.toContainEqual({ apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler' });
    await expect(compareApplication(app(), withoutHpa, api, { extraKinds: knownKinds })).resolves.toMatchObject({ sync: { status: 'Synced' } });
    rendered = withoutHpa;
  });

  it('a cold pass (empty discovery cache) in steady state reads the served group versions once (no discovery document for built-in kinds), and writes nothing', async () => {
    // A client the hub has not used yet: discovery is cached per cluster client.
    const cold = new KubernetesClientFactory();
    cluster.counters.reset();
    const result = await syncApplication(app(), rendered, new ClusterApis(cold).for(conn)).finally(() => cold.close());
    expect(result.resources.map((r) => r.action)).toEqual(['unchanged', 'unchanged']);
    expect(writes()).toBe(0);
    expect(cluster.counters.snapshot().byVerbAndResource).toEqual({ 'get discovery': 1, 'list services': 1, 'list deployments.apps': 1 });
  });

  it('a broken image turns the application Degraded after the controller delay', async () => {
    const broken = withDeployment(rendered, (spec) => {
      const template = spec.template as { spec: { containers: { image: string }[] } };
      template.spec.containers[0].image = 'myregistry.com/my-api:v1.4.3-broken';
    });
    const result = await sync(app(), broken);
    expect(result.phase).toBe('Succeeded');
    const comparison = await compareSettled(broken);
    expect(comparison.health).toMatchObject({ status: 'Degraded', message: expect.stringContaining('progress deadline') });
    expect(comparison.resources.find((r) => r.kind === 'Deployment')?.health.status).toBe('Degraded');
  });
});
