import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { FakeClock } from '../../src/clock/fake-clock';
import { ReconcileTriggers } from '../../src/reconcile/reconcile.triggers';
import { RolloutsScheduler } from '../../src/rollouts/rollouts.scheduler';
import { HubIdentity } from '../../src/scheduling/hub-identity';
import { clusterBody } from '../support/builders';
import { createGitRepo, type GitTestRepo } from '../support/git-repo';
import { startKubeApiServer, type KubeApiServer } from '../support/kube-api';
import { bearer, startTestHub, type TestHub } from '../support/test-hub';

const CLUSTERS = [
  { name: 'staging-eu', env: 'staging' },
  { name: 'prod-eu', env: 'production' },
] as const;
const STAGING = 'my-api-staging-eu';
const PRODUCTION = 'my-api-prod-eu';
/** The simulated controllers report a Deployment available this long after a change. */
const SETTLE_MS = 1_000;
/** Far more than the rollouts below need, and far less than one ROLLOUT_INTERVAL_SECONDS (an hour here). */
const MAX_SECONDS = 20;

interface Rollout {
  id: string;
  state: string;
  steps: { state: string; healthySince: string | null; completedAt: string | null }[];
  applications: { application: string; state: string; healthySince: string | null }[];
  events: { action: string }[];
}
interface SyncRun {
  rollout: string | null;
  startedAt: string;
}

/**
 * The rollout driver is woken by what it waits for instead of waiting for its next pass: a sync that completes, a
 * workload that turns Healthy, a bake that ends. The rollout pass and the shard owner's rollout poll both run every
 * ROLLOUT_INTERVAL_SECONDS, an hour here, and the test never calls them after the planner made the rollout: the clock
 * moves one second at a time, and only the events and the driver's own timers can move the rollout. A replica that
 * does not hold the `rollouts` lease ignores the events.
 */
describe('rollout driver wake-ups', () => {
  const clock = new FakeClock('2026-06-01T08:00:00Z');
  let hub: TestHub;
  let repo: GitTestRepo;
  let servers: KubeApiServer[];
  let auth: Record<string, string>;

  const get = async <T>(url: string): Promise<T> => (await hub.http.get(url).set(auth).expect(200)).body as T;
  const rollout = (id: string) => get<Rollout>(`/api/v1/rollouts/${id}`);
  const history = async (name: string) => (await get<{ items: SyncRun[] }>(`/api/v1/applications/${name}/history?limit=100`)).items;
  const target = (view: Rollout, name: string) => view.applications.find((t) => t.application === name)!;

  /** Lets the work events started finish: reconciles queued by the rollout, and drives woken by their outcome. */
  async function settled(): Promise<void> {
    for (let round = 0; round < 3; round++) {
      await hub.app.get(ReconcileTriggers).settled();
      await hub.app.get(RolloutsScheduler).settled();
    }
  }

  /** Moves the clock a second at a time (never near the next rollout pass) until `done`. */
  async function secondsUntil(what: string, done: () => Promise<boolean>): Promise<number> {
    for (let seconds = 0; seconds <= MAX_SECONDS; seconds++) {
      await settled();
      if (await done()) return seconds;
      await clock.advance(1_000);
    }
    throw new Error(`${what}: not reached in ${MAX_SECONDS} s of simulated time`);
  }

  const release = (tag: string) =>
    repo.commit(`release ${tag}`, (dir) => {
      for (const env of ['staging', 'production']) {
        const file = path.join(dir, `apps/my-api/overlays/${env}/kustomization.yaml`);
        const doc = parse(fs.readFileSync(file, 'utf8')) as { images: { newTag: string }[] };
        doc.images[0].newTag = tag;
        fs.writeFileSync(file, stringify(doc));
      }
    });

  /** The planner's pass, the one rollout pass the test runs: it makes the rollout and starts its first step. */
  async function planned(): Promise<string> {
    // Past GIT_POLL_SECONDS (1 s): the planner's ls-remote sees the latest commit.
    await clock.advance(2_000);
    const id = (await hub.app.get(RolloutsScheduler).runPass())?.created[0];
    expect(id).toBeDefined();
    return id!;
  }

  beforeAll(async () => {
    repo = createGitRepo({ example: true });
    servers = await Promise.all(CLUSTERS.map((cluster) => startKubeApiServer({ name: cluster.name, clock, controllerDelayMs: SETTLE_MS })));
    hub = await startTestHub({
      clock,
      env: { RECONCILE_INTERVAL_SECONDS: '3600', SHARD_LEASE_SECONDS: '3600', ROLLOUT_INTERVAL_SECONDS: '3600', APPSET_RESYNC_SECONDS: '86400', GIT_POLL_SECONDS: '1', IN_CLUSTER: 'false' },
    });
    auth = bearer(hub.adminToken);
    await hub.http.post('/api/v1/projects').set(auth).set('Content-Type', 'application/yaml').send(fs.readFileSync(path.join(repo.dir, 'projects/platform.yaml'))).expect(201);
    for (const [i, cluster] of CLUSTERS.entries()) {
      const body = clusterBody({ name: cluster.name, server: servers[i].server, labels: { env: cluster.env }, credentials: { bearerToken: servers[i].token }, tls: { caData: servers[i].caData } });
      await hub.http.post('/api/v1/clusters').set(auth).send(body).expect(201);
    }
    const manifest = parse(fs.readFileSync(path.join(repo.dir, 'applicationsets/my-api-rolling.yaml'), 'utf8')) as { spec: { strategy: { rollingSync: { steps: Record<string, unknown>[] } } } };
    // A bake on staging: its end, too, is a moment the driver wakes up for by itself.
    manifest.spec.strategy.rollingSync.steps[0].bake = '3s';
    await hub.http.post('/api/v1/applicationsets').set(auth).send(manifest).expect(201);
  });

  afterAll(async () => {
    await Promise.all([hub?.close(), ...(servers ?? []).map((server) => server.stop())]);
    repo?.remove();
  });

  it('moves every step on as its syncs complete, its workloads settle and its bake ends, with no rollout pass in between', async () => {
    const id = await planned();
    const startedAt = clock.now().getTime();
    const took = await secondsUntil('the rollout to complete', async () => (await rollout(id)).state === 'Completed');
    const done = await rollout(id);
    expect(done.events.map((event) => event.action)).toEqual(['Created', 'StepStarted', 'StepCompleted', 'StepStarted', 'StepCompleted', 'Completed']);
    // Per step: the sync and its workload settling (1 s), plus staging's 3 s bake; a second of slack per step.
    expect(took).toBeLessThanOrEqual(2 * SETTLE_MS / 1000 + 3 + 2);
    const stagingHealthy = Date.parse(target(done, STAGING).healthySince!);
    const [productionRun] = (await history(PRODUCTION)).filter((run) => run.rollout === id);
    // The order holds: production synced only after staging was Healthy and had baked.
    expect(Date.parse(productionRun.startedAt)).toBeGreaterThanOrEqual(stagingHealthy + 3_000);
    expect(Date.parse(done.steps[1].completedAt!) - startedAt).toBeLessThan(3_600_000);
  });

  it('ignores the events on a replica that does not hold the rollouts lease: only the lease holder drives', async () => {
    release('v1.5.0');
    const id = await planned();
    // Another replica holds the lease now (as if this one's had run out and the other took it).
    await hub.dataSource.query(`UPDATE job_leases SET holder = 'another-replica' WHERE name = 'rollouts'`);
    // The shard owner (this replica) syncs staging, and the workload settles; the driver here is woken but does nothing.
    await secondsUntil('staging to run the new release', async () => {
      const app = await get<{ status: { health: { status: string } } }>(`/api/v1/applications/${STAGING}`);
      return app.status.health.status === 'Healthy' && (await history(STAGING)).some((run) => run.rollout === id);
    });
    for (let i = 0; i < 5; i++) await clock.advance(1_000);
    await settled();
    const idle = await rollout(id);
    expect(target(idle, STAGING).state).toBe('Progressing');
    expect(idle.steps.map((step) => step.state)).toEqual(['Progressing', 'Waiting']);
    // The lease comes back: the next pass takes it and the rollout carries on, woken by events again.
    await hub.dataSource.query(`UPDATE job_leases SET holder = $1 WHERE name = 'rollouts'`, [hub.app.get(HubIdentity).id]);
    await hub.app.get(RolloutsScheduler).runPass();
    await secondsUntil('the rollout to complete', async () => (await rollout(id)).state === 'Completed');
  });
});
