import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { FakeClock } from '../../src/clock/fake-clock';
import { ReconcileTriggers } from '../../src/reconcile/reconcile.triggers';
import { RevisionPoller } from '../../src/reconcile/revision-poller';
import { call } from '../kube-api/http';
import { clusterBody } from '../support/builders';
import { exampleText } from '../support/example-fleet';
import { createGitRepo, type GitTestRepo } from '../support/git-repo';
import { startKubeApiServer, type KubeApiServer } from '../support/kube-api';
import { bearer, startTestHub, type TestHub } from '../support/test-hub';

const CONTROLLER_DELAY_MS = 50;
const HUB_PATH = 'hub';

interface Manifest {
  metadata: { name: string; namespace?: string; finalizers?: string[] };
  spec: { project: string; source: { repoURL: string; path: string; targetRevision: string }; destination: { server?: string; namespace: string }; [field: string]: unknown };
  [field: string]: unknown;
}

interface ResourceRow {
  kind: string;
  name: string;
  status?: string;
  action?: string;
  message?: string;
  requiresPruning?: boolean;
}

/**
 * Argo CD's app of apps ("cluster bootstrapping"): a root Application whose Git folder holds the example's AppProject
 * and Applications brings them into the hub as its own objects, and the children deploy to the cluster.
 */
describe('app of apps: a root Application adopts the projects and applications its Git holds', () => {
  const clusterClock = new FakeClock();
  const settleControllers = () => clusterClock.advance(CONTROLLER_DELAY_MS);
  let hub: TestHub;
  let repo: GitTestRepo;
  let cluster: KubeApiServer;
  let auth: Record<string, string>;

  const rewrite = () => ({ repoURL: repo.url, stagingServer: cluster.server, inClusterServer: cluster.server });
  // The guide's own files: the platform project and the production Application, as users keep them in Git.
  const exampleApp = () => parse(exampleText('apps/my-api/argocd-app.yaml', rewrite())) as Manifest;
  const childApp = (name: string, overlay: string, change: (m: Manifest) => void = () => undefined) => {
    const manifest = exampleApp();
    manifest.metadata.name = name;
    manifest.spec.source.path = `apps/my-api/overlays/${overlay}`;
    manifest.spec.destination.namespace = overlay;
    change(manifest);
    return stringify(manifest);
  };
  const rootApp = {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name: 'root', namespace: 'argocd', finalizers: ['resources-finalizer.argocd.argoproj.io'] },
    spec: {
      project: 'default',
      source: { repoURL: '', targetRevision: 'main', path: HUB_PATH },
      destination: { server: '', namespace: 'argocd' },
      syncPolicy: { automated: { prune: true, selfHeal: true } },
    },
  };
  const reconciled = async () => {
    // A parent's sync announces its children, whose reconciles are queued meanwhile: wait for those too.
    await hub.app.get(ReconcileTriggers).settled();
    await hub.app.get(ReconcileTriggers).settled();
  };
  const refreshRoot = async () => {
    hub.app.get(RevisionPoller).invalidate([`file://${repo.dir}`]);
    return (await hub.http.post('/api/v1/applications/root/refresh').set(auth).expect(200)).body as { sync: { status: string }; operationState?: { phase: string; message: string }; resources: ResourceRow[] };
  };
  const getApp = (name: string) => hub.http.get(`/api/v1/applications/${name}`).set(auth);
  const deployment = (namespace: string) => call(cluster, `/apis/apps/v1/namespaces/${namespace}/deployments/my-api`);
  const children = (resources: ResourceRow[]) => resources.filter((r) => r.kind === 'AppProject' || r.kind === 'Application' || r.kind === 'ApplicationSet');

  beforeAll(async () => {
    repo = createGitRepo({ example: true });
    cluster = await startKubeApiServer({ name: 'aoa', controllerDelayMs: CONTROLLER_DELAY_MS, clock: clusterClock });
    hub = await startTestHub({ env: { RECONCILE_INTERVAL_SECONDS: '3600', SHARD_COUNT: '2', IN_CLUSTER: 'false' } });
    auth = bearer(hub.adminToken);
    await hub.http.post('/api/v1/clusters').set(auth).send(clusterBody({ name: 'prod-eu', server: cluster.server, credentials: { bearerToken: cluster.token }, tls: { caData: cluster.caData } })).expect(201);
    repo.commitFiles({
      [`${HUB_PATH}/platform.yaml`]: exampleText('projects/platform.yaml', rewrite()),
      [`${HUB_PATH}/my-api-production.yaml`]: stringify(exampleApp()),
      [`${HUB_PATH}/my-api-dev.yaml`]: childApp('my-api-dev', 'dev'),
    });
    rootApp.spec.source.repoURL = repo.url;
    rootApp.spec.destination.server = cluster.server;
  }, 60_000);

  afterAll(async () => {
    await Promise.all([hub?.close(), cluster?.stop()]);
    repo?.remove();
  });

  it('brings the project and both applications into the hub, and the children deploy to the cluster', async () => {
    await hub.http.post('/api/v1/applications').set(auth).send(rootApp).expect(201);
    await reconciled();
    const project = (await hub.http.get('/api/v1/projects/platform').set(auth).expect(200)).body;
    expect(project.spec.description).toBe('Platform services');
    for (const name of ['my-api-production', 'my-api-dev']) {
      const child = (await getApp(name).expect(200)).body;
      expect(child.status).toMatchObject({ origin: 'Application', parentApplication: 'root', applicationSet: null, orphaned: false, cluster: 'prod-eu' });
      expect(child.status.sync.status).toBe('Synced');
    }
    expect((await deployment('production')).status).toBe(200);
    expect((await deployment('dev')).status).toBe(200);
    const root = (await getApp('root').expect(200)).body;
    expect(root.status.sync.status).toBe('Synced');
    expect(root.status.operationState).toMatchObject({ phase: 'Succeeded', trigger: 'automated' });
    expect(children(root.status.resources).map((r: ResourceRow) => `${r.kind}/${r.name}:${r.status}`).sort()).toEqual([
      'AppProject/platform:Synced',
      'Application/my-api-dev:Synced',
      'Application/my-api-production:Synced',
    ]);
    const adopted = await hub.http.get('/api/v1/applications').query({ origin: 'Application' }).set(auth).expect(200);
    expect(adopted.body.items.map((item: Manifest) => item.metadata.name)).toEqual(['my-api-dev', 'my-api-production']);
  });

  it('refuses hand edits of adopted objects while their parent exists, naming it', async () => {
    const edited = parse(childApp('my-api-dev', 'dev', (m) => (m.spec.destination.namespace = 'elsewhere'))) as Manifest;
    const put = await hub.http.put('/api/v1/applications/my-api-dev').set(auth).send(edited).expect(409);
    expect(put.body.message).toContain('managed by Application "root"');
    await hub.http.delete('/api/v1/applications/my-api-dev').set(auth).expect(409);
    const project = await hub.http.delete('/api/v1/projects/platform').set(auth).expect(409);
    expect(project.body.message).toContain('managed by Application "root"');
    expect((await getApp('my-api-dev').expect(200)).body.spec.destination.namespace).toBe('dev');
  });

  it('reports a name already created over REST as a conflict and leaves it alone', async () => {
    const own = parse(childApp('rest-made', 'dev', (m) => {
      m.spec.project = 'default';
      m.spec.destination.namespace = 'rest';
      delete m.spec.syncPolicy;
    })) as Manifest;
    await hub.http.post('/api/v1/applications').set(auth).send(own).expect(201);
    repo.commitFiles({ [`${HUB_PATH}/rest-made.yaml`]: childApp('rest-made', 'dev', (m) => (m.spec.destination.namespace = 'taken')) });
    const status = await refreshRoot();
    expect(status.operationState?.phase).toBe('Failed');
    expect(status.operationState?.message).toContain('Application rest-made: Conflict: Application "rest-made" exists and is not managed by an Application');
    expect(children(status.resources).find((r) => r.name === 'rest-made')).toMatchObject({ kind: 'Application', status: 'Missing' });
    const mine = (await getApp('rest-made').expect(200)).body;
    expect(mine.status).toMatchObject({ origin: 'manual', parentApplication: null });
    expect(mine.spec.destination.namespace).toBe('rest');
  });

  it('prunes a child removed from Git: its cluster objects go through its cascading deletion', async () => {
    repo.commit('drop my-api-dev', () => {
      for (const file of ['my-api-dev.yaml', 'rest-made.yaml']) repo.git('rm', '--quiet', `${HUB_PATH}/${file}`);
    });
    const status = await refreshRoot();
    expect(status.operationState).toMatchObject({ phase: 'Succeeded' });
    await reconciled();
    await settleControllers();
    await getApp('my-api-dev').expect(404);
    expect((await deployment('dev')).status).toBe(404);
    expect((await deployment('production')).status).toBe(200);
    expect((await getApp('rest-made').expect(200)).body.status.origin).toBe('manual');
    const root = (await getApp('root').expect(200)).body;
    expect(root.status.sync.status).toBe('Synced');
    expect(children(root.status.resources).map((r: ResourceRow) => r.name).sort()).toEqual(['my-api-production', 'platform']);
  });

  it('fails the sync on a child with an invalid spec, naming it and the field, and persists nothing', async () => {
    repo.commitFiles({
      [`${HUB_PATH}/broken.yaml`]: childApp('broken', 'dev', (m) => (m.spec.destination.namespace = 'Not_A_Namespace')),
      [`${HUB_PATH}/my-api-staging.yaml`]: childApp('my-api-staging', 'staging'),
    });
    hub.app.get(RevisionPoller).invalidate([`file://${repo.dir}`]);
    const answer = await hub.http.post('/api/v1/applications/root/sync').set(auth).send({}).expect(200);
    expect(answer.body.phase).toBe('Failed');
    expect(answer.body.message).toContain('Application "broken" is invalid: spec.destination.namespace');
    expect(answer.body.resources).toEqual([expect.objectContaining({ kind: 'Application', name: 'broken', action: 'failed' })]);
    await reconciled();
    await getApp('broken').expect(404);
    await getApp('my-api-staging').expect(404);
    expect((await deployment('staging')).status).toBe(404);
    const root = (await getApp('root').expect(200)).body;
    expect(root.status.operationState).toMatchObject({ phase: 'Failed', trigger: 'manual' });
    repo.commit('fix', () => {
      repo.git('rm', '--quiet', `${HUB_PATH}/broken.yaml`, `${HUB_PATH}/my-api-staging.yaml`);
    });
  });

  it('deleting the root with the resources finalizer cascades to its children', async () => {
    const answer = await hub.http.delete('/api/v1/applications/root').set(auth).expect(200);
    expect(answer.body.cascade).toBe(true);
    expect(answer.body.resources.map((r: ResourceRow) => `${r.kind}/${r.name}:${r.action}`).sort()).toEqual(['AppProject/platform:pruned', 'Application/my-api-production:pruned']);
    await reconciled();
    await settleControllers();
    await getApp('my-api-production').expect(404);
    await hub.http.get('/api/v1/projects/platform').set(auth).expect(404);
    expect((await deployment('production')).status).toBe(404);
    expect((await getApp('rest-made').expect(200)).body.status.origin).toBe('manual');
  });

  it("the example's bootstrap Application brings the example's project and Application from Git", async () => {
    // The test's hub has no in-cluster destination: the guide's Application in Git points at the test cluster instead.
    repo.commitFiles({ 'apps/my-api/argocd-app.yaml': exampleText('apps/my-api/argocd-app.yaml', rewrite()) });
    hub.app.get(RevisionPoller).invalidate([`file://${repo.dir}`]);
    const bootstrap = exampleText('bootstrap/hub-config.yaml', rewrite());
    await hub.http.post('/api/v1/applications').set(auth).set('Content-Type', 'application/yaml').send(bootstrap).expect(201);
    await reconciled();
    expect((await hub.http.get('/api/v1/projects/platform').set(auth).expect(200)).body.spec.description).toBe('Platform services');
    const production = (await getApp('my-api-production').expect(200)).body;
    expect(production.status).toMatchObject({ origin: 'Application', parentApplication: 'hub-config' });
    expect(production.spec).toEqual(exampleApp().spec);
    expect((await deployment('production')).status).toBe(200);
    const root = (await getApp('hub-config').expect(200)).body;
    expect(root.status.sync.status).toBe('Synced');
    expect(children(root.status.resources).map((r: ResourceRow) => `${r.kind}/${r.name}`).sort()).toEqual(['AppProject/platform', 'Application/my-api-production']);
  });
});
