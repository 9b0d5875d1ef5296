import { createHmac } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../kube-api/http';
import { clusterBody } from '../support/builders';
import { eventually } from '../support/eventually';
import { createGitRepo, type GitTestRepo } from '../support/git-repo';
import { startKubeApiServer, type KubeApiServer } from '../support/kube-api';
import { bearer, startTestHub, type TestHub } from '../support/test-hub';

const SECRET = 'webhook-secret-for-go-templates';
const SET_FILE = 'applicationsets/overlays-per-env.yaml';
const SET = 'overlays-per-env';
const ENVS = ['staging', 'production', 'qa'];

/**
 * The example fleet repo's Go-template set, sent as written: a matrix of a Git directory generator over
 * apps/*\/overlays/* and the clusters labelled env=<overlay>. One test cluster per environment; a qa cluster
 * waits with no overlay until one is pushed; a removed overlay takes its application away.
 */
describe('the example Go-template ApplicationSet: Git directories × clusters', { timeout: 60_000 }, () => {
  let hub: TestHub;
  let repo: GitTestRepo;
  const clusters = new Map<string, KubeApiServer>();
  let auth: Record<string, string>;

  type AppRow = { metadata: { name: string; labels: Record<string, string> }; spec: { source: { path: string }; destination: { server: string; namespace: string } }; status: { sync: { status: string; revision?: string } } };
  const applications = async (): Promise<AppRow[]> => (await hub.http.get('/api/v1/applications').query({ applicationSet: SET }).set(auth).expect(200)).body.items;
  const names = async () => (await applications()).map((app) => app.metadata.name).sort();
  const syncedAt = async (sha: string, want: string[]) => {
    const apps = await applications();
    return apps.map((app) => app.metadata.name).sort().join() === want.join() && apps.every((app) => app.status.sync.status === 'Synced' && app.status.sync.revision === sha);
  };
  const deploymentOn = async (env: string) => (await call(clusters.get(env)!, `/apis/apps/v1/namespaces/${env}/deployments/my-api`)).status;
  const push = async () => {
    const body = JSON.stringify({ ref: 'refs/heads/main', repository: { clone_url: repo.url, default_branch: 'main' } });
    const signature = `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;
    await hub.http.post('/api/v1/webhooks/git').set({ 'Content-Type': 'application/json', 'X-GitHub-Event': 'push', 'X-Hub-Signature-256': signature }).send(body).expect(202);
  };

  beforeAll(async () => {
    repo = createGitRepo({ example: true });
    hub = await startTestHub({ env: { GIT_WEBHOOK_SECRET: SECRET, IN_CLUSTER: 'false' } });
    auth = bearer(hub.adminToken);
    await hub.http.post('/api/v1/projects').set(auth).set('Content-Type', 'application/yaml').send(fs.readFileSync(path.join(repo.dir, 'projects/platform.yaml'))).expect(201);
    for (const env of ENVS) {
      const server = await startKubeApiServer({ name: `${env}-1`, controllerDelayMs: 50 });
      clusters.set(env, server);
      const body = clusterBody({ name: `${env}-1`, server: server.server, labels: { env }, credentials: { bearerToken: server.token }, tls: { caData: server.caData } });
      await hub.http.post('/api/v1/clusters').set(auth).send(body).expect(201);
    }
  });

  afterAll(async () => {
    await Promise.all([hub?.close(), ...[...clusters.values()].map((cluster) => cluster.stop())]);
    repo?.remove();
  });

  it('expands the set as written in the example repo and syncs each overlay into its environment\'s cluster', async () => {
    const manifest = fs.readFileSync(path.join(repo.dir, SET_FILE), 'utf8');
    const created = await hub.http.post('/api/v1/applicationsets').set(auth).set('Content-Type', 'application/yaml').send(manifest);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    // dev has no cluster, production-canary is excluded, qa has a cluster but no overlay yet.
    const want = ['my-api-production-production-1', 'my-api-staging-staging-1'];
    await eventually(() => syncedAt(repo.head(), want), { timeoutMs: 30_000, what: 'both overlays synced' });
    const staging = (await applications()).find((app) => app.metadata.name === 'my-api-staging-staging-1')!;
    expect(staging.metadata.labels).toEqual({ app: 'my-api', env: 'staging' });
    expect(staging.spec.source.path).toBe('apps/my-api/overlays/staging');
    expect(staging.spec.destination).toEqual({ server: clusters.get('staging')!.server, namespace: 'staging' });
    expect([await deploymentOn('staging'), await deploymentOn('production'), await deploymentOn('qa')]).toEqual([200, 200, 404]);
  });

  it('deploys a pushed qa overlay to the qa cluster', async () => {
    const sha = repo.commit('qa overlay', (dir) => {
      const qa = path.join(dir, 'apps/my-api/overlays/qa');
      fs.cpSync(path.join(dir, 'apps/my-api/overlays/staging'), qa, { recursive: true });
      const kustomization = path.join(qa, 'kustomization.yaml');
      fs.writeFileSync(kustomization, fs.readFileSync(kustomization, 'utf8').replace('namespace: staging', 'namespace: qa'));
    });
    await push();
    const want = ['my-api-production-production-1', 'my-api-qa-qa-1', 'my-api-staging-staging-1'];
    await eventually(() => syncedAt(sha, want), { timeoutMs: 30_000, what: 'the qa overlay synced' });
    expect(await deploymentOn('qa')).toBe(200);
  });

  it('deletes the application of an overlay removed from Git', async () => {
    repo.commit('retire staging', (dir) => fs.rmSync(path.join(dir, 'apps/my-api/overlays/staging'), { recursive: true }));
    await push();
    await eventually(async () => !(await names()).includes('my-api-staging-staging-1'), { timeoutMs: 30_000, what: 'the staging application deleted' });
    expect(await names()).toEqual(['my-api-production-production-1', 'my-api-qa-qa-1']);
  });
});
