import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { FakeClock } from '../../src/clock/fake-clock';
import { ReconcileTriggers } from '../../src/reconcile/reconcile.triggers';
import { ReconcileWorker } from '../../src/reconcile/reconcile.worker';
import { call } from '../kube-api/http';
import { clusterBody } from '../support/builders';
import { createGitRepo, type GitTestRepo } from '../support/git-repo';
import { startKubeApiServer, type KubeApiServer } from '../support/kube-api';
import { bearer, startTestHub, type TestHub } from '../support/test-hub';

// 06:50 in Berlin on the morning the clocks went forward (29 March 2026, 02:00 CET → 03:00 CEST). The nightly
// freeze opened at 22:00 CET (21:00Z) and lasts 8 hours, until 05:00Z (07:00 CEST). Argo CD, which reads every
// occurrence with today's offset (CEST), would have it open 20:00Z–04:00Z: already over.
const START = '2026-03-29T04:50:00Z';
const FREEZE_ENDS = '2026-03-29T05:00:00.000Z';
const nightly = { kind: 'deny', schedule: '0 22 * * *', duration: '8h', timeZone: 'Europe/Berlin' };
const WINDOWS = [
  { ...nightly, namespaces: ['production'], description: 'production freeze' },
  { ...nightly, namespaces: ['staging'], manualSync: true, description: 'staging quiet hours' },
];
const PROD_APP = 'my-api-prod-eu';
const STAGING_APP = 'my-api-staging-eu';

describe('sync windows on a project hold back syncs, on the hub clock', () => {
  const clock = new FakeClock(START);
  let hub: TestHub;
  let repo: GitTestRepo;
  let staging: KubeApiServer;
  let production: KubeApiServer;
  let auth: Record<string, string>;

  const app = async (name: string) => (await hub.http.get(`/api/v1/applications/${name}`).set(auth).expect(200)).body;
  const history = async (name: string) => (await hub.http.get(`/api/v1/applications/${name}/history`).set(auth).expect(200)).body.items;
  const deploymentStatus = async (cluster: KubeApiServer, namespace: string) => (await call(cluster, `/apis/apps/v1/namespaces/${namespace}/deployments/my-api`)).status;
  const windowCondition = async (name: string) => (await app(name)).status.conditions.find((c: { type: string }) => c.type === 'SyncWindowBlocked');

  beforeAll(async () => {
    repo = createGitRepo({ example: true });
    [staging, production] = await Promise.all([startKubeApiServer({ name: 'staging' }), startKubeApiServer({ name: 'production' })]);
    // Passes and lease renewals run only when the test asks: the hub clock moves only when the test moves it.
    hub = await startTestHub({ clock, env: { RECONCILE_INTERVAL_SECONDS: '3600', SHARD_LEASE_SECONDS: '3600', IN_CLUSTER: 'false' } });
    auth = bearer(hub.adminToken);
    const project = parse(fs.readFileSync(path.join(repo.dir, 'projects/platform.yaml'), 'utf8')) as { spec: Record<string, unknown> };
    project.spec.syncWindows = WINDOWS;
    await hub.http.post('/api/v1/projects').set(auth).send(project).expect(201);
    for (const [name, cluster, env] of [['staging-eu', staging, 'staging'], ['prod-eu', production, 'production']] as const) {
      await hub.http.post('/api/v1/clusters').set(auth).send(clusterBody({ name, server: cluster.server, labels: { env }, credentials: { bearerToken: cluster.token }, tls: { caData: cluster.caData } })).expect(201);
    }
    const appSet = fs.readFileSync(path.join(repo.dir, 'applicationsets/my-api-clusters.yaml'));
    await hub.http.post('/api/v1/applicationsets').set(auth).set('Content-Type', 'application/yaml').send(appSet).expect(201);
    await hub.app.get(ReconcileTriggers).settled();
  });

  afterAll(async () => {
    await Promise.all([hub?.close(), staging?.stop(), production?.stop()]);
    repo?.remove();
  });

  it('refuses a project whose windows are wrong, with the field of each problem', async () => {
    const broken = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'AppProject',
      metadata: { name: 'broken-windows' },
      spec: { syncWindows: [{ kind: 'freeze', schedule: '0 0 22 * * *', duration: '8 hours', timeZone: 'Europe/Berln', namespaces: ['*'] }] },
    };
    const response = await hub.http.post('/api/v1/projects').set(auth).send(broken).expect(400);
    expect(response.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['spec.syncWindows[0].duration', 'spec.syncWindows[0].kind', 'spec.syncWindows[0].schedule', 'spec.syncWindows[0].timeZone']);
    await hub.http.get('/api/v1/projects/broken-windows').set(auth).expect(404);
  });

  it('holds back the automated sync while a deny window is open, and says which window and until when', async () => {
    const summary = await hub.app.get(ReconcileWorker).runPass();
    expect(summary).toMatchObject({ applications: 2, synced: 0 });
    const status = (await app(PROD_APP)).status;
    expect(status.sync.status).toBe('OutOfSync');
    expect(status.operationState).toBeUndefined();
    const condition = await windowCondition(PROD_APP);
    expect(condition.message).toBe(`Automated sync blocked by sync window: deny window "production freeze" is open; it can run from ${FREEZE_ENDS}`);
    expect(await history(PROD_APP)).toEqual([]);
    expect(await deploymentStatus(production, 'production')).toBe(404);
  });

  it('answers 409 naming the window to a manual sync it blocks; a dry run still runs', async () => {
    const refused = await hub.http.post(`/api/v1/applications/${PROD_APP}/sync`).set(auth).send({}).expect(409);
    expect(refused.body).toMatchObject({ statusCode: 409, code: 'Conflict' });
    expect(refused.body.message).toBe(`Sync blocked by sync window: deny window "production freeze" is open; it can run from ${FREEZE_ENDS}`);
    const dryRun = await hub.http.post(`/api/v1/applications/${PROD_APP}/sync`).set(auth).send({ dryRun: true }).expect(200);
    expect(dryRun.body.dryRun).toBe(true);
    expect(await deploymentStatus(production, 'production')).toBe(404);
    expect(await history(PROD_APP)).toEqual([]);
  });

  it('lets a manual sync through a window with manualSync, while automated syncs stay held back', async () => {
    expect((await windowCondition(STAGING_APP)).message).toMatch(/"staging quiet hours" is open/);
    const response = await hub.http.post(`/api/v1/applications/${STAGING_APP}/sync`).set(auth).send({}).expect(200);
    expect(response.body).toMatchObject({ phase: 'Succeeded', revision: repo.head() });
    expect(await deploymentStatus(staging, 'staging')).toBe(200);
    expect((await history(STAGING_APP))[0]).toMatchObject({ trigger: 'manual', phase: 'Succeeded' });
  });

  it('syncs on the first pass after the window closes, and clears the condition', async () => {
    await clock.advance(Date.parse(FREEZE_ENDS) - clock.now().getTime() - 60_000);
    await hub.app.get(ReconcileWorker).runPass();
    expect(await deploymentStatus(production, 'production')).toBe(404);
    await clock.advance(60_000);
    await hub.app.get(ReconcileWorker).runPass();
    const status = (await app(PROD_APP)).status;
    expect(status.sync).toEqual({ status: 'Synced', revision: repo.head() });
    expect(status.operationState).toMatchObject({ trigger: 'automated', phase: 'Succeeded' });
    expect(await windowCondition(PROD_APP)).toBeUndefined();
    expect(await deploymentStatus(production, 'production')).toBe(200);
  });
});
