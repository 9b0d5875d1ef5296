import { createHmac } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parse, stringify } from 'yaml';
import { FakeClock } from '../../src/clock/fake-clock';
import { ApplicationRunner } from '../../src/reconcile/application-runner';
import { ReconcileTriggers } from '../../src/reconcile/reconcile.triggers';
import { ReconcileWorker } from '../../src/reconcile/reconcile.worker';
import { at, call } from '../kube-api/http';
import { clusterBody } from '../support/builders';
import { createGitRepo, type GitTestRepo } from '../support/git-repo';
import { startKubeApiServer, type KubeApiServer } from '../support/kube-api';
import { bearer, startTestHub, type TestHub } from '../support/test-hub';

const SECRET = 'push-scope-secret-0123456789';
const overlay = (env: string) => `apps/my-api/overlays/${env}`;

/**
 * What a push refreshes, read from its payload: the applications at the pushed revision, those whose directory holds a
 * changed file first, and none whose manifest-generate-paths annotation the changes miss (as Argo CD's webhook).
 */
describe('a Git push webhook refreshes the applications it concerns', () => {
  const clock = new FakeClock();
  let hub: TestHub;
  let repo: GitTestRepo;
  let cluster: KubeApiServer;
  let auth: Record<string, string>;

  const application = (env: string, annotations?: Record<string, string>) => ({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name: `web-${env}`, ...(annotations ? { annotations } : {}) },
    spec: {
      project: 'platform',
      source: { repoURL: repo.url, targetRevision: 'main', path: overlay(env) },
      destination: { name: 'fleet-1', namespace: env },
      syncPolicy: { automated: { prune: true, selfHeal: true }, syncOptions: ['CreateNamespace=true'] },
    },
  });
  const replicas = async (env: string) => at((await call(cluster, `/apis/apps/v1/namespaces/${env}/deployments/my-api`)).json, 'spec.replicas');
  const revision = async (name: string) => (await hub.http.get(`/api/v1/applications/${name}`).set(auth).expect(200)).body.status.sync.revision as string;
  const commitReplicas = (env: string, count: number) =>
    repo.commit(`${env}: ${count} replicas`, (dir) => {
      const file = path.join(dir, overlay(env), 'patch-replicas.yaml');
      const doc = parse(fs.readFileSync(file, 'utf8')) as { spec: { replicas: number } };
      doc.spec.replicas = count;
      fs.writeFileSync(file, stringify(doc));
    });
  /** Posts a GitHub push; resolves with the applications the hub queued, in their order (both turns). */
  const push = async (payload: Record<string, unknown>): Promise<string[]> => {
    const enqueue = vi.spyOn(hub.app.get(ReconcileTriggers), 'enqueueInTurns');
    const refreshing = vi.spyOn(hub.app.get(ReconcileWorker), 'refreshReading');
    try {
      const body = JSON.stringify({ ref: 'refs/heads/main', repository: { clone_url: repo.url, default_branch: 'main' }, ...payload });
      const signature = `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;
      await hub.http.post('/api/v1/webhooks/git').set({ 'Content-Type': 'application/json', 'X-GitHub-Event': 'push', 'X-Hub-Signature-256': signature }).send(body).expect(202);
      await vi.waitFor(() => expect(refreshing).toHaveBeenCalledTimes(1));
      await refreshing.mock.results[0].value;
      return enqueue.mock.calls.flatMap(([first, then]) => [...first, ...then]);
    } finally {
      enqueue.mockRestore();
      refreshing.mockRestore();
    }
  };
  const settled = () => hub.app.get(ReconcileTriggers).settled();
  const modified = (...files: string[]) => ({ commits: [{ id: 'c1', added: [], removed: [], modified: files }] });

  beforeAll(async () => {
    repo = createGitRepo({ example: true });
    cluster = await startKubeApiServer({ name: 'push-scope', controllerDelayMs: 50 });
    hub = await startTestHub({ clock, env: { GIT_WEBHOOK_SECRET: SECRET, RECONCILE_INTERVAL_SECONDS: '3600', IN_CLUSTER: 'false' } });
    auth = bearer(hub.adminToken);
    await hub.http.post('/api/v1/projects').set(auth).set('Content-Type', 'application/yaml').send(fs.readFileSync(path.join(repo.dir, 'projects/platform.yaml'))).expect(201);
    await hub.http.post('/api/v1/clusters').set(auth).send(clusterBody({ name: 'fleet-1', server: cluster.server, credentials: { bearerToken: cluster.token }, tls: { caData: cluster.caData } })).expect(201);
    await hub.http.post('/api/v1/applications').set(auth).send(application('dev')).expect(201);
    await hub.http.post('/api/v1/applications').set(auth).send(application('staging')).expect(201);
    // As Argo CD's scaling guide has it: the overlay's own directory and the base it builds on.
    await hub.http.post('/api/v1/applications').set(auth).send(application('production', { 'argocd.argoproj.io/manifest-generate-paths': '.;../../base' })).expect(201);
    await settled();
    // Should a first sync not apply (once, in CI), the applications' statuses say why.
    const statuses = await Promise.all(['dev', 'staging', 'production'].map(async (env) => (await hub.http.get(`/api/v1/applications/web-${env}`).set(auth)).body.status));
    expect([await replicas('dev'), await replicas('staging'), await replicas('production')], JSON.stringify(statuses)).toEqual([1, 2, 5]);
  }, 60_000);

  afterAll(async () => {
    await Promise.all([hub?.close(), cluster?.stop()]);
    repo?.remove();
  });

  it('queues the application whose directory changed first, and skips the annotated one the change misses', async () => {
    const before = await revision('web-production');
    commitReplicas('staging', 3);
    const runs: string[] = [];
    const runner = hub.app.get(ApplicationRunner);
    const reconcileNow = runner.reconcileNow.bind(runner);
    const watched = vi.spyOn(runner, 'reconcileNow').mockImplementation(async (name, request) => {
      runs.push(`start ${name}`);
      try {
        return await reconcileNow(name, request);
      } finally {
        runs.push(`end ${name}`);
      }
    });
    expect(await push(modified(`${overlay('staging')}/patch-replicas.yaml`))).toEqual(['web-staging', 'web-dev']);
    await settled();
    watched.mockRestore();
    // The rest of the repository's readers wait their turn: none starts until the changed one is done.
    expect(runs.slice(0, 3)).toEqual(['start web-staging', 'end web-staging', 'start web-dev']);
    expect(await replicas('staging')).toBe(3);
    expect(await revision('web-staging')).toBe(repo.head());
    expect(await revision('web-production')).toBe(before);
  });

  it('refreshes the annotated application when a change lies under one of its paths (the base)', async () => {
    repo.commit('base: a label', (dir) => {
      const file = path.join(dir, 'apps/my-api/base/deployment.yaml');
      fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('name: my-api\n', 'name: my-api\n  labels:\n    team: payments\n'));
    });
    expect((await push(modified('apps/my-api/base/deployment.yaml'))).sort()).toEqual(['web-dev', 'web-production', 'web-staging']);
    await settled();
    expect(await revision('web-production')).toBe(repo.head());
  });

  it('refreshes every reader when the payload cannot list every change (a force push), and none for another branch', async () => {
    commitReplicas('dev', 2);
    expect(await push({ ref: 'refs/heads/feature/x', ...modified(`${overlay('dev')}/patch-replicas.yaml`) })).toEqual([]);
    expect((await push({ forced: true, ...modified(`${overlay('dev')}/patch-replicas.yaml`) })).sort()).toEqual(['web-dev', 'web-production', 'web-staging']);
    await settled();
    expect(await replicas('dev')).toBe(2);
  });
});
