/**
 * npm run bench:rollout — what the gating of a fleet rollout costs, next to the same fleet without it. 50 Kubernetes API
 * test servers (BENCH_CLUSTERS: a tenth staging, a tenth production canary, the rest production) get a new commit of
 * the example fleet repo through a 3-step RollingSync set (staging → production canary → rest of production, each step
 * baking BENCH_BAKE), then through the same set switched to AllAtOnce. Per step it prints the wall time, the longest
 * sync and the span of the step's syncs (sync_runs: first started → last finished), the bake, and the hub's overhead
 * (wall − sync span − workload settle − bake) with the gap from a step's end to the next step's first sync; and the database writes (INSERT/UPDATE/DELETE
 * statements, by table) per application. Embedded PostgreSQL unless DATABASE_URL is set (then a fresh database on
 * that server, dropped at the end). Real time and the hub's own timers: nothing is driven by hand after the commit.
 */
import 'reflect-metadata';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parse, stringify } from 'yaml';
import { DataSource } from 'typeorm';
import { ApplicationsService } from '../src/applications/applications.service';
import { ApplicationSetsService } from '../src/applicationsets/application-sets.service';
import { createHub } from '../src/bootstrap';
import { ClustersService } from '../src/clusters/clusters.service';
import { ProjectsService } from '../src/projects/projects.service';
import { RevisionPoller } from '../src/reconcile/revision-poller';
import { ReconcileWorker } from '../src/reconcile/reconcile.worker';
import { RolloutsScheduler } from '../src/rollouts/rollouts.scheduler';
import { RolloutsService } from '../src/rollouts/rollouts.service';
import type { RolloutView } from '../src/rollouts/rollout.view';
import { startKubeApiServer, type KubeApiServer } from '../test/support/kube-api';
import { createGitRepo, type GitTestRepo } from '../test/support/git-repo';
import { createTestDatabase } from '../test/support/test-database';
import { type RunTimes, seconds, stepFigures, WriteCounter } from './bench-rollout-figures';
import { benchHubConfig } from './bench-hub-config';

const CLUSTERS = Number(process.env.BENCH_CLUSTERS ?? 50);
const BAKE = process.env.BENCH_BAKE ?? '2s';
/** The simulated controllers report a Deployment available this long after a change: the clusters' time, not the hub's. */
const SETTLE_MS = Number(process.env.BENCH_SETTLE_MS ?? 200);
const SET = 'my-api-bench';
const TIMEOUT_MS = 300_000;

interface Member {
  name: string;
  env: 'staging' | 'production';
  wave: 'canary' | 'main';
}

/** A tenth staging, a tenth production canary, the rest production (at least one of each). */
function members(count: number): Member[] {
  const tenth = Math.max(1, Math.floor(count / 10));
  return Array.from({ length: count }, (_, i) => ({
    name: `${i < tenth ? 'staging' : 'prod'}-${String(i).padStart(3, '0')}`,
    env: i < tenth ? 'staging' : 'production',
    wave: i < 2 * tenth ? 'canary' : 'main',
  }));
}

function setManifest(repo: GitTestRepo, strategy: Record<string, unknown>): Record<string, unknown> {
  const manifest = parse(fs.readFileSync(path.join(repo.dir, 'applicationsets/my-api-rolling.yaml'), 'utf8')) as {
    metadata: { name: string };
    spec: { strategy: unknown; template: { metadata: { labels: Record<string, string> }; spec: { syncPolicy: Record<string, unknown> } } };
  };
  manifest.metadata.name = SET;
  manifest.spec.strategy = strategy;
  manifest.spec.template.metadata.labels.wave = '{{metadata.labels.wave}}';
  // Ignored under RollingSync (the rollout syncs); what syncs the fleet under AllAtOnce.
  manifest.spec.template.spec.syncPolicy.automated = { prune: true, selfHeal: true };
  return manifest as unknown as Record<string, unknown>;
}

const rollingSync = {
  type: 'RollingSync',
  rollingSync: {
    steps: [
      { matchExpressions: [{ key: 'env', operator: 'In', values: ['staging'] }], bake: BAKE },
      { matchExpressions: [{ key: 'env', operator: 'In', values: ['production'] }, { key: 'wave', operator: 'In', values: ['canary'] }], bake: BAKE },
      { matchExpressions: [{ key: 'env', operator: 'In', values: ['production'] }, { key: 'wave', operator: 'NotIn', values: ['canary'] }], bake: BAKE },
    ],
  },
};

function release(repo: GitTestRepo, tag: string): string {
  return repo.commit(`release ${tag}`, (dir) => {
    for (const env of ['staging', 'production']) {
      const file = path.join(dir, `apps/my-api/overlays/${env}/kustomization.yaml`);
      const doc = parse(fs.readFileSync(file, 'utf8')) as { images: { newTag: string }[] };
      doc.images[0].newTag = tag;
      fs.writeFileSync(file, stringify(doc));
    }
  });
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, everyMs = 50): Promise<T> {
  const deadline = performance.now() + TIMEOUT_MS;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (performance.now() > deadline) throw new Error(`${what}: not reached in ${TIMEOUT_MS / 1000} s`);
    await sleep(everyMs);
  }
}

async function main(): Promise<void> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'flotilla-bench-rollout-'));
  const repo = createGitRepo({ example: true });
  const database = await createTestDatabase();
  const fleet = members(CLUSTERS);
  const servers: KubeApiServer[] = await Promise.all(fleet.map((member) => startKubeApiServer({ name: member.name, controllerDelayMs: SETTLE_MS })));
  const config = benchHubConfig(work, database.url, {
    ...(process.env.ROLLOUT_INTERVAL_SECONDS ? { ROLLOUT_INTERVAL_SECONDS: process.env.ROLLOUT_INTERVAL_SECONDS } : {}),
  });
  const app = await createHub(config);
  await app.init();
  const writes = new WriteCounter();
  try {
    const dataSource = app.get(DataSource);
    Object.assign(dataSource, {
      logger: new Proxy(dataSource.logger, {
        get: (target, key) => (key === 'logQuery' ? (query: string) => writes.record(query) : Reflect.get(target, key)),
      }),
    });
    const sets = app.get(ApplicationSetsService);
    const rollouts = app.get(RolloutsService);
    const applications = app.get(ApplicationsService);
    const poller = app.get(RevisionPoller);
    await app.get(ProjectsService).create(parse(fs.readFileSync(path.join(repo.dir, 'projects/platform.yaml'), 'utf8')));
    for (const [i, member] of fleet.entries()) {
      const server = servers[i];
      await app.get(ClustersService).register({ name: member.name, server: server.server, labels: { env: member.env, wave: member.wave }, credentials: { bearerToken: server.token }, tls: { caData: server.caData } }, false);
    }
    const latest = async () => (await rollouts.list({ applicationSet: SET, limit: 1 })).items[0];
    const finished = (id: string) =>
      waitFor(`rollout ${id}`, async () => {
        const view = await rollouts.get(id);
        if (view.state === 'Halted' || view.state === 'Aborted') throw new Error(`rollout ${id} ${view.state}: ${view.reason}`);
        return view.state === 'Completed' ? view : undefined;
      });
    const allAt = async (sha: string) => {
      const items = (await applications.list({ applicationSet: SET, limit: 1000 })).items;
      return items.length === CLUSTERS && items.every((a) => a.status.sync.status === 'Synced' && a.status.sync.revision === sha && a.status.health.status === 'Healthy');
    };

    // Warm-up: the set's first deployment is a rollout too; the figures are of the next one.
    await sets.create(setManifest(repo, rollingSync));
    await waitFor('the first rollout', async () => (await latest()) ?? undefined);
    await finished((await latest()).id);

    // 1. RollingSync: a new commit, planned at once, then left to the hub's own timers and events.
    const sha = release(repo, 'v-bench-rolling');
    poller.invalidate([`file://${repo.dir}`]);
    writes.reset();
    const started = performance.now();
    const plan = await app.get(RolloutsScheduler).runPass();
    const id = plan?.created[0];
    if (!id) throw new Error('the planner made no rollout of the commit');
    const done = await finished(id);
    const rolloutMs = performance.now() - started;
    const rolloutWrites = writes.total();
    const rolloutBreakdown = writes.breakdown(CLUSTERS);
    const figures = stepFigures(stepTimes(done), await runTimes(dataSource, done), SETTLE_MS);

    // 2. AllAtOnce: the same set and fleet, every application follows its automated policy.
    await sets.replace(SET, setManifest(repo, { type: 'AllAtOnce' }));
    const sha2 = release(repo, 'v-bench-all-at-once');
    poller.invalidate([`file://${repo.dir}`]);
    writes.reset();
    const allStarted = performance.now();
    const worker = app.get(ReconcileWorker);
    // The commit reaches every application in one pass (as a webhook or the Git poll would start it); passes after
    // it only see the workloads settle.
    await worker.runPass();
    const syncPassMs = performance.now() - allStarted;
    await waitFor(`every application Synced and Healthy at ${sha2.slice(0, 7)}`, async () => {
      if (await allAt(sha2)) return true;
      await worker.runPass();
      return undefined;
    });
    const allMs = performance.now() - allStarted;
    const allWrites = writes.total();
    const allBreakdown = writes.breakdown(CLUSTERS);
    const allRuns: { started_at: Date; finished_at: Date }[] = await dataSource.query(`SELECT started_at, finished_at FROM sync_runs WHERE application_set = $1 AND revision = $2`, [SET, sha2]);
    const allLongest = Math.max(...allRuns.map((r) => new Date(r.finished_at).getTime() - new Date(r.started_at).getTime()));

    const tenth = Math.max(1, Math.floor(CLUSTERS / 10));
    console.log(
      `bench:rollout — ${CLUSTERS} clusters (${tenth} staging, ${tenth} production canary, ${CLUSTERS - 2 * tenth} production), ${database.url ? 'PostgreSQL' : 'embedded PostgreSQL'}, ` +
        `ROLLOUT_INTERVAL_SECONDS=${config.rollouts.intervalSeconds}, bake ${BAKE} per step, workload settle ${SETTLE_MS} ms, commit ${sha.slice(0, 7)}, node ${process.version}`,
    );
    console.log('RollingSync, 3 steps (figures from rollout_steps and sync_runs):');
    const header = ['step', 'apps', 'wall', 'longest sync', 'sync span', 'bake', 'hub overhead', '= to 1st sync', '+ to Healthy seen', '+ bake end → done', "end → next step's 1st sync"];
    console.log(`  ${header.join(' | ')}`);
    for (const f of figures) {
      const cells = [f.step, f.applications, f.wallMs, f.longestSyncMs, f.syncSpanMs, f.bakeMs, f.overheadMs, f.toFirstSyncMs, f.toHealthySeenMs, f.toCompletedMs, f.gapToNextMs];
      console.log(`  ${cells.map((cell, i) => (i < 2 ? String(cell) : cell === undefined ? '—' : seconds(cell)).padEnd(header[i].length)).join(' | ')}`);
    }
    // A step starts in the drive that completes the one before it, so the gap to the next step's first sync is that
    // step's "to 1st sync": counted once, in the step it belongs to.
    const first = new Date(done.steps[0].startedAt!).getTime() - new Date(done.createdAt).getTime();
    const overhead = first + figures.reduce((sum, f) => sum + f.overheadMs, 0);
    console.log(`  commit → rollout completed: ${seconds(rolloutMs)} (created → step 1 started ${seconds(first)}); hub overhead in all (created → completed, less sync spans, settles and bakes): ${seconds(overhead)}`);
    console.log(`  database writes: ${rolloutWrites} statements, ${(rolloutWrites / CLUSTERS).toFixed(1)} per application (${rolloutBreakdown})`);
    console.log('AllAtOnce, same fleet, next commit (no gating):');
    console.log(`  commit → all Synced and Healthy: ${seconds(allMs)} (sync pass ${seconds(syncPassMs)}, longest sync ${seconds(allLongest)})`);
    console.log(`  database writes: ${allWrites} statements, ${(allWrites / CLUSTERS).toFixed(1)} per application (${allBreakdown})`);
    console.log(`Cost of the gating: ${seconds(rolloutMs - allMs)} more wall time (of which bake ${seconds(figures.reduce((s, f) => s + f.bakeMs, 0))}), ${((rolloutWrites - allWrites) / CLUSTERS).toFixed(1)} more writes per application`);
  } finally {
    await app.close();
    await Promise.all(servers.map((server) => server.stop()));
    await database.drop();
    repo.remove();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

function stepTimes(view: RolloutView) {
  return view.steps.map((step) => ({
    step: step.step,
    applications: step.applications,
    startedAt: new Date(step.startedAt!),
    completedAt: new Date(step.completedAt!),
    healthySince: new Date(step.healthySince!),
    bakeMs: durationMs(step.bake),
  }));
}

/** The rollout's own sync runs, each with its application's step. */
async function runTimes(dataSource: DataSource, view: RolloutView): Promise<RunTimes[]> {
  const stepOf = new Map(view.applications.map((target) => [target.application, target.step ?? 0]));
  const rows: { application: string; started_at: Date; finished_at: Date | null }[] = await dataSource.query(`SELECT application, started_at, finished_at FROM sync_runs WHERE rollout = $1`, [view.id]);
  return rows.filter((row) => row.finished_at).map((row) => ({ step: stepOf.get(row.application) ?? 0, startedAt: new Date(row.started_at), finishedAt: new Date(row.finished_at!) }));
}

/** "2s", "1m30s", "500ms" → ms (the bench's own settings only). */
function durationMs(text: string): number {
  let total = 0;
  const unitMs: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  for (const [, value, unit] of text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)) total += Number(value) * unitMs[unit];
  return total;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
