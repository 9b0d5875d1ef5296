import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect } from 'vitest';
import { parse, stringify } from 'yaml';
import type { FakeClock } from '../../src/clock/fake-clock';
import { ReconcileTriggers } from '../../src/reconcile/reconcile.triggers';
import { RolloutTargetsPoller } from '../../src/reconcile/rollout-targets.poller';
import { RolloutsScheduler } from '../../src/rollouts/rollouts.scheduler';
import { clusterBody } from './builders';
import { createGitRepo, type GitTestRepo } from './git-repo';
import { startKubeApiServer, type KubeApiServer, type KubeApiServerOptions } from './kube-api';
import { bearer, startTestHub, type TestHub } from './test-hub';

/** A sync run as GET /api/v1/applications/:name/history lists it. */
export interface SyncRun {
  application: string;
  trigger: string;
  rollout: string | null;
  revision: string;
  phase: string;
  message?: string;
  startedAt: string;
  finishedAt: string | null;
}

export interface RolloutTarget {
  application: string;
  cluster: string;
  state: string;
  revision: string;
  previousRevision: string | null;
  message: string | null;
  healthySince: string | null;
  deadlineAt: string | null;
}

export interface RolloutStep {
  step: number;
  state: string;
  message: string | null;
  startedAt?: string | null;
  completedAt?: string | null;
  healthySince: string | null;
  bakeEndsAt: string | null;
  approvedBy: string | null;
}

/** GET /api/v1/rollouts/:id */
export interface Rollout {
  id: string;
  state: string;
  reason: string | null;
  revision: string | null;
  supersededBy: string | null;
  steps: RolloutStep[];
  applications: RolloutTarget[];
  events: { action: string; actor: string; details: Record<string, unknown> }[];
}

export interface FleetCluster {
  name: string;
  /** The `env` label the example's sets select on (and the namespace its overlays deploy to). */
  env: string;
  labels?: Record<string, string>;
  /** Per-cluster options of its Kubernetes API test server (the clock and controller delay come from the fleet). */
  server?: Partial<KubeApiServerOptions>;
}

export interface FleetOptions {
  clock: FakeClock;
  clusters: readonly FleetCluster[];
  /** The simulated controllers settle this long after a change; one tick moves the clock by it. */
  settleMs: number;
  /** Ticks of simulated time a wait may take before the test fails (far more than any step needs). */
  maxTicks?: number;
  /** Edits the example's `platform` project before it is created (sync windows, …). */
  project?: (project: { spec: Record<string, unknown> }) => void;
  /** Runs on each test server before its cluster is registered (e.g. install a CRD). */
  prepareCluster?: (server: KubeApiServer, cluster: FleetCluster) => Promise<void>;
}

/**
 * A real hub on a fake clock, the example fleet repo in a local Git repository, and one Kubernetes API test server
 * per cluster, whose simulated controllers run on the same clock. Every periodic job of the hub waits for the test:
 * a tick moves simulated time, lets the shard owners sync and refresh what a rollout waits on, and runs the rollout
 * pass (plan and drive).
 */
export async function startFleet(options: FleetOptions) {
  const { clock, settleMs } = options;
  const maxTicks = options.maxTicks ?? 40;
  const repo: GitTestRepo = createGitRepo({ example: true });
  const servers = await Promise.all(options.clusters.map((cluster) => startKubeApiServer({ name: cluster.name, clock, controllerDelayMs: settleMs, ...cluster.server })));
  const clusters: Record<string, KubeApiServer> = Object.fromEntries(options.clusters.map((cluster, i) => [cluster.name, servers[i]]));
  const hub: TestHub = await startTestHub({
    clock,
    env: { RECONCILE_INTERVAL_SECONDS: '3600', SHARD_LEASE_SECONDS: '3600', ROLLOUT_INTERVAL_SECONDS: '3600', APPSET_RESYNC_SECONDS: '86400', GIT_POLL_SECONDS: '1', IN_CLUSTER: 'false' },
  });
  const auth = bearer(hub.adminToken);

  const project = parse(fs.readFileSync(path.join(repo.dir, 'projects/platform.yaml'), 'utf8')) as { spec: Record<string, unknown> };
  options.project?.(project);
  await hub.http.post('/api/v1/projects').set(auth).send(project).expect(201);
  for (const cluster of options.clusters) {
    const server = clusters[cluster.name];
    await options.prepareCluster?.(server, cluster);
    const body = clusterBody({ name: cluster.name, server: server.server, labels: { env: cluster.env, ...cluster.labels }, credentials: { bearerToken: server.token }, tls: { caData: server.caData } });
    await hub.http.post('/api/v1/clusters').set(auth).send(body).expect(201);
  }

  const get = async <T>(url: string): Promise<T> => (await hub.http.get(url).set(auth).expect(200)).body as T;
  const rollout = (id: string) => get<Rollout>(`/api/v1/rollouts/${id}`);
  const latest = async (set: string) => (await get<{ items: { id: string }[] }>(`/api/v1/rollouts?applicationSet=${set}&limit=1`)).items[0];
  const history = async (name: string) => (await get<{ items: SyncRun[] }>(`/api/v1/applications/${name}/history?limit=100`)).items;

  async function reconcileDue(): Promise<void> {
    await hub.app.get(RolloutTargetsPoller).runPass();
    await hub.app.get(ReconcileTriggers).settled();
  }

  /** One tick: time moves on (workloads settle, clocks run), the shard owner syncs and refreshes, the rollout pass runs. */
  async function tick(ms = settleMs): Promise<void> {
    await clock.advance(ms);
    await reconcileDue();
    await hub.app.get(RolloutsScheduler).runPass();
    await reconcileDue();
  }

  /** Ticks until `done` holds; fails the test after `maxTicks`. */
  async function tickUntil(what: string, done: () => Promise<boolean>): Promise<void> {
    for (let ticks = 0; ticks < maxTicks; ticks++) {
      if (await done()) return;
      await tick();
    }
    throw new Error(`${what}: not reached after ${maxTicks} ticks`);
  }

  async function settledIn(id: string, states: string[]): Promise<Rollout> {
    await tickUntil(`rollout ${id} ${states.join(' or ')}`, async () => states.includes((await rollout(id)).state));
    return rollout(id);
  }

  /** Commits new image tags, overlay (`staging`, `production`, `production-canary`) → tag; returns the new SHA. */
  const release = (tags: Record<string, string>) =>
    repo.commit(`release ${Object.values(tags).join('/')}`, (dir) => {
      for (const [overlay, tag] of Object.entries(tags)) {
        const file = path.join(dir, `apps/my-api/overlays/${overlay}/kustomization.yaml`);
        const doc = parse(fs.readFileSync(file, 'utf8')) as { images: { newTag: string }[] };
        doc.images[0].newTag = tag;
        fs.writeFileSync(file, stringify(doc));
      }
    });

  /** The rollout a change starts: the next rollout pass creates it. */
  async function rolloutOf(set: string, change: () => unknown): Promise<Rollout> {
    const before = (await latest(set))?.id;
    await change();
    // Past GIT_POLL_SECONDS (1 s, jittered): the planner's ls-remote sees the commit just made.
    await tick(Math.max(2 * settleMs, 2_000));
    const created = await latest(set);
    expect(created?.id).not.toBe(before);
    return rollout(created.id);
  }

  return {
    hub,
    repo,
    clusters,
    auth,
    get,
    rollout,
    latest,
    history,
    tick,
    tickUntil,
    settledIn,
    release,
    rolloutOf,
    reconcileDue,
    /** The example's RollingSync set (`applicationsets/my-api-rolling.yaml`) as this repository serves it. */
    exampleSet: (file = 'applicationsets/my-api-rolling.yaml') => parse(fs.readFileSync(path.join(repo.dir, file), 'utf8')) as Record<string, unknown>,
    target: (view: Rollout, name: string) => view.applications.find((t) => t.application === name)!,
    async close(): Promise<void> {
      await Promise.all([hub.close(), ...servers.map((server) => server.stop())]);
      repo.remove();
    },
  };
}

export type Fleet = Awaited<ReturnType<typeof startFleet>>;

/** A RollingSync step on the generated applications' `env` label (or another label). */
export const stepOn = (values: string[], extra: Record<string, unknown> = {}, key = 'env') => ({ matchExpressions: [{ key, operator: 'In', values }], ...extra });

/** The set with its strategy's steps replaced. */
export function withSteps(manifest: Record<string, unknown>, steps: Record<string, unknown>[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  const spec = manifest.spec as Record<string, unknown>;
  return { ...manifest, spec: { ...spec, strategy: { type: 'RollingSync', rollingSync: { steps, ...extra } } } };
}
