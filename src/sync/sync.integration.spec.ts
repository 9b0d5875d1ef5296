import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { PatchStrategy, type KubernetesObject } from '@kubernetes/client-node';
import { parseAllDocuments } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKubeApiServer, type KubeApiServer } from '../../test/support/kube-api';
import { KubernetesClientFactory, type ClusterConnection } from '../kubernetes';
import type { ClusterApi } from './cluster-api';
import { ClientNodeClusterApis } from './client-node-cluster-api';
import { compareApplication } from './compare';
import { syncApplication } from './sync';
import { TRACKING_ANNOTATION } from './tracking';
import type { ApplicationIdentity, ComparisonResult, KubeObject } from './types';

const OVERLAY = '/work/shared/fixtures/seed-fleet-repo/apps/my-api/overlays/production';
const WRITE_VERBS = ['create', 'update', 'patch', 'apply', 'delete', 'deletecollection'];

let cluster: KubeApiServer;
let factory: KubernetesClientFactory;
let conn: ClusterConnection;
let api: ClusterApi;
let rendered: KubeObject[];

const app = (overrides: Partial<ApplicationIdentity> = {}): ApplicationIdentity => ({
  name: 'my-api-production',
  destinationNamespace: 'production',
  syncOptions: ['CreateNamespace=true'],
  prune: false,
  dryRun: false,
  ...overrides,
});

function writes(): number {
  return WRITE_VERBS.reduce((sum, verb) => sum + cluster.counters.count({ verb }), 0);
}

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

async function waitForHealth(desired: KubeObject[], status: string): Promise<ComparisonResult> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const comparison = await compareApplication(app(), desired, api);
    if (comparison.health.status === status || Date.now() > deadline) return comparison;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

beforeAll(async () => {
  const { stdout } = await promisify(execFile)('kubectl', ['kustomize', OVERLAY], { timeout: 20_000, maxBuffer: 1024 * 1024 });
  rendered = parseAllDocuments(stdout).map((doc) => doc.toJS() as KubeObject);
  cluster = await startKubeApiServer({ name: 'sync', controllerDelayMs: 60 });
  factory = new KubernetesClientFactory({ requestTimeoutMs: 3_000 });
  conn = {
    id: 'sync-test',
    server: cluster.url,
    credentialsVersion: '1',
    tls: { caData: cluster.caData },
    credentials: { type: 'bearerToken', bearerToken: cluster.token },
  };
  api = new ClientNodeClusterApis(factory).for(conn);
});

afterAll(async () => {
  factory.close();
  await cluster.stop();
});

// The steps build on each other, as successive reconcile passes over one cluster would.
describe('syncApplication against the Kubernetes API test server (seed production overlay)', () => {
  it('renders the three objects of the overlay', () => {
    expect(rendered.map((o) => o.kind).sort()).toEqual(['Deployment', 'HorizontalPodAutoscaler', 'Service']);
  });

  it('dry run before the first sync changes nothing, even the namespace', async () => {
    const result = await syncApplication(app({ dryRun: true }), rendered, api);
    expect(result.phase).toBe('Succeeded');
    expect(result.resources.map((r) => `${r.kind}:${r.action}`)).toEqual(['Namespace:created', 'Service:created', 'Deployment:created', 'HorizontalPodAutoscaler:created']);
    await expect(api.get({ apiVersion: 'v1', kind: 'Namespace', name: 'production' })).resolves.toBeUndefined();
  });

  it('first sync creates the namespace, then the objects in kind order, each tracked', async () => {
    const result = await syncApplication(app(), rendered, api);
    expect(result.phase).toBe('Succeeded');
    expect(result.resources.map((r) => `${r.kind}:${r.action}`)).toEqual(['Namespace:created', 'Service:created', 'Deployment:created', 'HorizontalPodAutoscaler:created']);
    const deployment = await readLive('Deployment', 'apps/v1', 'my-api');
    expect(deployment?.metadata.annotations?.[TRACKING_ANNOTATION]).toBe('my-api-production:apps/Deployment:production/my-api');
    expect(deployment?.metadata.labels?.['flotilla.io/application']).toBe('my-api-production');
    expect(deployment?.metadata.managedFields?.some((f) => f.manager === 'flotilla' && f.operation === 'Apply')).toBe(true);
  });

  it('becomes Healthy and Synced once the simulated controller settles', async () => {
    const comparison = await waitForHealth(rendered, 'Healthy');
    expect(comparison.health.status).toBe('Healthy');
    expect(comparison.sync.status).toBe('Synced');
    expect(comparison.resources.every((r) => r.status === 'Synced')).toBe(true);
  });

  it('a second sync is all unchanged and makes zero write calls', async () => {
    cluster.counters.reset();
    const result = await syncApplication(app(), rendered, api);
    const snapshot = cluster.counters.snapshot();
    expect(result.phase).toBe('Succeeded');
    expect(result.resources.map((r) => r.action)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    expect(writes()).toBe(0);
    // One list per kind plus the namespace check; discovery is cached by the adapter.
    expect(snapshot.byVerbAndResource).toEqual({ 'list services': 1, 'list deployments.apps': 1, 'list horizontalpodautoscalers.autoscaling': 1, 'get namespaces': 1 });
  });

  it('dry run of a replica change reports configured and changes nothing', async () => {
    cluster.counters.reset();
    const result = await syncApplication(app({ dryRun: true }), withDeployment(rendered, (spec) => (spec.replicas = 3)), api);
    expect(result.resources.find((r) => r.kind === 'Deployment')).toMatchObject({ action: 'configured', message: expect.stringContaining('would be configured') });
    expect((await readLive('Deployment', 'apps/v1', 'my-api'))?.spec).toMatchObject({ replicas: 5 });
    expect(cluster.counters.count({ verb: 'apply' })).toBe(1);
  });

  it('a changed replica count is configured', async () => {
    const desired = withDeployment(rendered, (spec) => (spec.replicas = 3));
    const result = await syncApplication(app(), desired, api);
    expect(result.resources.find((r) => r.kind === 'Deployment')).toMatchObject({ action: 'configured', message: expect.stringContaining('.spec.replicas') });
    expect(result.resources.filter((r) => r.kind !== 'Deployment').map((r) => r.action)).toEqual(['unchanged', 'unchanged']);
    expect((await readLive('Deployment', 'apps/v1', 'my-api'))?.spec).toMatchObject({ replicas: 3 });
    rendered = desired;
  });

  it('a manual edit of a managed field is drift (OutOfSync) and the next sync reverts it', async () => {
    const objects = factory.objectApi(conn);
    const edit = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'my-api', namespace: 'production' }, spec: { replicas: 7 } };
    await objects.patch(edit as KubernetesObject, undefined, undefined, 'kubectl-edit', undefined, PatchStrategy.MergePatch);
    const comparison = await compareApplication(app(), rendered, api);
    expect(comparison.sync.status).toBe('OutOfSync');
    expect(comparison.resources.find((r) => r.kind === 'Deployment')).toMatchObject({ status: 'OutOfSync', diff: ['.spec.replicas'] });
    const result = await syncApplication(app(), rendered, api);
    expect(result.resources.find((r) => r.kind === 'Deployment')?.action).toBe('configured');
    expect((await readLive('Deployment', 'apps/v1', 'my-api'))?.spec).toMatchObject({ replicas: 3 });
    await expect(compareApplication(app(), rendered, api)).resolves.toMatchObject({ sync: { status: 'Synced' } });
  });

  it('an object no longer rendered is only reported with prune=false, pruned with prune=true; untracked objects are never touched', async () => {
    const objects = factory.objectApi(conn);
    const bystander = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'not-ours', namespace: 'production', labels: { 'flotilla.io/application': 'my-api-production' } }, data: { a: '1' } };
    await objects.create(bystander as KubernetesObject);
    const withoutHpa = rendered.filter((o) => o.kind !== 'HorizontalPodAutoscaler');
    const extraKinds = [{ apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler' }, { apiVersion: 'v1', kind: 'ConfigMap' }];

    const reported = await syncApplication(app(), withoutHpa, api, { extraKinds });
    expect(reported.phase).toBe('Succeeded');
    expect(reported.resources.find((r) => r.kind === 'HorizontalPodAutoscaler')).toMatchObject({ action: 'unchanged', requiresPruning: true });
    const comparison = await compareApplication(app(), withoutHpa, api, { extraKinds });
    expect(comparison.sync.status).toBe('OutOfSync');
    expect(comparison.resources.find((r) => r.kind === 'HorizontalPodAutoscaler')).toMatchObject({ status: 'OutOfSync', requiresPruning: true });
    await expect(readLive('HorizontalPodAutoscaler', 'autoscaling/v2', 'my-api')).resolves.toBeDefined();

    const pruned = await syncApplication(app({ prune: true, syncOptions: ['CreateNamespace=true', 'PruneLast=true', 'PrunePropagationPolicy=background'] }), withoutHpa, api, { extraKinds });
    expect(pruned.resources.find((r) => r.kind === 'HorizontalPodAutoscaler')).toMatchObject({ action: 'pruned', message: expect.stringContaining('Background') });
    expect(pruned.resources.some((r) => r.kind === 'ConfigMap')).toBe(false);
    await expect(readLive('HorizontalPodAutoscaler', 'autoscaling/v2', 'my-api')).resolves.toBeUndefined();
    await expect(readLive('ConfigMap', 'v1', 'not-ours')).resolves.toMatchObject({ data: { a: '1' } });
    await expect(compareApplication(app(), withoutHpa, api, { extraKinds })).resolves.toMatchObject({ sync: { status: 'Synced' } });
    rendered = withoutHpa;
  });

  it('a broken image turns the application Degraded after the controller delay', async () => {
    const broken = withDeployment(rendered, (spec) => {
      const template = spec.template as { spec: { containers: { image: string }[] } };
      template.spec.containers[0].image = 'myregistry.com/my-api:v1.4.3-broken';
    });
    const result = await syncApplication(app(), broken, api);
    expect(result.phase).toBe('Succeeded');
    const comparison = await waitForHealth(broken, 'Degraded');
    expect(comparison.health).toMatchObject({ status: 'Degraded', message: expect.stringContaining('progress deadline') });
    expect(comparison.resources.find((r) => r.kind === 'Deployment')?.health.status).toBe('Degraded');
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
