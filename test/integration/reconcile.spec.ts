import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { parse, stringify } from 'yaml';
import { FakeClock } from '../../src/clock/fake-clock';
import { RevisionPoller } from '../../src/reconcile/revision-poller';
import { ReconcileTriggers } from '../../src/reconcile/reconcile.triggers';
import { ReconcileWorker } from '../../src/reconcile/reconcile.worker';
import { at, call } from '../kube-api/http';
import { clusterBody } from '../support/builders';
import { startKubeApiServer, type KubeApiServer } from '../support/kube-api';
import { createGitRepo, type GitTestRepo } from '../support/git-repo';
import { bearer, startTestHub, type TestHub } from '../support/test-hub';

// Overlay files edited in place by the tests (only the fields they touch).
interface EditableYaml {
  spec: { replicas: number };
  resources: string[];
  images: { newTag: string }[];
}

const WRITE_VERBS = ['create', 'update', 'patch', 'apply', 'delete', 'deletecollection'];
const CONTROLLER_DELAY_MS = 50;

describe('push reconcile: Git → render → server-side apply', () => {
  // The clusters' simulated controllers report rollouts only when the test moves this clock.
  const clusterClock = new FakeClock();
  // Lets the simulated controllers finish: rollouts settle, foreground deletions complete.
  const settleControllers = () => clusterClock.advance(CONTROLLER_DELAY_MS);
  let hub: TestHub;
  let repo: GitTestRepo;
  let staging: KubeApiServer;
  let production: KubeApiServer;
  let local: KubeApiServer;
  let auth: Record<string, string>;

  // New and changed applications are reconciled at once by the change queue; a pass runs after it has settled. A pass
  // skips an application another run has taken meanwhile (a look at one still settling, on its own timer), so the
  // queue is awaited again: that run is the one that reconciles it.
  const pass = async () => {
    const triggers = hub.app.get(ReconcileTriggers);
    await triggers.settled();
    const summary = await hub.app.get(ReconcileWorker).runPass();
    await triggers.settled();
    return summary;
  };
  const writes = (cluster: KubeApiServer) => WRITE_VERBS.reduce((sum, verb) => sum + cluster.counters.count({ verb }), 0);
  const deployment = async (cluster: KubeApiServer, namespace: string) => call(cluster, `/apis/apps/v1/namespaces/${namespace}/deployments/my-api`);
  const app = async (name: string) => (await hub.http.get(`/api/v1/applications/${name}`).set(auth).expect(200)).body;
  const history = async (name: string) => (await hub.http.get(`/api/v1/applications/${name}/history`).set(auth).expect(200)).body.items;
  const newCommit = (message: string, change: (dir: string) => void) => {
    repo.commit(message, change);
    hub.app.get(RevisionPoller).invalidate([`file://${repo.dir}`]);
  };
  const editYaml = (file: string, edit: (doc: EditableYaml) => void) => (dir: string) => {
    const full = path.join(dir, file);
    const doc = parse(fs.readFileSync(full, 'utf8')) as EditableYaml;
    edit(doc);
    fs.writeFileSync(full, stringify(doc));
  };

  beforeAll(async () => {
    repo = createGitRepo({ example: true });
    [staging, production, local] = await Promise.all([
      startKubeApiServer({ name: 'staging', controllerDelayMs: CONTROLLER_DELAY_MS, clock: clusterClock }),
      startKubeApiServer({ name: 'production', controllerDelayMs: CONTROLLER_DELAY_MS, clock: clusterClock }),
      startKubeApiServer({ name: 'in-cluster', controllerDelayMs: CONTROLLER_DELAY_MS, clock: clusterClock }),
    ]);
    // The hub's "own" cluster (Argo CD's in-cluster) is a third test server, reached through a kubeconfig file.
    const inClusterKubeconfig = path.join(repo.dir, '..', `${path.basename(repo.dir)}-in-cluster.kubeconfig`);
    fs.writeFileSync(inClusterKubeconfig, local.kubeconfig, { mode: 0o600 });
    hub = await startTestHub({ env: { RECONCILE_INTERVAL_SECONDS: '3600', SHARD_COUNT: '4', IN_CLUSTER: 'true', IN_CLUSTER_KUBECONFIG: inClusterKubeconfig } });
    auth = bearer(hub.adminToken);
    await hub.http.post('/api/v1/projects').set(auth).set('Content-Type', 'application/yaml').send(fs.readFileSync(path.join(repo.dir, 'projects/platform.yaml'))).expect(201);
    for (const [name, cluster, env] of [['staging-eu', staging, 'staging'], ['prod-eu', production, 'production']] as const) {
      await hub.http.post('/api/v1/clusters').set(auth).send(clusterBody({ name, server: cluster.server, labels: { env }, credentials: { bearerToken: cluster.token }, tls: { caData: cluster.caData } })).expect(201);
    }
    const appSet = fs.readFileSync(path.join(repo.dir, 'applicationsets/my-api-clusters.yaml'));
    const created = await hub.http.post('/api/v1/applicationsets').set(auth).set('Content-Type', 'application/yaml').send(appSet).expect(201);
    expect(created.body.status.desired).toBe(2);
  });

  afterAll(async () => {
    await Promise.all([hub?.close(), staging?.stop(), production?.stop(), local?.stop()]);
    if (repo) fs.rmSync(`${repo.dir}-in-cluster.kubeconfig`, { force: true });
    repo?.remove();
  });

  it('applies the rendered overlay into every cluster and records the run', async () => {
    const summary = await pass();
    // The change queue synced both as soon as the set created them; the pass finds nothing left to do. It may leave
    // one to a look at it still settling (on its own timer) that took it first: skipped, not reconciled twice.
    expect(summary).toMatchObject({ synced: 0, failures: 0 });
    expect(summary.applications + summary.skipped).toBe(2);
    const [stagingDeploy, productionDeploy] = await Promise.all([deployment(staging, 'staging'), deployment(production, 'production')]);
    expect(stagingDeploy.status).toBe(200);
    expect(at(stagingDeploy.json, 'spec.replicas')).toBe(2);
    expect(at(productionDeploy.json, 'spec.replicas')).toBe(5);
    expect(at(productionDeploy.json, 'spec.template.spec.containers.0.image')).toBe('myregistry.com/my-api:v1.4.2');
    expect((await call(production, '/apis/autoscaling/v2/namespaces/production/horizontalpodautoscalers/my-api')).status).toBe(200);
    const runs = await history('my-api-prod-eu');
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ phase: 'Succeeded', trigger: 'automated', revision: repo.head(), cluster: 'prod-eu', applicationSet: 'my-api-fleet', path: 'apps/my-api/overlays/production' });
    expect(runs[0].resources.map((r: { kind: string; action: string }) => `${r.kind}:${r.action}`).sort()).toEqual(['Deployment:created', 'HorizontalPodAutoscaler:created', 'Namespace:created', 'Service:created']);
    const status = (await app('my-api-prod-eu')).status;
    expect(status.sync).toEqual({ status: 'Synced', revision: repo.head() });
    expect(status.operationState).toMatchObject({ phase: 'Succeeded', trigger: 'automated' });
  });

  it('writes nothing to clusters or the database when nothing changed', async () => {
    await settleControllers();
    await pass();
    const before = [writes(staging), writes(production)];
    const summary = await pass();
    expect(summary).toMatchObject({ applications: 2, synced: 0, statusWrites: 0 });
    expect([writes(staging), writes(production)]).toEqual(before);
    expect((await app('my-api-staging-eu')).status.health.status).toBe('Healthy');
  });

  it('applies a new commit everywhere it applies, and prunes a deleted file', async () => {
    newCommit('staging: 3 replicas, no HPA', (dir) => {
      editYaml('apps/my-api/overlays/staging/patch-replicas.yaml', (doc) => (doc.spec.replicas = 3))(dir);
      editYaml('apps/my-api/base/kustomization.yaml', (doc) => (doc.resources = doc.resources.filter((r: string) => r !== 'hpa.yaml')))(dir);
      fs.rmSync(path.join(dir, 'apps/my-api/base/hpa.yaml'));
    });
    await pass();
    // Pruning deletes in the foreground: the API server's garbage collector removes the object afterwards.
    await settleControllers();
    expect(at((await deployment(staging, 'staging')).json, 'spec.replicas')).toBe(3);
    expect((await call(staging, '/apis/autoscaling/v2/namespaces/staging/horizontalpodautoscalers/my-api')).status).toBe(404);
    expect((await call(production, '/apis/autoscaling/v2/namespaces/production/horizontalpodautoscalers/my-api')).status).toBe(404);
    const runs: { revision: string; resources: { kind: string; action: string }[] }[] = await history('my-api-staging-eu');
    expect(runs[0].revision).toBe(repo.head());
    // A look that meets the autoscaler still being deleted (a loaded machine's garbage collector is slower) syncs the
    // revision once more, pruning it again: what the new commit did is in the runs at its revision, not only the last.
    const atHead = runs.filter((run) => run.revision === repo.head()).flatMap((run) => run.resources.map((resource) => `${resource.kind}:${resource.action}`));
    expect(atHead).toEqual(expect.arrayContaining(['HorizontalPodAutoscaler:pruned', 'Deployment:configured']));
  });

  it('reverts a manual edit of a managed field (selfHeal)', async () => {
    const patched = await call(staging, '/apis/apps/v1/namespaces/staging/deployments/my-api', { method: 'PATCH', body: { spec: { replicas: 9 } }, contentType: 'application/merge-patch+json' });
    expect(patched.status).toBe(200);
    await pass();
    expect(at((await deployment(staging, 'staging')).json, 'spec.replicas')).toBe(3);
    expect((await history('my-api-staging-eu'))[0]).toMatchObject({ trigger: 'self-heal', phase: 'Succeeded' });
  });

  it('reports a broken image as Degraded', async () => {
    newCommit('production: broken image', editYaml('apps/my-api/overlays/production/kustomization.yaml', (doc) => (doc.images[0].newTag = 'v2-broken')));
    await pass();
    await settleControllers();
    await hub.http.post('/api/v1/applications/my-api-prod-eu/refresh').set(auth).expect(200);
    expect((await app('my-api-prod-eu')).status.health.status).toBe('Degraded');
  });

  it('marks the applications of an offline cluster Unknown while the others keep syncing', async () => {
    await production.faults.goOffline();
    try {
      newCommit('staging: 4 replicas', editYaml('apps/my-api/overlays/staging/patch-replicas.yaml', (doc) => (doc.spec.replicas = 4)));
      await pass();
      const offline = (await app('my-api-prod-eu')).status;
      expect(offline.health.status).toBe('Unknown');
      expect(offline.sync.status).toBe('Unknown');
      expect(at((await deployment(staging, 'staging')).json, 'spec.replicas')).toBe(4);
    } finally {
      await production.faults.goOnline();
    }
  });

  it('never prunes when the repository fails; it says why', async () => {
    const moved = `${repo.dir}-moved`;
    fs.renameSync(repo.dir, moved);
    try {
      hub.app.get(RevisionPoller).invalidate([`file://${repo.dir}`]);
      const before = writes(staging);
      await pass();
      expect(writes(staging)).toBe(before);
      expect((await deployment(staging, 'staging')).status).toBe(200);
      const status = (await app('my-api-staging-eu')).status;
      expect(status.conditions).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'ComparisonError' })]));
    } finally {
      fs.renameSync(moved, repo.dir);
    }
  });

  it('deploys to the in-cluster destination (https://kubernetes.default.svc)', async () => {
    const list = parse(fs.readFileSync(path.join(repo.dir, 'applicationsets/my-api-list.yaml'), 'utf8')) as { metadata: { name: string }; spec: { generators: { list: { elements: unknown[] } }[] } };
    list.metadata.name = 'my-api-local';
    list.spec.generators[0].list.elements = [{ cluster: 'production', url: 'https://kubernetes.default.svc' }];
    await hub.http.post('/api/v1/applicationsets').set(auth).send(list).expect(201);
    await pass();
    expect((await app('my-api-production')).status.cluster).toBe('in-cluster');
    expect((await deployment(local, 'production')).status).toBe(200);
  });

  it('syncs by hand, recording who asked, and answers a dry run without changing anything', async () => {
    hub.app.get(RevisionPoller).invalidate([`file://${repo.dir}`]);
    const dry = await hub.http.post('/api/v1/applications/my-api-staging-eu/sync').set(auth).send({ dryRun: true }).expect(200);
    expect(dry.body.dryRun).toBe(true);
    const manual = await hub.http.post('/api/v1/applications/my-api-staging-eu/sync').set(auth).send({}).expect(200);
    expect(manual.body.phase).toBe('Succeeded');
    expect((await history('my-api-staging-eu'))[0]).toMatchObject({ trigger: 'manual', triggeredBy: 'admin' });
    await hub.http.post('/api/v1/applications/nope/sync').set(auth).send({}).expect(404);
    await hub.http.post('/api/v1/applications/my-api-staging-eu/sync').set(auth).send({ force: true }).expect(400);
  });
  it('sees an application its sync left Progressing turn Healthy without a pass, once its workloads are ready', async () => {
    await settleControllers();
    newCommit('staging: 5 replicas', editYaml('apps/my-api/overlays/staging/patch-replicas.yaml', (doc) => (doc.spec.replicas = 5)));
    const synced = await hub.http.post('/api/v1/applications/my-api-staging-eu/sync').set(auth).send({}).expect(200);
    expect(synced.body.phase).toBe('Succeeded');
    // The cluster's controllers have not caught up (their clock stands still): the workload is rolling out.
    expect((await app('my-api-staging-eu')).status.health.status).toBe('Progressing');
    const passes = vi.spyOn(hub.app.get(ReconcileWorker), 'runPass');
    onTestFinished(() => passes.mockRestore());
    await settleControllers();
    const deadline = Date.now() + 15_000;
    let health = '';
    while (health !== 'Healthy' && Date.now() < deadline) {
      health = (await app('my-api-staging-eu')).status.health.status;
      if (health !== 'Healthy') await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(health).toBe('Healthy');
    expect(passes).not.toHaveBeenCalled();
  });
});
