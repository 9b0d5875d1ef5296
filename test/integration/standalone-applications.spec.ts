import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { AuditTrail } from '../../src/audit/audit-trail';
import { FakeClock } from '../../src/clock/fake-clock';
import { ReconcileTriggers } from '../../src/reconcile/reconcile.triggers';
import { RevisionPoller } from '../../src/reconcile/revision-poller';
import { at, call } from '../kube-api/http';
import { clusterBody } from '../support/builders';
import { exampleText } from '../support/example-fleet';
import { createGitRepo, type GitTestRepo } from '../support/git-repo';
import { startKubeApiServer, type KubeApiServer } from '../support/kube-api';
import { bearer, startTestHub, type TestHub } from '../support/test-hub';

const CONTROLLER_DELAY_MS = 50;
const GUIDE_APP = 'apps/my-api/argocd-app.yaml';

interface Manifest {
  metadata: { name: string; finalizers?: string[] };
  spec: { project: string; source: { repoURL: string; path: string; targetRevision: string }; destination: { server?: string; name?: string; namespace: string }; [field: string]: unknown };
  [field: string]: unknown;
}

describe('applications written by hand (POST, PUT, DELETE /api/v1/applications)', () => {
  const clusterClock = new FakeClock();
  // Lets the simulated controllers finish: foreground deletions complete.
  const settleControllers = () => clusterClock.advance(CONTROLLER_DELAY_MS);
  let hub: TestHub;
  let repo: GitTestRepo;
  let cluster: KubeApiServer;
  /** Where the guide's list set puts its other application, apart from the hand-written one's objects. */
  let stagingCluster: KubeApiServer;
  let operator: Record<string, string>;
  let viewer: Record<string, string>;

  // The guide's file as users write it; only its repository and its destination are pointed at the test's.
  const guideYaml = () => exampleText(GUIDE_APP, { repoURL: repo.url, stagingServer: cluster.server, inClusterServer: cluster.server });
  const guideManifest = () => parse(guideYaml()) as Manifest;
  const listSet = () => exampleText('applicationsets/my-api-list.yaml', { repoURL: repo.url, stagingServer: stagingCluster.server, inClusterServer: cluster.server });
  const reconciled = () => hub.app.get(ReconcileTriggers).settled();
  const deployment = (namespace: string) => call(cluster, `/apis/apps/v1/namespaces/${namespace}/deployments/my-api`);
  const service = (namespace: string) => call(cluster, `/api/v1/namespaces/${namespace}/services/my-api`);
  const getApp = (name: string) => hub.http.get(`/api/v1/applications/${name}`).set(operator);
  const postYaml = (text: string, auth = operator) => hub.http.post('/api/v1/applications').set(auth).set('Content-Type', 'application/yaml').send(text);
  const put = (name: string, body: unknown, auth = operator) => hub.http.put(`/api/v1/applications/${name}`).set(auth).send(body as object);
  const applicationNames = async () => ((await hub.http.get('/api/v1/applications').set(operator).expect(200)).body.items as { metadata: { name: string } }[]).map((item) => item.metadata.name);

  beforeAll(async () => {
    repo = createGitRepo({ example: true });
    [cluster, stagingCluster] = await Promise.all(
      ['standalone', 'staging'].map((name) => startKubeApiServer({ name, controllerDelayMs: CONTROLLER_DELAY_MS, clock: clusterClock })),
    );
    hub = await startTestHub({ env: { RECONCILE_INTERVAL_SECONDS: '3600', SHARD_COUNT: '2' } });
    const admin = bearer(hub.adminToken);
    const tokens = await Promise.all(
      (['operator', 'viewer'] as const).map(async (role) => (await hub.http.post('/api/v1/tokens').set(admin).send({ name: `${role}-token`, role }).expect(201)).body.token as string),
    );
    [operator, viewer] = tokens.map((token) => bearer(token));
    await hub.http.post('/api/v1/projects').set(admin).set('Content-Type', 'application/yaml').send(fs.readFileSync(path.join(repo.dir, 'projects/platform.yaml'))).expect(201);
    for (const [name, server] of [['prod-eu', cluster], ['staging-eu', stagingCluster]] as const) {
      await hub.http.post('/api/v1/clusters').set(admin).send(clusterBody({ name, server: server.server, credentials: { bearerToken: server.token }, tls: { caData: server.caData } })).expect(201);
    }
  }, 60_000);

  afterAll(async () => {
    await Promise.all([hub?.close(), cluster?.stop(), stagingCluster?.stop()]);
    repo?.remove();
  });

  it('creates the guide\'s Application, posted as YAML, and syncs it into the cluster', async () => {
    const created = await postYaml(guideYaml()).expect(201);
    expect(created.body.metadata).toMatchObject({ name: 'my-api-production', namespace: 'argocd', finalizers: ['resources-finalizer.argocd.argoproj.io'] });
    expect(created.body.metadata.ownerReferences).toBeUndefined();
    expect(created.body.status).toMatchObject({ origin: 'manual', applicationSet: null, orphaned: false, cluster: 'prod-eu' });
    expect(created.body.spec).toEqual(guideManifest().spec);
    await reconciled();
    const deployed = await deployment('production');
    expect(deployed.status).toBe(200);
    expect(at(deployed.json, 'spec.replicas')).toBe(5);
    expect((await service('production')).status).toBe(200);
    const status = (await getApp('my-api-production').expect(200)).body.status;
    expect(status.sync).toEqual({ status: 'Synced', revision: repo.head() });
    expect(status.operationState).toMatchObject({ phase: 'Succeeded', trigger: 'automated' });
    const manual = await hub.http.get('/api/v1/applications').query({ origin: 'manual' }).set(operator).expect(200);
    expect(manual.body.items.map((item: Manifest) => item.metadata.name)).toEqual(['my-api-production']);
  });

  it('keeps fields it does not know, as given', async () => {
    const manifest = { ...guideManifest(), metadata: { name: 'my-api-extra' }, spec: { ...guideManifest().spec, info: [{ name: 'team', value: 'payments' }], revisionHistoryLimit: 3 } };
    delete (manifest.spec as { syncPolicy?: unknown }).syncPolicy;
    const created = await hub.http.post('/api/v1/applications').set(operator).send(manifest).expect(201);
    expect(created.body.spec).toMatchObject({ info: [{ name: 'team', value: 'payments' }], revisionHistoryLimit: 3 });
    // No finalizer: deleting it leaves whatever it deployed (nothing: it has no automated sync).
    expect((await hub.http.delete('/api/v1/applications/my-api-extra').set(operator).expect(200)).body).toEqual({ name: 'my-api-extra', cascade: false, resources: [] });
  });

  it('refuses a name that exists, and bad manifests field by field, storing nothing', async () => {
    const before = await applicationNames();
    const duplicate = await postYaml(guideYaml()).expect(409);
    expect(duplicate.body.details).toEqual([{ field: 'metadata.name', reason: 'already exists' }]);
    const cases: { change: (m: Manifest) => unknown; status: number; field: string }[] = [
      { change: (m) => ({ ...m, kind: 'ApplicationSet' }), status: 400, field: 'kind' },
      { change: (m) => ({ ...m, metadata: { name: 'Not_A_Name' } }), status: 400, field: 'metadata.name' },
      { change: (m) => ({ ...m, metadata: { name: 'no-destination' }, spec: { ...m.spec, destination: undefined } }), status: 400, field: 'spec.destination' },
      { change: (m) => ({ ...m, metadata: { name: 'no-source' }, spec: { ...m.spec, source: undefined } }), status: 400, field: 'spec.source' },
      { change: (m) => ({ ...m, metadata: { name: 'both', labels: { 'bad key!': 'x' } } }), status: 400, field: 'metadata.labels.bad key!' },
      { change: (m) => ({ ...m, metadata: { name: 'bad-ns' }, spec: { ...m.spec, destination: { ...m.spec.destination, namespace: 'Prod_NS' } } }), status: 400, field: 'spec.destination.namespace' },
      { change: (m) => ({ ...m, metadata: { name: 'no-project' }, spec: { ...m.spec, project: 'nowhere' } }), status: 422, field: 'spec.project' },
      { change: (m) => ({ ...m, metadata: { name: 'other-repo' }, spec: { ...m.spec, source: { ...m.spec.source, repoURL: 'https://127.0.0.1:1/other.git' } } }), status: 422, field: 'spec.source.repoURL' },
      { change: (m) => ({ ...m, metadata: { name: 'no-cluster' }, spec: { ...m.spec, destination: { server: 'https://127.0.0.1:1', namespace: 'x' } } }), status: 422, field: 'spec.destination.server' },
      { change: (m) => ({ ...m, metadata: { name: 'hub-cluster' }, spec: { ...m.spec, destination: { server: 'https://kubernetes.default.svc', namespace: 'x' } } }), status: 422, field: 'spec.destination.server' },
      {
        change: (m) => ({ ...m, metadata: { name: 'leaky' }, spec: { ...m.spec, source: { ...m.spec.source, repoURL: 'https://deploy:hunter2-secret@127.0.0.1:1/repo.git' } } }),
        status: 422,
        field: 'spec.source.repoURL',
      },
    ];
    for (const { change, status, field } of cases) {
      const answer = await hub.http.post('/api/v1/applications').set(operator).send(change(guideManifest()) as object);
      expect(answer.status, JSON.stringify(answer.body)).toBe(status);
      expect(answer.body.details.map((detail: { field: string }) => detail.field)).toContain(field);
      expect(JSON.stringify(answer.body)).not.toContain('hunter2-secret');
    }
    expect(await applicationNames()).toEqual(before);
  });

  it('needs an operator token to change applications; a viewer may read', async () => {
    const before = await applicationNames();
    await hub.http.post('/api/v1/applications').set('Content-Type', 'application/yaml').send(guideYaml().replace('my-api-production', 'anonymous-app')).expect(401);
    await postYaml(guideYaml().replace('my-api-production', 'viewer-app'), viewer).expect(403);
    await put('my-api-production', guideManifest(), viewer).expect(403);
    await hub.http.delete('/api/v1/applications/my-api-production').set(viewer).expect(403);
    await hub.http.get('/api/v1/applications/my-api-production').set(viewer).expect(200);
    expect(await applicationNames()).toEqual(before);
  });

  it('PUT replaces the manifest and the cluster follows: another path, then another revision', async () => {
    const mismatch = await put('other-name', guideManifest()).expect(400);
    expect(mismatch.body.details).toEqual([{ field: 'metadata.name', reason: 'must be "other-name"' }]);
    const staging = guideManifest();
    staging.spec.source.path = 'apps/my-api/overlays/staging';
    staging.spec.destination.namespace = 'staging';
    const replaced = await put('my-api-production', staging).expect(200);
    expect(replaced.body.spec.source.path).toBe('apps/my-api/overlays/staging');
    await reconciled();
    // Pruning deletes in the foreground: the API server's garbage collector removes the objects afterwards.
    await settleControllers();
    expect(at((await deployment('staging')).json, 'spec.replicas')).toBe(2);
    expect((await deployment('production')).status).toBe(404);

    repo.git('checkout', '--quiet', '-b', 'release');
    const release = repo.commit('release: 4 staging replicas', (dir) => {
      const file = path.join(dir, 'apps/my-api/overlays/staging/patch-replicas.yaml');
      const patch = parse(fs.readFileSync(file, 'utf8')) as { spec: { replicas: number } };
      patch.spec.replicas = 4;
      fs.writeFileSync(file, stringify(patch));
    });
    repo.git('checkout', '--quiet', 'main');
    hub.app.get(RevisionPoller).invalidate([`file://${repo.dir}`]);
    staging.spec.source.targetRevision = 'release';
    await put('my-api-production', staging).expect(200);
    await reconciled();
    expect(at((await deployment('staging')).json, 'spec.replicas')).toBe(4);
    expect((await getApp('my-api-production').expect(200)).body.status.sync).toEqual({ status: 'Synced', revision: release });

    const refused = guideManifest();
    refused.spec.project = 'nowhere';
    await put('my-api-production', refused).expect(422);
    expect((await getApp('my-api-production').expect(200)).body.spec.source.targetRevision).toBe('release');
  });

  it('a set generating the same name gets a rejection for it and never takes it over', async () => {
    // The guide's list set generates my-api-production (on the hand-written one's cluster here) and my-api-staging.
    const set = listSet();
    const created = await hub.http.post('/api/v1/applicationsets').set(operator).set('Content-Type', 'application/yaml').send(set).expect(201);
    expect(created.body.status.rejected).toEqual([
      { name: 'my-api-production', reason: 'an application of this name was created directly (POST /api/v1/applications) and belongs to no ApplicationSet' },
    ]);
    expect(created.body.status.desired).toBe(1);
    const mine = (await getApp('my-api-production').expect(200)).body;
    expect(mine.status).toMatchObject({ origin: 'manual', applicationSet: null });
    expect(mine.spec.source).toMatchObject({ path: 'apps/my-api/overlays/staging', targetRevision: 'release' });
    const generated = (await getApp('my-api-staging').expect(200)).body;
    expect(generated.status).toMatchObject({ origin: 'ApplicationSet', applicationSet: 'my-api' });
    expect((await hub.http.get('/api/v1/applications').query({ applicationSet: 'my-api' }).set(operator).expect(200)).body.items.map((item: Manifest) => item.metadata.name)).toEqual(['my-api-staging']);
  });

  it('refuses to change or delete a generated application, naming its set', async () => {
    const body = { ...guideManifest(), metadata: { name: 'my-api-staging' } };
    const replaced = await put('my-api-staging', body).expect(409);
    expect(replaced.body.message).toBe('application "my-api-staging" is managed by ApplicationSet "my-api"');
    const deleted = await hub.http.delete('/api/v1/applications/my-api-staging').set(operator).expect(409);
    expect(deleted.body.message).toBe('application "my-api-staging" is managed by ApplicationSet "my-api"');
    expect((await getApp('my-api-staging').expect(200)).body.spec.source.path).toBe('apps/my-api/overlays/staging');
  });

  it('an orphan edited by hand becomes manual: the set of its former name does not adopt it back', async () => {
    await hub.http.delete('/api/v1/applicationsets/my-api').set(operator).expect(200);
    expect((await getApp('my-api-staging').expect(200)).body.status).toMatchObject({ origin: 'ApplicationSet', orphaned: true, applicationSet: 'my-api' });
    const edited = { ...guideManifest(), metadata: { name: 'my-api-staging' } };
    edited.spec.destination.namespace = 'edited';
    edited.spec.syncPolicy = {};
    const answer = await put('my-api-staging', edited).expect(200);
    expect(answer.body.status).toMatchObject({ origin: 'manual', orphaned: false, applicationSet: null });
    const again = await hub.http.post('/api/v1/applicationsets').set(operator).set('Content-Type', 'application/yaml').send(listSet()).expect(201);
    expect(again.body.status.rejected.map((rejected: { name: string }) => rejected.name).sort()).toEqual(['my-api-production', 'my-api-staging']);
    expect((await getApp('my-api-staging').expect(200)).body.spec.destination.namespace).toBe('edited');
    await hub.http.delete('/api/v1/applicationsets/my-api').set(operator).expect(200);
    await hub.http.delete('/api/v1/applications/my-api-staging').set(operator).expect(200);
  });

  it('DELETE with the resources finalizer deletes the cluster objects, then the application', async () => {
    expect((await deployment('staging')).status).toBe(200);
    const answer = await hub.http.delete('/api/v1/applications/my-api-production').set(operator).expect(200);
    expect(answer.body.cascade).toBe(true);
    expect(answer.body.resources.map((r: { kind: string; action: string }) => `${r.kind}:${r.action}`).sort()).toEqual(['Deployment:pruned', 'HorizontalPodAutoscaler:pruned', 'Service:pruned']);
    await settleControllers();
    expect((await deployment('staging')).status).toBe(404);
    expect((await service('staging')).status).toBe(404);
    await getApp('my-api-production').expect(404);
    await hub.http.delete('/api/v1/applications/my-api-production').set(operator).expect(404);
  });

  it('DELETE without the finalizer leaves the cluster objects in place', async () => {
    const manifest = guideManifest();
    manifest.metadata = { name: 'my-api-kept' };
    await hub.http.post('/api/v1/applications').set(operator).send(manifest).expect(201);
    await reconciled();
    expect((await deployment('production')).status).toBe(200);
    expect((await hub.http.delete('/api/v1/applications/my-api-kept').set(operator).expect(200)).body).toEqual({ name: 'my-api-kept', cascade: false, resources: [] });
    await settleControllers();
    expect((await deployment('production')).status).toBe(200);
  });

  it('writes every change to the audit log with its actor', async () => {
    await hub.app.get(AuditTrail).settled();
    const events = (await hub.http.get('/api/v1/audit').query({ resource: 'applications/my-api-production', limit: '100' }).set(bearer(hub.adminToken)).expect(200)).body.items as {
      actor: string;
      action: string;
      status: number;
    }[];
    const done = events.filter((event) => event.status < 300).map((event) => `${event.action} by ${event.actor}`);
    expect(done).toEqual(expect.arrayContaining(['create by operator-token', 'update by operator-token', 'delete by operator-token']));
    expect(events.some((event) => event.status === 403 && event.actor === 'viewer-token')).toBe(true);
    expect(JSON.stringify(events)).not.toContain('hunter2-secret');
  });
});
