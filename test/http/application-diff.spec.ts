import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { call } from '../kube-api/http';
import { clusterBody, projectWithReaders } from '../support/builders';
import { createGitRepo, type GitTestRepo } from '../support/git-repo';
import { startKubeApiServer, type KubeApiServer } from '../support/kube-api';
import { bearer, startTestHub, type TestHub } from '../support/test-hub';

const PASSWORD = 'hunter2-do-not-leak';
const LIVE_PASSWORD = 'edited-live-do-not-leak';
const base64 = (text: string) => Buffer.from(text).toString('base64');

interface DiffAnswer {
  revision: string;
  cluster: string;
  summary: Record<'added' | 'modified' | 'removed' | 'unchanged', number>;
  resources: { group: string; kind: string; namespace: string; name: string; state: string; diff?: string; message?: string }[];
}

/** GET /api/v1/applications/:name/diff: one hub, one test cluster and one Git repository for the whole file. */
describe('GET /api/v1/applications/:name/diff', () => {
  let hub: TestHub;
  let kube: KubeApiServer;
  let repo: GitTestRepo;
  let admin: Record<string, string>;
  const roleTokens: Record<string, string> = {};

  const diff = async (name = 'shop', query: Record<string, string> = {}, auth = admin) => hub.http.get(`/api/v1/applications/${name}/diff`).query(query).set(auth);
  const diffOf = async (query: Record<string, string> = {}) => {
    const response = await diff('shop', query);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body as DiffAnswer;
  };
  const patchLive = async (path: string, body: unknown) => {
    const patched = await call(kube, `/api/v1/namespaces/shop/${path}`, { method: 'PATCH', contentType: 'application/merge-patch+json', body });
    expect(patched.status, patched.text).toBe(200);
  };

  /** An application of the shop project, deploying the repository's `app` folder at `targetRevision` to the test cluster. */
  const shopApplication = (name: string, targetRevision: string) => ({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name },
    spec: { project: 'shop', source: { repoURL: repo.url, path: 'app', targetRevision }, destination: { name: 'diff-target', namespace: 'shop' } },
  });

  beforeAll(async () => {
    repo = createGitRepo();
    repo.commitFiles({
      'app/settings.yaml': stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { mode: 'blue', size: 'small' } }),
      'app/extra.yaml': stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'extra' }, data: { note: 'kept' } }),
      'app/creds.yaml': stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'creds' }, type: 'Opaque', data: { password: base64(PASSWORD) } }),
    });
    [kube, hub] = await Promise.all([startKubeApiServer({ name: 'diff', namespaces: ['shop'] }), startTestHub({ env: { RECONCILE_INTERVAL_SECONDS: '3600' } })]);
    admin = bearer(hub.adminToken);
    await hub.http.post('/api/v1/clusters').set(admin).send(clusterBody({ name: 'diff-target', server: kube.server, credentials: { bearerToken: kube.token }, tls: { caData: kube.caData } })).expect(201);
    for (const name of ['shop', 'elsewhere']) {
      await hub.http.post('/api/v1/projects').set(admin).send(projectWithReaders(name, 'reader')).expect(201);
      roleTokens[name] = (await hub.http.post(`/api/v1/projects/${name}/roles/reader/tokens`).set(admin).send({}).expect(201)).body.token as string;
    }
    await hub.http.post('/api/v1/applications').set(admin).send(shopApplication('shop', 'main')).expect(201);
    const synced = await hub.http.post('/api/v1/applications/shop/sync').set(admin).send({}).expect(200);
    expect(synced.body.phase).toBe('Succeeded');
  }, 60_000);

  afterAll(async () => {
    await Promise.all([hub?.close(), kube?.stop()]);
    repo?.remove();
  });

  it('finds no differences right after a sync, and lists the unchanged resources only with ?all=true', async () => {
    const inSync = await diffOf();
    expect(inSync).toMatchObject({ revision: repo.head(), cluster: 'diff-target', summary: { added: 0, modified: 0, removed: 0, unchanged: 3 }, resources: [] });
    const all = await diffOf({ all: 'true' });
    expect(all.resources).toEqual([
      { group: '', kind: 'ConfigMap', namespace: 'shop', name: 'extra', state: 'unchanged' },
      { group: '', kind: 'ConfigMap', namespace: 'shop', name: 'settings', state: 'unchanged' },
      { group: '', kind: 'Secret', namespace: 'shop', name: 'creds', state: 'unchanged' },
    ]);
    expect((await diff('shop', { all: 'yes' })).status).toBe(400);
  });

  it('shows a field changed in the cluster as modified, with a unified diff of live against desired', async () => {
    await patchLive('configmaps/settings', { data: { mode: 'green', added: 'by-hand' } });
    const answer = await diffOf();
    expect(answer.summary).toEqual({ added: 0, modified: 1, removed: 0, unchanged: 2 });
    const [settings] = answer.resources;
    expect(settings).toMatchObject({ kind: 'ConfigMap', namespace: 'shop', name: 'settings', state: 'modified' });
    // Only what the application sets is compared: the key added by hand is another manager's and not shown.
    expect(settings.diff).toBe(['--- live', '+++ desired', '@@ -1,6 +1,6 @@', ' apiVersion: v1', ' data:', '-  mode: green', '+  mode: blue', '   size: small', ' kind: ConfigMap', ' metadata:', ''].join('\n'));
    await patchLive('configmaps/settings', { data: { mode: 'blue', added: null } });
    expect((await diffOf()).resources).toEqual([]);
  });

  it('shows a desired object deleted from the cluster as added', async () => {
    expect((await call(kube, '/api/v1/namespaces/shop/configmaps/extra', { method: 'DELETE' })).status).toBe(200);
    const answer = await diffOf();
    expect(answer.summary).toEqual({ added: 1, modified: 0, removed: 0, unchanged: 2 });
    expect(answer.resources).toHaveLength(1);
    expect(answer.resources[0]).toMatchObject({ kind: 'ConfigMap', name: 'extra', state: 'added' });
    expect(answer.resources[0].diff).toMatch(/^--- live\n\+\+\+ desired\n@@ -0,0 \+1,\d+ @@\n\+apiVersion: v1\n\+data:\n\+ {2}note: kept\n/);
    expect(answer.resources[0].diff).toContain('+    argocd.argoproj.io/tracking-id: shop:/ConfigMap:shop/extra\n');
  });

  it('masks the values of a Secret on both sides, so a change shows but no value does', async () => {
    await patchLive('secrets/creds', { data: { password: base64(LIVE_PASSWORD) } });
    const response = await diff();
    const creds = (response.body as DiffAnswer).resources.find((resource) => resource.kind === 'Secret');
    expect(creds).toMatchObject({ name: 'creds', state: 'modified' });
    expect(creds!.diff).toContain('\n-  password: ++++++++\n+  password: ++++++++++++\n');
    for (const secret of [PASSWORD, LIVE_PASSWORD, base64(PASSWORD), base64(LIVE_PASSWORD)]) expect(response.text).not.toContain(secret);
  });

  it('answers 404 for an unknown application, and for one the caller may not see, as GET does', async () => {
    const unknown = await diff('nowhere');
    expect([unknown.status, unknown.body.message]).toEqual([404, 'Application "nowhere" not found']);
    const hidden = await diff('shop', {}, bearer(roleTokens.elsewhere));
    expect([hidden.status, hidden.body.message]).toEqual([404, 'Application "shop" not found']);
    expect((await diff('shop', {}, bearer(roleTokens.shop))).status).toBe(200);
  });

  it('answers 422 with the reason when there is no desired state to compare', async () => {
    await hub.http.post('/api/v1/applications').set(admin).send(shopApplication('broken', 'no-such-branch')).expect(201);
    const response = await diff('broken');
    expect(response.status).toBe(422);
    expect(response.body.message).toMatch(/^Cannot compare "broken": .*no-such-branch/);
  });

  it('answers 502 naming the cluster when the cluster cannot be read', async () => {
    await kube.faults.goOffline();
    try {
      const response = await diff();
      expect(response.status).toBe(502);
      expect(response.body).toMatchObject({ code: 'ClusterUnreachable' });
      expect(response.body.message).toMatch(/^Cannot read the live objects of "shop" in cluster "diff-target": /);
    } finally {
      await kube.faults.goOnline();
    }
  });
});
