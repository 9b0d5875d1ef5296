import * as fs from 'node:fs';
import { hostname } from 'node:os';
import * as os from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { call } from '../kube-api/http';
import { clusterBody } from '../support/builders';
import { startHubProcess, type HubProcess } from '../support/hub-process';
import { startKubeApiServer, type KubeApiServer } from '../support/kube-api';
import { createGitRepo, type GitTestRepo } from '../support/git-repo';
import { eventually } from '../support/eventually';
import { createTestDatabase, type TestDatabase, sharedServerAvailable } from '../support/test-database';
import { randomKey } from '../support/test-hub';

const DIST_MAIN = path.resolve(__dirname, '../../dist/src/start.js');
const ADMIN = 'two-replicas-admin-token-0123456789';
const LEASE_SECONDS = 3;
const auth = { Authorization: `Bearer ${ADMIN}` };

// Two real hub processes on real time: their progress is polled (bounded), gently, as they run.
const POLL_MS = 250;

interface ShardView {
  shard: number;
  holder: string | null;
  owned: boolean;
  clusters: string[];
}

describe.runIf(sharedServerAvailable() && fs.existsSync(DIST_MAIN))('two hub processes on one PostgreSQL', () => {
  let database: TestDatabase;
  let repo: GitTestRepo;
  let clusters: KubeApiServer[];
  let hubs: HubProcess[];
  const dirs: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    repo = createGitRepo({ example: true });
    clusters = await Promise.all(Array.from({ length: 20 }, (_, i) => startKubeApiServer({ name: `replica-test-${i}`, controllerDelayMs: 50 })));
    const env = (dir: string) => ({
      FLOTILLA_DATA_DIR: dir,
      FLOTILLA_CONFIG_FILE: '',
      DATABASE_URL: database.url!,
      FLOTILLA_ENCRYPTION_KEY: keys,
      FLOTILLA_ADMIN_TOKEN: ADMIN,
      CLUSTER_CHECK_ENABLED: 'false',
      SHARD_COUNT: '8',
      SHARD_LEASE_SECONDS: String(LEASE_SECONDS),
      RECONCILE_INTERVAL_SECONDS: '1',
      GIT_POLL_SECONDS: '1',
      LOG_LEVEL: 'info',
    });
    const keys = randomKey('replicas');
    for (let i = 0; i < 2; i++) dirs.push(fs.mkdtempSync(path.join(os.tmpdir(), 'flotilla-replica-')));
    hubs = [await startHubProcess(env(dirs[0])), await startHubProcess(env(dirs[1]))];
    const hub = request(hubs[0].url);
    await hub.post('/api/v1/projects').set(auth).set('Content-Type', 'application/yaml').send(fs.readFileSync(path.join(repo.dir, 'projects/platform.yaml'))).expect(201);
    for (const [i, cluster] of clusters.entries()) {
      await hub.post('/api/v1/clusters').set(auth).send(clusterBody({ name: `prod-${String(i).padStart(2, '0')}`, server: cluster.server, labels: { env: 'production' }, credentials: { bearerToken: cluster.token }, tls: { caData: cluster.caData } })).expect(201);
    }
    await hub.post('/api/v1/applicationsets').set(auth).set('Content-Type', 'application/yaml').send(fs.readFileSync(path.join(repo.dir, 'applicationsets/my-api-clusters.yaml'))).expect(201);
  }, 240_000);

  afterAll(async () => {
    await Promise.all((hubs ?? []).map((hub) => hub.stop()));
    await Promise.all((clusters ?? []).map((cluster) => cluster.stop()));
    await database?.drop();
    repo?.remove();
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  const shards = async (hub: HubProcess): Promise<ShardView[]> => (await request(hub.url).get('/api/v1/shards').set(auth).expect(200)).body.items;
  const holderOf = (hub: HubProcess) => `${hostname()}-${hub.child.pid}-`;

  it('reconciles every cluster, split between the replicas, never by both', async () => {
    await eventually(async () => {
      const found = await Promise.all(clusters.map((cluster) => call(cluster, '/apis/apps/v1/namespaces/production/deployments/my-api')));
      return found.every((response) => response.status === 200);
    }, { what: 'every cluster to get the deployment', timeoutMs: 90_000, intervalMs: POLL_MS });
    const view = await shards(hubs[0]);
    // By prefix: the two PIDs may differ in length (9994 and 10008).
    const holders = new Set(view.map((shard) => hubs.map(holderOf).find((prefix) => shard.holder?.startsWith(prefix))));
    expect(holders).toEqual(new Set([holderOf(hubs[0]), holderOf(hubs[1])]));
    expect(view.every((shard) => shard.owned)).toBe(true);
    // Each cluster's runs never overlap in time, whichever replica ran them.
    for (const i of [0, 7, 19]) {
      const runs: { startedAt: string; finishedAt: string }[] = (await request(hubs[1].url).get(`/api/v1/applications/my-api-prod-${String(i).padStart(2, '0')}/history`).set(auth).expect(200)).body.items;
      expect(runs.length).toBeGreaterThan(0);
      const sorted = [...runs].sort((a, b) => a.startedAt.localeCompare(b.startedAt));
      for (let k = 1; k < sorted.length; k++) expect(sorted[k].startedAt >= sorted[k - 1].finishedAt).toBe(true);
    }
  }, 120_000);

  it('takes over a killed replica\'s shards within one lease period and marks its interrupted run', async () => {
    const [victim, survivor] = hubs;
    const victimShard = (await shards(survivor)).find((shard) => shard.holder?.startsWith(holderOf(victim)) && shard.clusters.length > 0)!;
    const stuckCluster = victimShard.clusters[0];
    const stuckServer = clusters[Number(stuckCluster.slice('prod-'.length))];
    // A slow cluster (1.5 s per request) keeps the sync of a new commit running long enough to kill its replica mid-way.
    stuckServer.faults.set({ latencyMs: 1500 });
    repo.commit('production: 7 replicas', (dir) => {
      const file = path.join(dir, 'apps/my-api/overlays/production/patch-replicas.yaml');
      const doc = parse(fs.readFileSync(file, 'utf8')) as { spec: { replicas: number } };
      doc.spec.replicas = 7;
      fs.writeFileSync(file, stringify(doc));
    });
    const application = `my-api-${stuckCluster}`;
    await eventually(async () => {
      const runs: { phase: string }[] = (await request(survivor.url).get(`/api/v1/applications/${application}/history`).set(auth).expect(200)).body.items;
      return runs[0]?.phase === 'Running';
    }, { what: 'a running sync on the slow cluster', timeoutMs: 30_000, intervalMs: POLL_MS });
    victim.child.kill('SIGKILL');
    const killedAt = Date.now();
    await eventually(async () => (await shards(survivor)).every((shard) => shard.owned && shard.holder?.startsWith(holderOf(survivor))), { what: 'the survivor to hold every shard', timeoutMs: 30_000, intervalMs: POLL_MS });
    const takeoverMs = Date.now() - killedAt;
    console.log(`takeover after SIGKILL: ${takeoverMs} ms (lease ${LEASE_SECONDS} s)`);
    expect(takeoverMs).toBeLessThan((LEASE_SECONDS + 2) * 1000);
    const runs: { phase: string; message: string }[] = (await request(survivor.url).get(`/api/v1/applications/${application}/history`).set(auth).expect(200)).body.items;
    expect(runs.find((run) => run.phase === 'Interrupted')?.message).toContain('taken over');
    stuckServer.faults.clear();
    await eventually(async () => {
      const deployment = await call(stuckServer, '/apis/apps/v1/namespaces/production/deployments/my-api');
      return (deployment.json as { spec?: { replicas?: number } }).spec?.replicas === 7;
    }, { what: 'the survivor to finish the rollout on the formerly stuck cluster', timeoutMs: 60_000, intervalMs: POLL_MS });
  }, 180_000);
});
