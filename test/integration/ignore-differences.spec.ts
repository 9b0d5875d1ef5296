import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffApplication } from '../../src/sync/application-diff';
import { compareApplication } from '../../src/sync/compare';
import type { IgnoreDifference } from '../../src/sync/ignore-differences';
import { syncApplication } from '../../src/sync/sync';
import type { ApplicationIdentity, KubeObject, ManagedFieldsEntry } from '../../src/sync/types';
import { call } from '../kube-api/http';
import { startTestCluster, type TestCluster } from '../support/seed-cluster';

/**
 * spec.ignoreDifferences and RespectIgnoreDifferences through the real parts: the hub's ClusterApi over HTTPS, the
 * Kubernetes API test server's server-side apply and managedFields, and an autoscaler's write to `/scale`.
 */

const REPLICAS: IgnoreDifference[] = [{ group: 'apps', kind: 'Deployment', jsonPointers: ['/spec/replicas'] }];
const RESPECT = 'RespectIgnoreDifferences=true';

let cluster: TestCluster;

const identity = (name: string, overrides: Partial<ApplicationIdentity> = {}): ApplicationIdentity => ({
  name,
  destinationNamespace: name,
  syncOptions: [],
  prune: false,
  dryRun: false,
  ...overrides,
});

const deployment = (replicas: number, image: string): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web' },
  spec: {
    replicas,
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image }] } },
  },
});

const live = async (namespace: string): Promise<KubeObject> => (await cluster.api.get({ apiVersion: 'apps/v1', kind: 'Deployment', namespace, name: 'web' }))!;
const replicasOf = (obj: KubeObject): unknown => (obj.spec as { replicas?: unknown }).replicas;
const imageOf = (obj: KubeObject): unknown => (obj.spec as { template: { spec: { containers: { image: string }[] } } }).template.spec.containers[0].image;
const ownerOf = (obj: KubeObject, test: (fields: Record<string, unknown>) => boolean): string[] =>
  (obj.metadata.managedFields ?? []).filter((entry: ManagedFieldsEntry) => entry.fieldsV1 !== undefined && test(entry.fieldsV1)).map((entry) => `${entry.manager}/${entry.operation}${entry.subresource ? `/${entry.subresource}` : ''}`);
const ownsReplicas = (fields: Record<string, unknown>): boolean => (fields['f:spec'] as Record<string, unknown> | undefined)?.['f:replicas'] !== undefined;

/** What a HorizontalPodAutoscaler does: an update of the `/scale` subresource, as kube-controller-manager. */
async function autoscale(namespace: string, replicas: number): Promise<void> {
  const scaled = await call(cluster.server, `/apis/apps/v1/namespaces/${namespace}/deployments/web/scale?fieldManager=kube-controller-manager`, {
    method: 'PATCH',
    contentType: 'application/merge-patch+json',
    body: { spec: { replicas } },
  });
  expect(scaled.status, scaled.text).toBe(200);
}

async function deployAndAutoscale(app: ApplicationIdentity, replicas = 7): Promise<void> {
  const first = await syncApplication(app, [deployment(2, 'web:1')], cluster.api);
  expect(first.phase, first.message).toBe('Succeeded');
  await cluster.settleControllers();
  await autoscale(app.destinationNamespace, replicas);
}

beforeAll(async () => {
  cluster = await startTestCluster('ignore-differences', ['hpa', 'respect', 'plain', 'owned', 'trusting', 'edited', 'ingress']);
});

afterAll(async () => {
  await cluster.stop();
});

describe('an autoscaler changes /spec/replicas of a synced Deployment', () => {
  it('leaves the application Synced with ignoreDifferences, and nothing is written to revert it', async () => {
    const app = identity('hpa', { ignoreDifferences: REPLICAS });
    await deployAndAutoscale(app);
    const scaled = await live('hpa');
    expect(replicasOf(scaled)).toBe(7);
    // The server moved spec.replicas from Flotilla's apply entry to the autoscaler's, as kube-apiserver does.
    expect(ownerOf(scaled, ownsReplicas)).toEqual(['kube-controller-manager/Update/scale']);
    await cluster.settleControllers();
    const comparison = await compareApplication(app, [deployment(2, 'web:1')], cluster.api);
    expect(comparison).toMatchObject({ sync: { status: 'Synced' }, health: { status: 'Healthy' }, resources: [{ kind: 'Deployment', status: 'Synced' }] });
    cluster.server.counters.reset();
    const selfHeal = await syncApplication(app, [deployment(2, 'web:1')], cluster.api);
    expect(selfHeal.resources.map((r) => r.action)).toEqual(['unchanged']);
    expect(cluster.writes()).toBe(0);
    await expect(diffApplication(app, [deployment(2, 'web:1')], cluster.api)).resolves.toEqual([{ group: 'apps', kind: 'Deployment', namespace: 'hpa', name: 'web', state: 'unchanged' }]);
  });

  it('makes the application OutOfSync without ignoreDifferences, and the sync reverts it', async () => {
    const app = identity('plain');
    await deployAndAutoscale(app);
    const comparison = await compareApplication(app, [deployment(2, 'web:1')], cluster.api);
    expect(comparison).toMatchObject({ sync: { status: 'OutOfSync' }, resources: [{ status: 'OutOfSync', diff: ['.spec.replicas'] }] });
    const [diff] = await diffApplication(app, [deployment(2, 'web:1')], cluster.api);
    expect(diff.diff).toContain('-  replicas: 7\n+  replicas: 2\n');
    await syncApplication(app, [deployment(2, 'web:1')], cluster.api);
    expect(replicasOf(await live('plain'))).toBe(2);
  });

  it('trusting the autoscaler by manager name (managedFieldsManagers) leaves it Synced too', async () => {
    const app = identity('trusting', { ignoreDifferences: [{ group: '*', kind: '*', managedFieldsManagers: ['kube-controller-manager'] }] });
    await deployAndAutoscale(app);
    await expect(compareApplication(app, [deployment(2, 'web:1')], cluster.api)).resolves.toMatchObject({ sync: { status: 'Synced' } });
  });
});

describe('RespectIgnoreDifferences=true', () => {
  it('a sync for other drift applies it and keeps the autoscaled replicas and their owner', async () => {
    const app = identity('respect', { ignoreDifferences: REPLICAS, syncOptions: [RESPECT] });
    await deployAndAutoscale(app);
    const result = await syncApplication(app, [deployment(2, 'web:2')], cluster.api);
    expect(result.resources).toMatchObject([{ action: 'configured', message: 'configured: .spec.template.spec.containers[name=web].image' }]);
    const after = await live('respect');
    expect([imageOf(after), replicasOf(after)]).toEqual(['web:2', 7]);
    expect(ownerOf(after, ownsReplicas)).toEqual(['kube-controller-manager/Update/scale']);
    await expect(compareApplication(app, [deployment(2, 'web:2')], cluster.api)).resolves.toMatchObject({ sync: { status: 'Synced' } });
  });

  it('without it, the same sync applies the desired replicas too (Argo CD), and Flotilla owns them again', async () => {
    const app = identity('respect', { ignoreDifferences: REPLICAS });
    await syncApplication(app, [deployment(2, 'web:3')], cluster.api);
    const after = await live('respect');
    expect([imageOf(after), replicasOf(after)]).toEqual(['web:3', 2]);
    expect(ownerOf(after, ownsReplicas)).toEqual(['flotilla/Apply']);
  });

  it('keeps the live value of an ignored field Flotilla still owns: neither changed nor released', async () => {
    const app = identity('owned', { ignoreDifferences: REPLICAS, syncOptions: [RESPECT] });
    await syncApplication(app, [deployment(2, 'web:1')], cluster.api);
    // Git now asks for 4 replicas and another image; the replicas are ignored, so only the image changes.
    const result = await syncApplication(app, [deployment(4, 'web:2')], cluster.api);
    expect(result.resources).toMatchObject([{ action: 'configured' }]);
    const after = await live('owned');
    expect([imageOf(after), replicasOf(after)]).toEqual(['web:2', 2]);
    expect(ownerOf(after, ownsReplicas)).toEqual(['flotilla/Apply']);
    // Git's 4 replicas against 2 live stay out of the comparison: the application is Synced after the sync.
    await expect(compareApplication(app, [deployment(4, 'web:2')], cluster.api)).resolves.toMatchObject({ sync: { status: 'Synced' }, resources: [{ status: 'Synced' }] });
  });

  it('keeps the live value of an ignored field inside an atomic list (an Ingress host someone edited) when Git changes something else', async () => {
    const app = identity('ingress', { ignoreDifferences: [{ group: 'networking.k8s.io', kind: 'Ingress', jsonPointers: ['/spec/rules/0/host'] }], syncOptions: [RESPECT] });
    const http = { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] };
    const ingress = (ingressClassName: string): KubeObject => ({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'web' },
      spec: { ingressClassName, rules: [{ host: 'web.example.com', http }] },
    });
    const liveIngress = async (): Promise<KubeObject> => (await cluster.api.get({ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', namespace: 'ingress', name: 'web' }))!;
    const first = await syncApplication(app, [ingress('internal')], cluster.api);
    expect(first.phase, first.message).toBe('Succeeded');
    // `rules` is an atomic list: the editor now owns it whole, Flotilla none of it.
    const edit = { spec: { rules: [{ host: 'web.internal.example.com', http }] } };
    const edited = await call(cluster.server, '/apis/networking.k8s.io/v1/namespaces/ingress/ingresses/web?fieldManager=kubectl-edit', { method: 'PATCH', contentType: 'application/merge-patch+json', body: edit });
    expect(edited.status, edited.text).toBe(200);
    await expect(compareApplication(app, [ingress('internal')], cluster.api)).resolves.toMatchObject({ sync: { status: 'Synced' } });

    const result = await syncApplication(app, [ingress('public')], cluster.api);
    expect(result.resources).toMatchObject([{ action: 'configured', message: 'configured: .spec.ingressClassName' }]);
    const after = await liveIngress();
    expect(after.spec).toMatchObject({ ingressClassName: 'public', rules: [{ host: 'web.internal.example.com', http }] });
    await expect(compareApplication(app, [ingress('public')], cluster.api)).resolves.toMatchObject({ sync: { status: 'Synced' } });
  });
});

describe('jqPathExpressions through the real server', () => {
  it('ignores an image someone edited in one named container', async () => {
    const app = identity('edited', { ignoreDifferences: [{ group: 'apps', kind: 'Deployment', jqPathExpressions: ['.spec.template.spec.containers[] | select(.name == "web") | .image'] }] });
    await syncApplication(app, [deployment(2, 'web:1')], cluster.api);
    const edit = { spec: { template: { spec: { containers: [{ name: 'web', image: 'web:hotfix' }] } } } };
    const edited = await call(cluster.server, '/apis/apps/v1/namespaces/edited/deployments/web?fieldManager=kubectl-edit', { method: 'PATCH', contentType: 'application/strategic-merge-patch+json', body: edit });
    expect(edited.status, edited.text).toBe(200);
    expect(imageOf(await live('edited'))).toBe('web:hotfix');
    await expect(compareApplication(app, [deployment(2, 'web:1')], cluster.api)).resolves.toMatchObject({ sync: { status: 'Synced' } });
    const withoutRule = await compareApplication(identity('edited'), [deployment(2, 'web:1')], cluster.api);
    expect(withoutRule.resources).toMatchObject([{ status: 'OutOfSync', diff: ['.spec.template.spec.containers[name=web].image'] }]);
  });
});
