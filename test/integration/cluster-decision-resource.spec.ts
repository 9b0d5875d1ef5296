// @peculiar/x509 (used by the test server's TLS helper) needs the Reflect metadata polyfill loaded first.
import 'reflect-metadata';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/clock/fake-clock';
import { call } from '../kube-api/http';
import { clusterBody } from '../support/builders';
import { eventually } from '../support/eventually';
import { createGitRepo, type GitTestRepo } from '../support/git-repo';
import { startKubeApiServer, type KubeApiServer } from '../support/kube-api';
import { buildKubeconfig } from '../support/kube-api/kubeconfig';
import { acmPlacementConfigMap, createPlacementDecision, decide, installPlacementDecisions, PLACEMENT_LABEL } from '../support/placement-decisions';
import { bearer, startTestHub, type TestHub } from '../support/test-hub';

const SET = 'web-placed';
const POLL_JOB = 'applicationset-generator-poll';

type AppRow = { metadata: { name: string; labels?: Record<string, string>; deletionTimestamp?: string }; spec: { destination: { server: string } } };
type Condition = { type: string; status: string; reason: string; message: string };

/**
 * An ApplicationSet whose clusterDecisionResource generator follows an Open Cluster Management PlacementDecision in
 * the hub's own cluster (the Kubernetes API test server, reached as in-cluster through IN_CLUSTER_KUBECONFIG): one
 * application per decided cluster; a new decision is followed at the set's requeueAfterSeconds (the hub's fake clock
 * advanced); while the hub's own API server refuses or is down the set says so and nothing is deleted.
 */
describe('ApplicationSet with a clusterDecisionResource generator over a PlacementDecision', { timeout: 60_000 }, () => {
  const clock = new FakeClock();
  let hub: TestHub;
  let own: KubeApiServer;
  let repo: GitTestRepo;
  let dir: string;
  let kubeconfigFile: string;
  let auth: Record<string, string>;

  const servers = { east: 'https://127.0.0.1:31501', west: 'https://127.0.0.1:31502' };
  const useToken = (token: string) => fs.writeFileSync(kubeconfigFile, buildKubeconfig({ name: 'hub', server: own.server, caData: own.caData, token }), { mode: 0o600 });

  const manifest = (generator: Record<string, unknown>) => ({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'ApplicationSet',
    metadata: { name: SET, namespace: 'argocd' },
    spec: {
      generators: [{ clusterDecisionResource: generator }],
      template: {
        metadata: { name: '{{name}}-web', labels: { reason: '{{reason}}', tier: '{{values.tier}}' } },
        spec: {
          project: 'default',
          source: { repoURL: repo.url, targetRevision: 'main', path: 'apps/my-api/overlays/staging' },
          destination: { server: '{{server}}', namespace: 'web' },
        },
      },
    },
  });
  const placed = { configMapRef: 'acm-placement', labelSelector: { matchLabels: { [PLACEMENT_LABEL]: 'web' } }, requeueAfterSeconds: 30, values: { tier: 'frontend' } };

  // Applications the set dropped may still be listed while being deleted: they are not the set's any more.
  const applications = async (): Promise<AppRow[]> =>
    ((await hub.http.get('/api/v1/applications').query({ applicationSet: SET }).set(auth).expect(200)).body.items as AppRow[]).filter((app) => app.metadata.deletionTimestamp === undefined);
  const names = async () => (await applications()).map((app) => app.metadata.name).sort();
  const errorCondition = async (): Promise<Condition | undefined> =>
    ((await hub.http.get(`/api/v1/applicationsets/${SET}`).set(auth).expect(200)).body.status.conditions as Condition[]).find((condition) => condition.type === 'ErrorOccurred');
  const refresh = () => hub.http.post(`/api/v1/applicationsets/${SET}/refresh`).set(auth).expect(200);
  // One tick of the generator poll job on the hub's clock, waited for until the job has scheduled its next run.
  const pollTick = async () => {
    await clock.advanceToNext(POLL_JOB);
    await eventually(() => clock.pendingTimers().includes(POLL_JOB), { timeoutMs: 10_000, what: 'the poll tick finished' });
  };

  beforeAll(async () => {
    repo = createGitRepo({ example: true });
    own = await startKubeApiServer({ name: 'hub', namespaces: ['argocd'] });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdr-hub-'));
    kubeconfigFile = path.join(dir, 'in-cluster.kubeconfig');
    useToken(own.addToken());
    await installPlacementDecisions(own);
    await call(own, '/api/v1/namespaces/argocd/configmaps', { method: 'POST', body: acmPlacementConfigMap('argocd') });
    await createPlacementDecision(own, 'argocd', 'web-decision-1', 'web');
    // `gone` is not registered: Argo CD skips decisions naming unknown clusters.
    await decide(own, 'argocd', 'web-decision-1', ['east', 'gone', 'west']);
    hub = await startTestHub({ clock, env: { IN_CLUSTER: 'true', IN_CLUSTER_KUBECONFIG: kubeconfigFile, RECONCILE_INTERVAL_SECONDS: '3600', SHARD_LEASE_SECONDS: '3600' } });
    auth = bearer(hub.adminToken);
    for (const [name, server] of Object.entries(servers)) await hub.http.post('/api/v1/clusters').set(auth).send(clusterBody({ name, server })).expect(201);
  });

  afterAll(async () => {
    await Promise.all([hub?.close(), own?.stop()]);
    repo?.remove();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a generator selecting nothing, with the field path, and stores nothing', async () => {
    const response = await hub.http.post('/api/v1/applicationsets').set(auth).send(manifest({ configMapRef: 'acm-placement' }));
    expect(response.status).toBe(400);
    expect(response.body.details).toContainEqual({ field: 'spec.generators[0].clusterDecisionResource', reason: expect.stringMatching(/either "name" or "labelSelector"/) });
    await hub.http.get(`/api/v1/applicationsets/${SET}`).set(auth).expect(404);
  });

  it('says which kind the hub\'s own API server does not serve', async () => {
    await call(own, '/api/v1/namespaces/argocd/configmaps', { method: 'POST', body: acmPlacementConfigMap('argocd', 'wrong-kind', { kind: 'PlacementDecision' }) });
    const preview = await hub.http.post('/api/v1/applicationsets/preview').set(auth).send(manifest({ ...placed, configMapRef: 'wrong-kind' }));
    expect(preview.status).toBe(422);
    expect(preview.body.message).toMatch(/spec\.generators\[0\]\.clusterDecisionResource: the hub's own cluster: the API server does not serve PlacementDecision in cluster\.open-cluster-management\.io\/v1beta1 \(HTTP 404\)/);
  });

  it('generates one application per decided, registered cluster', async () => {
    const created = await hub.http.post('/api/v1/applicationsets').set(auth).send(manifest(placed));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.status.desired).toBe(2);
    const apps = await applications();
    expect(apps.map((app) => [app.metadata.name, app.spec.destination.server, app.metadata.labels?.reason, app.metadata.labels?.tier]).sort()).toEqual([
      ['east-web', servers.east, 'Selected', 'frontend'],
      ['west-web', servers.west, 'Selected', 'frontend'],
    ]);
  });

  it('follows a new decision at the set\'s requeueAfterSeconds', async () => {
    await decide(own, 'argocd', 'web-decision-1', ['west']);
    // Nothing re-reads the decision before the set's own interval has passed on the hub's clock.
    expect(await names()).toEqual(['east-web', 'west-web']);
    for (let tick = 0; tick < 8 && (await names()).length !== 1; tick += 1) await pollTick();
    expect(await names()).toEqual(['west-web']);
    expect((await errorCondition())?.status).toBe('False');
  });

  it('changes nothing while the hub\'s own API server refuses the hub, and says why', async () => {
    const refused = own.addToken();
    useToken(refused);
    own.revokeToken(refused);
    await refresh();
    expect(await errorCondition()).toMatchObject({
      status: 'True',
      reason: 'GeneratorFailed',
      message: expect.stringMatching(/clusterDecisionResource: the hub's own cluster: ConfigMap argocd\/acm-placement: the API server rejected the hub's credentials \(HTTP 401\)/),
    });
    expect((await errorCondition())?.message).not.toContain(refused);
    expect(await names()).toEqual(['west-web']);
  });

  it('changes nothing while the hub\'s own API server is down, and recovers', async () => {
    useToken(own.addToken());
    await own.faults.goOffline();
    try {
      await decide(own, 'argocd', 'web-decision-1', []).catch(() => undefined);
      await refresh();
      expect(await errorCondition()).toMatchObject({ status: 'True', reason: 'GeneratorFailed', message: expect.stringMatching(/the hub's own cluster: .*no connection to the API server \(ECONNREFUSED\)/) });
      expect(await names()).toEqual(['west-web']);
    } finally {
      await own.faults.goOnline();
    }
    // (east-web, dropped above, may still be being deleted: deciding it again would only reject it until then.)
    await decide(own, 'argocd', 'web-decision-1', ['west']);
    await refresh();
    expect(await errorCondition()).toMatchObject({ status: 'False' });
    expect(await names()).toEqual(['west-web']);
  });
});
