import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExpansionTriggers } from '../../src/applicationsets/expansion.triggers';
import { FakeClock } from '../../src/clock/fake-clock';
import { ReconcileTriggers } from '../../src/reconcile/reconcile.triggers';
import { ReconcileWorker } from '../../src/reconcile/reconcile.worker';
import { call } from '../kube-api/http';
import { clusterBody } from '../support/builders';
import { createGitRepo, type GitTestRepo } from '../support/git-repo';
import { startKubeApiServer, type KubeApiServer } from '../support/kube-api';
import { bearer, startTestHub, type TestHub } from '../support/test-hub';

const CONTROLLER_DELAY_MS = 50;
const RESOURCES_FINALIZER = 'resources-finalizer.argocd.argoproj.io';

describe('applications a set stops generating are deleted as Argo CD deletes them (the resources finalizer)', () => {
  // The hub's passes and backoffs move only with `clock`; the clusters' controllers (foreground deletion) with their own.
  const clock = new FakeClock('2026-05-04T08:00:00Z');
  const clusterClock = new FakeClock();
  const settleControllers = () => clusterClock.advance(CONTROLLER_DELAY_MS);
  let hub: TestHub;
  let repo: GitTestRepo;
  /** Where the set `web` deploys (its applications carry the finalizer). */
  let webCluster: KubeApiServer;
  /** Where the set `kept` deploys (preserveResourcesOnDeletion: no finalizer). */
  let keptCluster: KubeApiServer;
  let auth: Record<string, string>;

  /** A list set deploying the example's overlays, one application per element, all to one cluster. */
  const listSet = (name: string, server: string, envs: string[], syncPolicy?: Record<string, unknown>) => ({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'ApplicationSet',
    metadata: { name, namespace: 'argocd' },
    spec: {
      generators: [{ list: { elements: envs.map((env) => ({ env })) } }],
      ...(syncPolicy ? { syncPolicy } : {}),
      template: {
        metadata: { name: `${name}-{{env}}` },
        spec: {
          project: 'platform',
          source: { repoURL: repo.url, targetRevision: 'main', path: 'apps/my-api/overlays/{{env}}' },
          destination: { server, namespace: '{{env}}' },
          syncPolicy: { automated: { prune: true }, syncOptions: ['CreateNamespace=true'] },
        },
      },
    },
  });
  const putSet = (body: ReturnType<typeof listSet>) => hub.http.put(`/api/v1/applicationsets/${body.metadata.name}`).set(auth).send(body);
  const reconciled = () => hub.app.get(ReconcileTriggers).settled();
  const getApp = (name: string) => hub.http.get(`/api/v1/applications/${name}`).set(auth);
  const deployment = async (cluster: KubeApiServer, namespace: string) => (await call(cluster, `/apis/apps/v1/namespaces/${namespace}/deployments/my-api`)).status;

  beforeAll(async () => {
    repo = createGitRepo({ example: true });
    [webCluster, keptCluster] = await Promise.all(['web', 'kept'].map((name) => startKubeApiServer({ name, controllerDelayMs: CONTROLLER_DELAY_MS, clock: clusterClock })));
    hub = await startTestHub({ clock, env: { RECONCILE_INTERVAL_SECONDS: '3600', SHARD_LEASE_SECONDS: '3600', IN_CLUSTER: 'false' } });
    auth = bearer(hub.adminToken);
    await hub.http.post('/api/v1/projects').set(auth).set('Content-Type', 'application/yaml').send(fs.readFileSync(path.join(repo.dir, 'projects/platform.yaml'))).expect(201);
    for (const [name, cluster] of [['web-eu', webCluster], ['kept-eu', keptCluster]] as const) {
      await hub.http.post('/api/v1/clusters').set(auth).send(clusterBody({ name, server: cluster.server, credentials: { bearerToken: cluster.token }, tls: { caData: cluster.caData } })).expect(201);
    }
  }, 60_000);

  afterAll(async () => {
    await Promise.all([hub?.close(), webCluster?.stop(), keptCluster?.stop()]);
    repo?.remove();
  });

  it('an element dropped from the list: its objects are deleted from the cluster, then its application; the other stays', async () => {
    await putSet(listSet('web', webCluster.server, ['staging', 'production'])).expect(201);
    await reconciled();
    expect((await getApp('web-production').expect(200)).body.metadata.finalizers).toEqual([RESOURCES_FINALIZER]);
    expect(await deployment(webCluster, 'staging')).toBe(200);
    expect(await deployment(webCluster, 'production')).toBe(200);

    await putSet(listSet('web', webCluster.server, ['staging'])).expect(200);
    await reconciled();
    await settleControllers();
    expect(await deployment(webCluster, 'production')).toBe(404);
    expect((await call(webCluster, '/api/v1/namespaces/production/services/my-api')).status).toBe(404);
    await getApp('web-production').expect(404);
    expect(await deployment(webCluster, 'staging')).toBe(200);
    expect((await getApp('web-staging').expect(200)).body.status.sync.status).toBe('Synced');
  }, 60_000);

  it('with preserveResourcesOnDeletion (no finalizer) the application goes at once and its objects stay', async () => {
    const preserve = { preserveResourcesOnDeletion: true };
    await putSet(listSet('kept', keptCluster.server, ['staging', 'production'], preserve)).expect(201);
    await reconciled();
    expect((await getApp('kept-production').expect(200)).body.metadata.finalizers).toBeUndefined();
    expect(await deployment(keptCluster, 'production')).toBe(200);

    await putSet(listSet('kept', keptCluster.server, ['staging'], preserve)).expect(200);
    // Deleted by the expansion itself, not by the shard owner.
    await getApp('kept-production').expect(404);
    await reconciled();
    await settleControllers();
    expect(await deployment(keptCluster, 'production')).toBe(200);
    expect(await deployment(keptCluster, 'staging')).toBe(200);
  }, 60_000);

  it('a teardown that fails keeps the application marked, says why, and finishes once the cluster is back; meanwhile its name is refused', async () => {
    await putSet(listSet('web', webCluster.server, ['staging', 'production'])).expect(200);
    await reconciled();
    expect(await deployment(webCluster, 'production')).toBe(200);

    await webCluster.faults.goOffline();
    try {
      const dropped = await putSet(listSet('web', webCluster.server, ['staging'])).expect(200);
      expect(dropped.body.status.desired).toBe(1);
      await reconciled();
      const marked = (await getApp('web-production').expect(200)).body;
      expect(marked.metadata.deletionTimestamp).toBe(clock.now().toISOString());
      expect(marked.status.deletion).toEqual({ attempts: 1, nextAttemptAt: new Date(clock.now().getTime() + 5_000).toISOString() });
      const error = marked.status.conditions.find((c: { type: string }) => c.type === 'DeletionError');
      expect(error.message).toMatch(/^deleting the resources failed: /);
      expect(JSON.stringify(marked)).not.toContain(webCluster.token);

      // Generated again while it is being deleted: refused, not recreated, not counted.
      const readded = await putSet(listSet('web', webCluster.server, ['staging', 'production'])).expect(200);
      expect(readded.body.status.rejected).toEqual([
        { name: 'web-production', reason: 'an application of this name is being deleted (its resources are being removed); it is created again once that finished' },
      ]);
      expect(readded.body.status.desired).toBe(1);
      // Never synced again, nor asked to: a manual sync is refused.
      const sync = await hub.http.post('/api/v1/applications/web-production/sync').set(auth).send({});
      expect(sync.status).toBe(409);

      // Within the backoff a pass leaves it alone.
      await hub.app.get(ReconcileWorker).runPass();
      expect((await getApp('web-production').expect(200)).body.status.deletion.attempts).toBe(1);
      // Dropped again, so that the finished deletion is seen before the set would create the name anew.
      await putSet(listSet('web', webCluster.server, ['staging'])).expect(200);
    } finally {
      await webCluster.faults.goOnline();
    }
    await clock.advance(5_000);
    await hub.app.get(ReconcileWorker).runPass();
    await settleControllers();
    await getApp('web-production').expect(404);
    expect(await deployment(webCluster, 'production')).toBe(404);
    expect(await deployment(webCluster, 'staging')).toBe(200);

    // The set's re-expansion after the deletion, then a set generating the name again, create nothing twice.
    await hub.app.get(ExpansionTriggers).settled();
    await getApp('web-production').expect(404);
    const again = await putSet(listSet('web', webCluster.server, ['staging', 'production'])).expect(200);
    expect(again.body.status.rejected).toEqual([]);
    await reconciled();
    expect((await getApp('web-production').expect(200)).body.metadata.deletionTimestamp).toBeUndefined();
    expect(await deployment(webCluster, 'production')).toBe(200);
  }, 60_000);

  it('a name generated again while it was being deleted is created by its set as soon as the deletion finished', async () => {
    const before = (await getApp('web-production').expect(200)).body.metadata.creationTimestamp;
    await webCluster.faults.goOffline();
    try {
      await putSet(listSet('web', webCluster.server, ['staging'])).expect(200);
      await reconciled();
      const readded = await putSet(listSet('web', webCluster.server, ['staging', 'production'])).expect(200);
      expect(readded.body.status.rejected.map((r: { name: string }) => r.name)).toEqual(['web-production']);
    } finally {
      await webCluster.faults.goOnline();
    }
    await clock.advance(5_000);
    await hub.app.get(ReconcileWorker).runPass();
    // The pass, or a look at an application still settling when the clock moved, finishes the deletion.
    await reconciled();
    // No request to the set: the finished deletion re-expands it.
    await hub.app.get(ExpansionTriggers).settled();
    const recreated = (await getApp('web-production').expect(200)).body;
    expect(recreated.metadata.deletionTimestamp).toBeUndefined();
    expect(recreated.metadata.creationTimestamp).not.toBe(before);
    expect((await hub.http.get('/api/v1/applicationsets/web').set(auth).expect(200)).body.status.rejected).toEqual([]);
    await reconciled();
    await settleControllers();
  }, 60_000);

  it('deleting a set with cascade deletes the objects of its applications that carry the finalizer', async () => {
    await hub.http.delete('/api/v1/applicationsets/kept').query({ cascade: 'true' }).set(auth).expect(200);
    await hub.http.delete('/api/v1/applicationsets/web').query({ cascade: 'true' }).set(auth).expect(200);
    await reconciled();
    await settleControllers();
    for (const name of ['web-staging', 'web-production', 'kept-staging']) await getApp(name).expect(404);
    expect(await deployment(webCluster, 'staging')).toBe(404);
    expect(await deployment(webCluster, 'production')).toBe(404);
    expect(await deployment(keptCluster, 'staging')).toBe(200);
  }, 60_000);

  it('deletions beyond the budget, once approved, delete their objects the same way', async () => {
    await putSet(listSet('budget', webCluster.server, ['dev', 'staging', 'production'])).expect(201);
    await reconciled();
    for (const namespace of ['dev', 'staging', 'production']) expect(await deployment(webCluster, namespace)).toBe(200);

    const dropped = await putSet(listSet('budget', webCluster.server, ['dev'])).expect(200);
    expect(dropped.body.status.pendingDeletion).toEqual([{ name: 'budget-staging', cascade: true }]);
    await reconciled();
    await settleControllers();
    await getApp('budget-production').expect(404);
    expect(await deployment(webCluster, 'production')).toBe(404);
    expect(await deployment(webCluster, 'staging')).toBe(200);

    await hub.http.post('/api/v1/applicationsets/budget/approve-deletions').set(auth).expect(200);
    await reconciled();
    await settleControllers();
    await getApp('budget-staging').expect(404);
    expect(await deployment(webCluster, 'staging')).toBe(404);
    expect(await deployment(webCluster, 'dev')).toBe(200);
  }, 60_000);
});
