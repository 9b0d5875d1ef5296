import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { call } from '../kube-api/http';
import { clusterBody } from '../support/builders';
import { eventually } from '../support/eventually';
import type { Rollout, SyncRun } from '../support/fleet-rollouts';
import { createGitRepo, type GitTestRepo } from '../support/git-repo';
import { startHubProcess, type HubProcess } from '../support/hub-process';
import { startKubeApiServer, type KubeApiServer } from '../support/kube-api';
import { createTestDatabase, type TestDatabase, sharedServerAvailable } from '../support/test-database';
import { randomKey } from '../support/test-hub';

const DIST_MAIN = path.resolve(__dirname, '../../dist/src/start.js');
const ADMIN = 'rollout-kill-admin-token-0123456789';
const auth = { Authorization: `Bearer ${ADMIN}` };
const SET = 'my-api-rollout';
const STAGING = 'my-api-staging-eu';
const PRODUCTION = ['my-api-prod-1', 'my-api-prod-2', 'my-api-prod-3'];
const CLUSTERS = [
  { name: 'staging-eu', env: 'staging' },
  { name: 'prod-1', env: 'production' },
  { name: 'prod-2', env: 'production' },
  { name: 'prod-3', env: 'production' },
];
// Real hub processes on real time: their progress is polled (bounded), gently, as they run.
const POLL_MS = 250;
// Production clusters answer this slowly while the release rolls, so a sync is still running when its hub is killed.
const SLOW_MS = 700;

/**
 * `kill -9` of the hub in the middle of a rollout step: a hub process (the built hub, on PostgreSQL) rolls a
 * release staging first, then production one cluster at a time; it is killed with SIGKILL while a production sync
 * runs. A new hub process on the same database resumes the same rollout where the database says it was: the step
 * that had completed is not run again, the interrupted sync is made again, the others follow one at a time, and
 * the rollout completes — proven from the rollout record and the sync history.
 */
describe.runIf(sharedServerAvailable() && fs.existsSync(DIST_MAIN))('a hub killed with SIGKILL in the middle of a rollout step', () => {
  let database: TestDatabase;
  let repo: GitTestRepo;
  let clusters: KubeApiServer[];
  const hubs: HubProcess[] = [];
  const dirs: string[] = [];
  let env: () => Record<string, string>;

  beforeAll(async () => {
    database = await createTestDatabase();
    repo = createGitRepo({ example: true });
    clusters = await Promise.all(CLUSTERS.map((cluster) => startKubeApiServer({ name: cluster.name, controllerDelayMs: 300 })));
    const keys = randomKey('rollout-kill');
    env = () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flotilla-rollout-kill-'));
      dirs.push(dir);
      return {
        FLOTILLA_DATA_DIR: dir,
        FLOTILLA_CONFIG_FILE: '',
        DATABASE_URL: database.url!,
        FLOTILLA_ENCRYPTION_KEY: keys,
        FLOTILLA_ADMIN_TOKEN: ADMIN,
        CLUSTER_CHECK_ENABLED: 'false',
        SHARD_LEASE_SECONDS: '3',
        RECONCILE_INTERVAL_SECONDS: '1',
        ROLLOUT_INTERVAL_SECONDS: '1',
        GIT_POLL_SECONDS: '1',
        IN_CLUSTER: 'false',
        LOG_LEVEL: 'info',
      };
    };
    hubs.push(await startHubProcess(env()));
    const hub = request(hubs[0].url);
    await hub.post('/api/v1/projects').set(auth).set('Content-Type', 'application/yaml').send(fs.readFileSync(path.join(repo.dir, 'projects/platform.yaml'))).expect(201);
    for (const [i, cluster] of CLUSTERS.entries()) {
      const server = clusters[i];
      await hub.post('/api/v1/clusters').set(auth).send(clusterBody({ name: cluster.name, server: server.server, labels: { env: cluster.env }, credentials: { bearerToken: server.token }, tls: { caData: server.caData } })).expect(201);
    }
    // The example's RollingSync set, production one cluster at a time.
    const manifest = parse(fs.readFileSync(path.join(repo.dir, 'applicationsets/my-api-rolling.yaml'), 'utf8')) as { spec: { strategy: { rollingSync: { steps: Record<string, unknown>[] } } } };
    manifest.spec.strategy.rollingSync.steps[1].maxUpdate = 1;
    await hub.post('/api/v1/applicationsets').set(auth).send(manifest).expect(201);
  }, 120_000);

  afterAll(async () => {
    await Promise.all(hubs.map((hub) => hub.stop()));
    await Promise.all((clusters ?? []).map((cluster) => cluster.stop()));
    await database?.drop();
    repo?.remove();
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  const live = () => hubs.at(-1)!;
  const get = async <T>(url: string): Promise<T> => (await request(live().url).get(url).set(auth).expect(200)).body as T;
  const latest = async () => (await get<{ items: { id: string; state: string }[] }>(`/api/v1/rollouts?applicationSet=${SET}&limit=1`)).items[0];
  const rollout = (id: string) => get<Rollout>(`/api/v1/rollouts/${id}`);
  const history = async (name: string) => (await get<{ items: SyncRun[] }>(`/api/v1/applications/${name}/history?limit=100`)).items;
  const serverOf = (app: string) => clusters[CLUSTERS.findIndex((cluster) => app.endsWith(cluster.name))];
  const imageOf = async (app: string) => {
    const namespace = app === STAGING ? 'staging' : 'production';
    const deployment = (await call(serverOf(app), `/apis/apps/v1/namespaces/${namespace}/deployments/my-api`)).json as { spec?: { template: { spec: { containers: { image: string }[] } } } };
    return deployment.spec?.template.spec.containers[0].image;
  };

  let first: string;

  it('deploys the set through its first rollout', async () => {
    first = (await eventually(latest, { what: 'the first rollout', timeoutMs: 30_000, intervalMs: POLL_MS })).id;
    await eventually(async () => (await rollout(first)).state === 'Completed', { what: 'the first rollout to complete', timeoutMs: 60_000, intervalMs: POLL_MS });
  }, 90_000);

  it('resumes the same rollout exactly where it was after a kill -9 mid-step, and completes it', async () => {
    for (const app of PRODUCTION) serverOf(app).faults.set({ latencyMs: SLOW_MS });
    const sha = repo.commit('release v1.5.0', (dir) => {
      for (const env of ['staging', 'production']) {
        const file = path.join(dir, `apps/my-api/overlays/${env}/kustomization.yaml`);
        fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/newTag: .*/, 'newTag: v1.5.0'));
      }
    });
    const id = (await eventually(async () => {
      const item = await latest();
      return item.id !== first && item;
    }, { what: 'the release rollout', timeoutMs: 30_000, intervalMs: POLL_MS })).id;

    // The middle of step 2: one production cluster done, the next one's sync running.
    const victim = await eventually(async () => {
      const view = await rollout(id);
      if (view.steps[1].state !== 'Progressing') return false;
      if (view.applications.filter((t) => PRODUCTION.includes(t.application) && t.state === 'Healthy').length !== 1) return false;
      for (const t of view.applications.filter((t) => t.state === 'Progressing')) {
        if ((await history(t.application)).some((run) => run.rollout === id && run.phase === 'Running')) return t.application;
      }
      return false;
    }, { what: 'a production sync running after the first production cluster', timeoutMs: 90_000, intervalMs: POLL_MS });
    const before = await rollout(id);
    hubs[0].child.kill('SIGKILL');
    const killedAt = Date.now();
    await new Promise<void>((resolve) => (hubs[0].child.exitCode !== null || hubs[0].child.signalCode !== null ? resolve() : hubs[0].child.once('exit', () => resolve())));
    for (const app of PRODUCTION) serverOf(app).faults.clear();
    expect(before.steps.map((step) => step.state)).toEqual(['Completed', 'Progressing']);

    // A new hub process on the same database.
    hubs.push(await startHubProcess(env()));
    const done = await eventually(async () => {
      const view = await rollout(id);
      return view.state === 'Completed' && view;
    }, { what: 'the new hub to complete the rollout', timeoutMs: 120_000, intervalMs: POLL_MS });

    // The same rollout, not a new one; every application at the frozen commit, Healthy; nothing left behind.
    expect((await latest()).id).toBe(id);
    expect(done.revision).toBe(sha);
    expect(done.applications.map((t) => [t.application, t.state, t.revision])).toEqual(
      [...PRODUCTION, STAGING].map((app) => [app, 'Healthy', sha]),
    );
    expect(await Promise.all([STAGING, ...PRODUCTION].map(imageOf))).toEqual(Array(4).fill('myregistry.com/my-api:v1.5.0'));
    // Each step started and completed once, in order: the step that had completed was not run again.
    const steps = done.events.filter((event) => event.action.startsWith('Step')).map((event) => `${event.action} ${String(event.details.step)}`);
    expect(steps).toEqual(['StepStarted 1', 'StepCompleted 1', 'StepStarted 2', 'StepCompleted 2']);
    expect(done.events.map((event) => event.action)).toEqual(['Created', 'StepStarted', 'StepCompleted', 'StepStarted', 'StepCompleted', 'Completed']);
    // What had happened before the kill is unchanged in the record.
    for (const t of before.applications.filter((t) => t.state === 'Healthy')) expect(done.applications.find((d) => d.application === t.application)?.healthySince).toBe(t.healthySince);
    expect(done.steps[0]).toMatchObject({ state: 'Completed', completedAt: before.steps[0].completedAt });

    // The sync history: staging synced once; the interrupted sync was made again at the same commit after the kill;
    // production syncs never overlapped and none started before staging was Healthy.
    const runs = Object.fromEntries(await Promise.all([STAGING, ...PRODUCTION].map(async (app) => [app, (await history(app)).filter((run) => run.rollout === id)] as const)));
    expect(runs[STAGING].map((run) => run.phase)).toEqual(['Succeeded']);
    expect(runs[victim].map((run) => run.phase).sort()).toEqual(['Interrupted', 'Succeeded']);
    // The new hub closed the run the killed one left open (it took the shard over), then synced again.
    expect(runs[victim].find((run) => run.phase === 'Interrupted')?.message).toMatch(/stopped before it finished; its shard was taken over/);
    const resync = runs[victim].find((run) => run.phase === 'Succeeded')!;
    expect(Date.parse(resync.startedAt)).toBeGreaterThanOrEqual(killedAt - 1_000);
    for (const app of PRODUCTION.filter((app) => app !== victim)) expect(runs[app].map((run) => run.phase)).toEqual(['Succeeded']);
    const all = Object.values(runs).flat();
    expect(all.every((run) => run.trigger === 'rollout' && run.revision === sha)).toBe(true);
    const stagingHealthy = Date.parse(done.applications.find((t) => t.application === STAGING)!.healthySince!);
    const production = PRODUCTION.flatMap((app) => runs[app]).filter((run) => run.phase === 'Succeeded').sort((a, b) => a.startedAt.localeCompare(b.startedAt));
    expect(production).toHaveLength(3);
    expect(Date.parse(production[0].startedAt)).toBeGreaterThanOrEqual(stagingHealthy);
    for (let k = 1; k < production.length; k++) expect(Date.parse(production[k].startedAt)).toBeGreaterThanOrEqual(Date.parse(production[k - 1].finishedAt!));
    console.log(`killed ${victim}'s hub mid-sync; the new hub completed rollout ${id} ${Date.now() - killedAt} ms after the kill`);
  }, 240_000);
});
