import { createHmac } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GitMirrors } from '../../src/git';
import { call } from '../kube-api/http';
import { clusterBody } from '../support/builders';
import { eventually } from '../support/eventually';
import { createGitRepo, type GitTestRepo } from '../support/git-repo';
import { startKubeApiServer, type KubeApiServer } from '../support/kube-api';
import { bearer, startTestHub, type TestHub } from '../support/test-hub';

const SECRET = 'webhook-secret-for-git-generators';
const SET = 'my-api-overlays';
// Polls; every wait is far below a periodic pass unless the test is about one.
const WAIT_MS = 25_000;

/**
 * A git directory generator over the overlays of a real repository made from examples/fleet-repo, through the
 * hub's HTTP API: one application per overlay, synced into a test cluster; a pushed overlay appears after the
 * webhook, a removed one is deleted at the next resync; a repository that cannot be read changes nothing.
 */
describe('ApplicationSet with a git directory generator over the example fleet repo', { timeout: 40_000 }, () => {
  let hub: TestHub;
  let repo: GitTestRepo;
  let cluster: KubeApiServer;
  let auth: Record<string, string>;

  const manifest = (repoURL: string) => ({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'ApplicationSet',
    metadata: { name: SET, namespace: 'argocd' },
    spec: {
      generators: [
        {
          git: {
            repoURL,
            revision: 'main',
            directories: [{ path: 'apps/*/overlays/*' }, { path: 'apps/*/overlays/*-canary', exclude: true }],
          },
        },
      ],
      template: {
        metadata: { name: '{{path[1]}}-{{path.basename}}', labels: { overlay: '{{path.basename}}' } },
        spec: {
          project: 'platform',
          source: { repoURL, targetRevision: 'main', path: '{{path}}' },
          destination: { name: 'fleet-test', namespace: '{{path.basename}}' },
          syncPolicy: { automated: { prune: true, selfHeal: true }, syncOptions: ['CreateNamespace=true'] },
        },
      },
    },
  });

  type AppRow = { metadata: { name: string }; status: { sync: { status: string; revision?: string } } };
  const applications = async (): Promise<AppRow[]> =>
    (await hub.http.get('/api/v1/applications').query({ applicationSet: SET }).set(auth).expect(200)).body.items;
  const names = async () => (await applications()).map((app) => app.metadata.name).sort();
  const allSyncedAt = (sha: string, want: string[]) => async () => {
    const apps = await applications();
    const synced = apps.every((app) => app.status.sync.status === 'Synced' && app.status.sync.revision === sha);
    return synced && apps.map((app) => app.metadata.name).sort().join() === want.join();
  };
  const deploymentIn = async (namespace: string) => (await call(cluster, `/apis/apps/v1/namespaces/${namespace}/deployments/my-api`)).status;
  const push = async (ref = 'refs/heads/main') => {
    const body = JSON.stringify({ ref, repository: { clone_url: repo.url, default_branch: 'main' } });
    const signature = `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;
    return (await hub.http.post('/api/v1/webhooks/git').set({ 'Content-Type': 'application/json', 'X-GitHub-Event': 'push', 'X-Hub-Signature-256': signature }).send(body).expect(202)).body;
  };
  const setStatus = async () => (await hub.http.get(`/api/v1/applicationsets/${SET}`).set(auth).expect(200)).body.status;

  beforeAll(async () => {
    repo = createGitRepo({ example: true });
    cluster = await startKubeApiServer({ name: 'fleet-test', controllerDelayMs: 50 });
    // Resync every 10 s (the minimum) so the removal test can wait for a pass instead of a webhook.
    hub = await startTestHub({ env: { GIT_WEBHOOK_SECRET: SECRET, IN_CLUSTER: 'false', APPSET_RESYNC_SECONDS: '10' } });
    auth = bearer(hub.adminToken);
    await hub.http.post('/api/v1/projects').set(auth).set('Content-Type', 'application/yaml').send(fs.readFileSync(path.join(repo.dir, 'projects/platform.yaml'))).expect(201);
    await hub.http.post('/api/v1/clusters').set(auth).send(clusterBody({ name: 'fleet-test', server: cluster.server, credentials: { bearerToken: cluster.token }, tls: { caData: cluster.caData } })).expect(201);
  });

  afterAll(async () => {
    await Promise.all([hub?.close(), cluster?.stop()]);
    repo?.remove();
  });

  it('previews the applications of a git generator without writing anything', async () => {
    const preview = await hub.http.post('/api/v1/applicationsets/preview').set(auth).send(manifest(repo.url));
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    expect(preview.body.summary).toMatchObject({ create: 3, delete: 0 });
    expect(preview.body.applications.map((app: { name: string }) => app.name).sort()).toEqual(['my-api-dev', 'my-api-production', 'my-api-staging']);
    expect(await names()).toEqual([]);
  });

  it('generates one application per overlay and syncs each into the cluster', async () => {
    const created = await hub.http.post('/api/v1/applicationsets').set(auth).send(manifest(repo.url)).expect(201);
    expect(created.body.status.desired).toBe(3);
    await eventually(allSyncedAt(repo.head(), ['my-api-dev', 'my-api-production', 'my-api-staging']), { timeoutMs: WAIT_MS, what: 'every overlay synced' });
    expect(await Promise.all(['dev', 'production', 'staging'].map(deploymentIn))).toEqual([200, 200, 200]);
    const app = (await hub.http.get('/api/v1/applications/my-api-staging').set(auth).expect(200)).body;
    expect(app.spec.source).toMatchObject({ repoURL: repo.url, path: 'apps/my-api/overlays/staging' });
    expect(app.metadata.labels).toMatchObject({ overlay: 'staging' });
  });

  it('adds the application of an overlay pushed to the repository when the push webhook arrives', async () => {
    const sha = repo.commit('qa overlay', (dir) => {
      const qa = path.join(dir, 'apps/my-api/overlays/qa');
      fs.cpSync(path.join(dir, 'apps/my-api/overlays/staging'), qa, { recursive: true });
      const kustomization = path.join(qa, 'kustomization.yaml');
      fs.writeFileSync(kustomization, fs.readFileSync(kustomization, 'utf8').replace('namespace: staging', 'namespace: qa'));
    });
    const before = hub.app.get(GitMirrors).stats();
    // A push to another branch is not what the set reads (revision: main).
    expect(await push('refs/heads/feature/x')).toMatchObject({ event: 'push', applicationSets: 0 });
    expect(await push()).toMatchObject({ event: 'push', applicationSets: 1 });
    await eventually(allSyncedAt(sha, ['my-api-dev', 'my-api-production', 'my-api-qa', 'my-api-staging']), { timeoutMs: WAIT_MS, what: 'the qa overlay synced' });
    expect(await deploymentIn('qa')).toBe(200);
    expect(hub.app.get(GitMirrors).stats().fetch).toBeGreaterThan(before.fetch);
  });

  // Waits for a periodic pass (every 10 s here, jittered): its own budget.
  it('deletes the application of a removed overlay at the next resync', { timeout: 60_000 }, async () => {
    repo.commit('drop dev', (dir) => fs.rmSync(path.join(dir, 'apps/my-api/overlays/dev'), { recursive: true }));
    const lsRemotes = hub.app.get(GitMirrors).stats().lsRemote;
    // No webhook: the periodic resync lists the repository's refs and sees the new commit.
    await eventually(async () => !(await names()).includes('my-api-dev'), { timeoutMs: 40_000, what: 'the dev application deleted' });
    expect(await names()).toEqual(['my-api-production', 'my-api-qa', 'my-api-staging']);
    expect((await setStatus()).pendingDeletion).toEqual([]);
    expect(hub.app.get(GitMirrors).stats().lsRemote).toBeGreaterThan(lsRemotes);
  });

  it('changes nothing while the repository cannot be read, and says why', async () => {
    const moved = `${repo.dir}-away`;
    fs.renameSync(repo.dir, moved);
    try {
      await hub.http.post(`/api/v1/applicationsets/${SET}/refresh`).set(auth).expect(200);
      const status = await setStatus();
      expect(status.conditions).toEqual(
        expect.arrayContaining([expect.objectContaining({ type: 'ErrorOccurred', status: 'True', reason: 'GeneratorFailed', message: expect.stringMatching(/spec\.generators\[0\]\.git: repository .*git ls-remote failed/) })]),
      );
      expect(await names()).toEqual(['my-api-production', 'my-api-qa', 'my-api-staging']);
      const preview = await hub.http.post('/api/v1/applicationsets/preview').set(auth).send(manifest(repo.url)).expect(422);
      expect(preview.body.details?.[0]?.field ?? JSON.stringify(preview.body)).toContain('spec.generators[0]');
    } finally {
      fs.renameSync(moved, repo.dir);
    }
    await hub.http.post(`/api/v1/applicationsets/${SET}/refresh`).set(auth).expect(200);
    expect((await setStatus()).conditions).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'ErrorOccurred', status: 'False' })]));
  });
});
