import { createHmac } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { parse, stringify } from 'yaml';
import { FakeClock } from '../../src/clock/fake-clock';
import { ComparisonTargets } from '../../src/reconcile/comparison-targets';
import { ReconcileTriggers } from '../../src/reconcile/reconcile.triggers';
import { ReconcileWorker } from '../../src/reconcile/reconcile.worker';
import { at, call } from '../kube-api/http';
import { clusterBody } from '../support/builders';
import { createGitRepo, type GitTestRepo } from '../support/git-repo';
import { startKubeApiServer, type KubeApiServer } from '../support/kube-api';
import { bearer, startTestHub, type TestHub } from '../support/test-hub';

const SECRET = 'push-to-applied-secret-0123456789';

/** A commit, then its push webhook: the change reaches the cluster through the hub alone, with no pass. */
describe('a Git push webhook → the commit applied', () => {
  // No pass and no timer runs unless a test moves this clock.
  const clock = new FakeClock();
  let hub: TestHub;
  let repo: GitTestRepo;
  let cluster: KubeApiServer;
  let auth: Record<string, string>;

  const replicas = async () => at((await call(cluster, '/apis/apps/v1/namespaces/staging/deployments/my-api')).json, 'spec.replicas');
  const commitReplicas = (count: number) =>
    repo.commit(`staging: ${count} replicas`, (dir) => {
      const file = path.join(dir, 'apps/my-api/overlays/staging/patch-replicas.yaml');
      const doc = parse(fs.readFileSync(file, 'utf8')) as { spec: { replicas: number } };
      doc.spec.replicas = count;
      fs.writeFileSync(file, stringify(doc));
    });
  /** Posts the push webhook; resolves once the hub has queued what it refreshes (it answers before that). */
  const push = async () => {
    const refreshing = vi.spyOn(hub.app.get(ReconcileWorker), 'refreshReading');
    onTestFinished(() => refreshing.mockRestore());
    const body = JSON.stringify({ ref: 'refs/heads/main', repository: { clone_url: repo.url, default_branch: 'main' } });
    const signature = `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;
    const response = await hub.http.post('/api/v1/webhooks/git').set({ 'Content-Type': 'application/json', 'X-GitHub-Event': 'push', 'X-Hub-Signature-256': signature }).send(body).expect(202);
    expect(response.body.refreshed).toBe(1);
    await vi.waitFor(() => expect(refreshing).toHaveBeenCalledTimes(1));
    expect(await refreshing.mock.results[0].value).toBe(1);
  };
  const settled = () => hub.app.get(ReconcileTriggers).settled();

  beforeAll(async () => {
    repo = createGitRepo({ example: true });
    cluster = await startKubeApiServer({ name: 'push', controllerDelayMs: 50 });
    hub = await startTestHub({ clock, env: { GIT_WEBHOOK_SECRET: SECRET, RECONCILE_INTERVAL_SECONDS: '3600', IN_CLUSTER: 'false' } });
    auth = bearer(hub.adminToken);
    await hub.http.post('/api/v1/projects').set(auth).set('Content-Type', 'application/yaml').send(fs.readFileSync(path.join(repo.dir, 'projects/platform.yaml'))).expect(201);
    await hub.http.post('/api/v1/clusters').set(auth).send(clusterBody({ name: 'staging-eu', server: cluster.server, labels: { env: 'staging' }, credentials: { bearerToken: cluster.token }, tls: { caData: cluster.caData } })).expect(201);
    await hub.http.post('/api/v1/applicationsets').set(auth).set('Content-Type', 'application/yaml').send(fs.readFileSync(path.join(repo.dir, 'applicationsets/my-api-clusters.yaml'))).expect(201);
    await settled();
    expect(await replicas()).toBe(2);
  }, 60_000);

  afterAll(async () => {
    await Promise.all([hub?.close(), cluster?.stop()]);
    repo?.remove();
  });

  it('applies the pushed commit at once, without a pass', async () => {
    const passes = vi.spyOn(hub.app.get(ReconcileWorker), 'runPass');
    onTestFinished(() => passes.mockRestore());
    commitReplicas(3);
    await push();
    await settled();
    expect(await replicas()).toBe(3);
    expect(passes).not.toHaveBeenCalled();
  });

  it('applies a commit pushed while the application was being reconciled at the commit before, by a run after that one', async () => {
    // A run under way has resolved the branch (to the commit before the push) and is held there.
    const targets = hub.app.get(ComparisonTargets);
    const prepare = targets.prepare.bind(targets);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let resolvedOld!: () => void;
    const runUnderWay = new Promise<void>((resolve) => (resolvedOld = resolve));
    const gate = vi.spyOn(targets, 'prepare').mockImplementationOnce(async (...args) => {
      const prepared = await prepare(...args);
      resolvedOld();
      await held;
      return prepared;
    });
    onTestFinished(() => gate.mockRestore());
    hub.app.get(ReconcileTriggers).enqueue(['my-api-staging-eu']);
    await runUnderWay;
    commitReplicas(4);
    await push();
    release();
    await settled();
    expect(await replicas()).toBe(4);
  });
});
