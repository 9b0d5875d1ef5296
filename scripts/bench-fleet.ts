/**
 * npm run bench:fleet — Flotilla against scripted alternatives on the same fleet, side by side. BENCH_CLUSTERS (default
 * 50) Kubernetes API test servers get the example fleet repo's production overlay from Flotilla; the same number of
 * fresh servers get it from `kubectl apply --server-side -k` looped over them one after another (up to 200 clusters:
 * above that the loop takes many minutes and is skipped), and again from the same command run 8 clusters at a time,
 * as a smarter CI script would. Prints the wall time of the first rollout and of a one-line change, the cluster API
 * calls and database writes of a steady-state pass where nothing changed, and the latency from a commit and its push
 * webhook to the change being applied, per cluster (p50, p99, max) on BENCH_WEBHOOK_CLUSTERS clusters (default
 * min(100, clusters), spread over the fleet, running a second application).
 *
 * The test servers run in child processes (BENCH_SERVER_PROCESSES, default 2 from 100 clusters up), so this process
 * is the hub alone: its CPU seconds and peak RSS are printed per phase. Embedded PostgreSQL unless DATABASE_URL is
 * set (then a fresh database on that server, dropped at the end). BENCH_ALTERNATIVES=0 skips the kubectl runs;
 * BENCH_CPU_PROFILE_DIR=<dir> writes a CPU profile of the hub per phase there.
 *
 * Between registering the clusters and the rollout the hub runs one pass of its connectivity checks, as its scheduled
 * job does within CLUSTER_CHECK_INTERVAL_SECONDS (60 s) of a registration: a rollout meets clusters the hub has already
 * met (their client and TLS session made), as it does in practice. BENCH_COLD=1 leaves that out, so the first rollout
 * also makes the first contact with every cluster (a rollout started within a minute of registering the fleet).
 * Loopback only; every server is stopped at the end.
 */
import 'reflect-metadata';
import { execFile } from 'node:child_process';
import { createHmac } from 'node:crypto';
import * as fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import type { INestApplication } from '@nestjs/common';
import { parse, stringify } from 'yaml';
import { DataSource } from 'typeorm';
import { ApplicationsService } from '../src/applications/applications.service';
import { ApplicationSetsService } from '../src/applicationsets/application-sets.service';
import { createHub } from '../src/bootstrap';
import { ClustersService } from '../src/clusters/clusters.service';
import { ConnectivityService } from '../src/clusters/connectivity.service';
import { runBounded } from '../src/common/run-bounded';
import { APP_CONFIG, type AppConfig } from '../src/config/app-config';
import { DeliveryService } from '../src/notifications/delivery.service';
import { FleetEvents } from '../src/events/fleet-events';
import { ProjectsService } from '../src/projects/projects.service';
import { ReconcileTriggers } from '../src/reconcile/reconcile.triggers';
import { RevisionPoller } from '../src/reconcile/revision-poller';
import { ReconcileWorker } from '../src/reconcile/reconcile.worker';
import { SettlingFollowUps } from '../src/reconcile/settling-follow-ups';
import { createGitRepo, type GitTestRepo } from '../test/support/git-repo';
import { createTestDatabase } from '../test/support/test-database';
import { startClusterProcesses, type ClusterProcesses } from './bench-cluster-processes';
import { benchHubConfig } from './bench-hub-config';
import { HubUsage, peakRssSinceStart, type PhaseUsage } from './bench-hub-usage';
import { type FleetCounters, wallClockMs } from './kube-api-fleet-protocol';

const run = promisify(execFile);
const CLUSTERS = Number(process.env.BENCH_CLUSTERS ?? 50);
const WEBHOOK_CLUSTERS = Math.min(CLUSTERS, Number(process.env.BENCH_WEBHOOK_CLUSTERS ?? Math.min(100, CLUSTERS)));
const SERVER_PROCESSES = Number(process.env.BENCH_SERVER_PROCESSES ?? (CLUSTERS >= 100 ? 2 : 1));
const ALTERNATIVES = process.env.BENCH_ALTERNATIVES !== '0';
const SHOW_STATEMENTS = process.env.BENCH_STATEMENTS === '1';
const COLD = process.env.BENCH_COLD === '1';
/** Above this many clusters the sequential kubectl loop is not run: at about 0.3 s a cluster it takes many minutes. */
const KUBECTL_LOOP_MAX = 200;
const KUBECTL_PARALLEL = 8;
const CONTROLLER_DELAY_MS = 100;
const OVERLAY = 'apps/my-api/overlays/production';
const WEBHOOK_OVERLAY = 'apps/my-api/overlays/staging';
const WEBHOOK_SECRET = 'bench-fleet-webhook-secret';
const WEBHOOK_TIMEOUT_MS = 300_000;

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mib = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MiB`;
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

/**
 * Until the hub is quiet: nothing queued, no look at an application still settling (its workloads rolling out)
 * pending, and the notification events of the work so far fanned out (the delivery worker's timer would otherwise
 * mark them dispatched during the next phase), so the next phase measures only its own work.
 */
async function quiet(app: INestApplication): Promise<void> {
  const followUps = app.get(SettlingFollowUps);
  for (;;) {
    await app.get(ReconcileTriggers).settled();
    if (followUps.pending() === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await app.get(DeliveryService).runPass();
}

/**
 * Resolves once `count` distinct applications named `namePrefix…` have had their status written by a reconcile: a new
 * application's first such write is the end of its sync. So the first rollout is timed, like kubectl's, until every
 * cluster has its objects applied; the looks that follow them to Healthy run on (the next phase waits for quiet).
 */
function everyApplicationSynced(app: INestApplication, namePrefix: string, count: number): Promise<void> {
  const synced = new Set<string>();
  return new Promise((resolve) => {
    const subscription = app.get(FleetEvents).subscribe((change) => {
      if (change.kind !== 'application-reconciled' || !change.changed || !change.name.startsWith(namePrefix)) return;
      synced.add(change.name);
      if (synced.size < count) return;
      subscription.unsubscribe();
      resolve();
    });
  });
}

/** One cluster's kubectl work, as a CI job would script it. */
async function kubectlApply(kubeconfig: string, repoDir: string, createNamespace: boolean): Promise<void> {
  if (createNamespace) await run('kubectl', ['--kubeconfig', kubeconfig, 'create', 'namespace', 'production'], { timeout: 60_000 });
  await run('kubectl', ['--kubeconfig', kubeconfig, 'apply', '--server-side', '-k', path.join(repoDir, OVERLAY)], { timeout: 60_000 });
}

const bumpReplicas = (overlay: string, replicas: number) => (dir: string) => {
  const file = path.join(dir, overlay, 'patch-replicas.yaml');
  const doc = parse(fs.readFileSync(file, 'utf8')) as { spec: { replicas: number } };
  doc.spec.replicas = replicas;
  fs.writeFileSync(file, stringify(doc));
};

interface AlternativeFigures {
  first?: number;
  change?: number;
  skipped?: string;
}

/** The kubectl alternative on a fleet of its own: first rollout (namespace + apply) and the one-line change. */
async function kubectlAlternative(repo: GitTestRepo, work: string, prefix: string, parallel: number, replicas: [number, number]): Promise<AlternativeFigures> {
  const fleet = await startClusterProcesses({ count: CLUSTERS, processes: SERVER_PROCESSES, prefix, controllerDelayMs: CONTROLLER_DELAY_MS });
  try {
    const kubeconfigs = fleet.servers.map((server, i) => {
      const file = path.join(work, `${prefix}-${i}.kubeconfig`);
      fs.writeFileSync(file, server.kubeconfig, { mode: 0o600 });
      return file;
    });
    repo.commit(`production: ${replicas[0]} replicas`, bumpReplicas(OVERLAY, replicas[0]));
    let started = performance.now();
    await runBounded(kubeconfigs, parallel, (kubeconfig) => kubectlApply(kubeconfig, repo.dir, true));
    const first = performance.now() - started;
    repo.commit(`production: ${replicas[1]} replicas`, bumpReplicas(OVERLAY, replicas[1]));
    started = performance.now();
    await runBounded(kubeconfigs, parallel, (kubeconfig) => kubectlApply(kubeconfig, repo.dir, false));
    return { first, change: performance.now() - started };
  } finally {
    await fleet.stop();
  }
}

/** Every statement the hub sends: the total, and its writing ones by table (`INSERT INTO t`, `UPDATE t`, `DELETE FROM t`). */
interface StatementCounts {
  total: number;
  writes: Map<string, number>;
  /** By shape (the statement with its parameters' placeholders), for BENCH_STATEMENTS=1. */
  shapes: Map<string, number>;
}

function countStatements(app: INestApplication): () => StatementCounts {
  const dataSource = app.get(DataSource);
  const counts: StatementCounts = { total: 0, writes: new Map(), shapes: new Map() };
  Object.assign(dataSource, {
    logger: new Proxy(dataSource.logger, {
      get: (target, key) =>
        key === 'logQuery'
          ? (query: string) => {
              counts.total += 1;
              if (SHOW_STATEMENTS) counts.shapes.set(query.slice(0, 160), (counts.shapes.get(query.slice(0, 160)) ?? 0) + 1);
              if (!/^\s*(INSERT|UPDATE|DELETE|WITH\s+\w+\s+AS\s+\(\s*(UPDATE|INSERT|DELETE))/i.test(query)) return;
              const table = /(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?([\w.]+)"?/i.exec(query)?.[1] ?? '?';
              counts.writes.set(table, (counts.writes.get(table) ?? 0) + 1);
            }
          : Reflect.get(target, key),
    }),
  });
  return () => ({ total: counts.total, writes: new Map(counts.writes), shapes: new Map(counts.shapes) });
}

/** What was written between two readings of countStatements: the total and `table ×n` items. */
function writesBetween(before: StatementCounts, after: StatementCounts): { total: number; tables: string } {
  const delta = [...after.writes].map(([table, n]) => [table, n - (before.writes.get(table) ?? 0)] as const).filter(([, n]) => n > 0);
  return { total: delta.reduce((sum, [, n]) => sum + n, 0), tables: delta.map(([table, n]) => `${table} ×${n}`).join(', ') };
}

/** The statement shapes sent most between two readings, for finding where a phase's round trips go. */
function busiestShapes(before: StatementCounts, after: StatementCounts, top = 25): string[] {
  return [...after.shapes]
    .map(([shape, n]) => [shape, n - (before.shapes.get(shape) ?? 0)] as const)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([shape, n]) => `${String(n).padStart(6)}  ${shape.replace(/\s+/g, ' ')}`);
}

/** The cluster API calls between two readings of the fleet's counters, per cluster. */
function callsBetween(before: FleetCounters, after: FleetCounters): string {
  return `${((after.total - before.total) / CLUSTERS).toFixed(1)} cluster API calls per cluster, ${((after.writes - before.writes) / CLUSTERS).toFixed(1)} of them writes`;
}

/** BENCH_STATEMENTS=1: a phase's busiest statement shapes and its cluster calls by verb. */
function showDetail(phase: string, shapes: string[], calls: string): void {
  console.log(`${phase}, busiest statement shapes:\n${shapes.join('\n')}\n${phase}, cluster API calls per cluster: ${calls}`);
}

/** The same calls by verb and resource (`apply deployments.apps 1.0`), busiest first, for BENCH_STATEMENTS=1. */
function callsByVerb(before: FleetCounters, after: FleetCounters): string {
  const calls = Object.entries(after.byVerbAndResource).map(([key, n]) => [key, n - (before.byVerbAndResource[key] ?? 0)] as const);
  return calls
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([key, n]) => `${key} ${(n / CLUSTERS).toFixed(1)}`)
    .join(', ');
}

/** A second set over the webhook clusters (labelled `bench-webhook`), deploying the staging overlay there. */
function webhookSet(repo: GitTestRepo): Record<string, unknown> {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'ApplicationSet',
    metadata: { name: 'my-api-webhook', namespace: 'argocd' },
    spec: {
      generators: [{ clusters: { selector: { matchLabels: { 'bench-webhook': 'true' } } } }],
      template: {
        metadata: { name: 'webhook-{{name}}' },
        spec: {
          project: 'platform',
          source: { repoURL: repo.url, targetRevision: 'main', path: WEBHOOK_OVERLAY },
          destination: { server: '{{server}}', namespace: 'staging' },
          syncPolicy: { automated: { prune: true, selfHeal: true }, syncOptions: ['CreateNamespace=true'] },
        },
      },
    },
  };
}

interface WebhookFigures {
  latenciesMs: number[];
  missing: number;
  usage: PhaseUsage;
}

/** Commit, push webhook, and per webhook cluster the time until its Deployment has the new replica count. */
async function webhookToApplied(app: INestApplication, fleet: ClusterProcesses, repo: GitTestRepo, usage: HubUsage, indices: number[]): Promise<WebhookFigures> {
  const port = (app.getHttpServer().address() as AddressInfo).port;
  repo.commit('staging: 3 replicas', bumpReplicas(WEBHOOK_OVERLAY, 3));
  // As GitHub sends it: the pushed commits with the files they changed, which the hub reconciles first.
  const commits = [{ id: repo.head(), added: [], removed: [], modified: [`${WEBHOOK_OVERLAY}/patch-replicas.yaml`] }];
  const body = JSON.stringify({ ref: 'refs/heads/main', repository: { clone_url: repo.url, default_branch: 'main' }, commits });
  const signature = `sha256=${createHmac('sha256', WEBHOOK_SECRET).update(body).digest('hex')}`;
  const { arrivals } = await fleet.watchField(indices, { typeKey: 'apps/deployments', namespace: 'staging', name: 'my-api', path: ['spec', 'replicas'], value: 3 }, WEBHOOK_TIMEOUT_MS);
  let pushedAt = 0;
  const [times, phase] = await usage.measure('commit + webhook', async () => {
    pushedAt = wallClockMs();
    const response = await fetch(`http://127.0.0.1:${port}/api/v1/webhooks/git`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-GitHub-Event': 'push', 'X-Hub-Signature-256': signature },
      body,
    });
    if (response.status !== 202) throw new Error(`webhook answered ${response.status}: ${await response.text()}`);
    const times = await arrivals;
    // The push queued every application reading the repository (the whole fleet too, after the webhook set's, whose
    // directory the commit changed); the phase ends when they are all done.
    await app.get(ReconcileTriggers).settled();
    return times;
  });
  const latenciesMs = times.filter((t): t is number => t !== undefined).map((t) => t - pushedAt);
  return { latenciesMs: latenciesMs.sort((a, b) => a - b), missing: times.length - latenciesMs.length, usage: phase };
}

async function main(): Promise<void> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'flotilla-bench-fleet-'));
  const repo = createGitRepo({ example: true });
  const database = await createTestDatabase();
  const step = Math.max(1, Math.floor(CLUSTERS / Math.max(1, WEBHOOK_CLUSTERS)));
  const webhookIndices = Array.from({ length: WEBHOOK_CLUSTERS }, (_, k) => k * step);
  const fleet = await startClusterProcesses({ count: CLUSTERS, processes: SERVER_PROCESSES, prefix: 'flotilla', controllerDelayMs: CONTROLLER_DELAY_MS });
  const app = await createHub(benchHubConfig(work, database.url, { GIT_WEBHOOK_SECRET: WEBHOOK_SECRET }));
  await app.listen(0, '127.0.0.1');
  const statements = countStatements(app);
  const usage = new HubUsage(process.env.BENCH_CPU_PROFILE_DIR, () => statements().total, async () => (await fleet.counters()).cpuSeconds);
  const figures: { first: PhaseUsage; firstSynced: number; change: PhaseUsage; changeSynced: number; steady: PhaseUsage; steadyApps: number; steadyCalls: number; steadyWrites: number; steadyDb: { total: number; tables: string }; register: PhaseUsage; firstCalls: string; changeCalls: string } =
    {} as never;
  let webhook: WebhookFigures | undefined;
  const concurrency = app.get<AppConfig>(APP_CONFIG).reconcile.clusterConcurrency;
  let hubPeak = 0;
  let serversCpu = 0;
  try {
    await app.get(ProjectsService).create(parse(fs.readFileSync(path.join(repo.dir, 'projects/platform.yaml'), 'utf8')));
    const webhookSet_ = new Set(webhookIndices);
    [, figures.register] = await usage.measure('register clusters', async () => {
      for (const [i, server] of fleet.servers.entries()) {
        const labels: Record<string, string> = { env: 'production', ...(webhookSet_.has(i) ? { 'bench-webhook': 'true' } : {}) };
        await app.get(ClustersService).register({ name: `prod-${String(i).padStart(4, '0')}`, server: server.server, labels, credentials: { bearerToken: server.token }, tls: { caData: server.caData } }, false);
      }
    });
    if (!COLD) await usage.measure('connectivity check', () => app.get(ConnectivityService).checkAll());
    const worker = app.get(ReconcileWorker);

    // 1. First rollout: the change queue syncs every application as soon as the set creates it.
    const beforeFirst = statements();
    const callsBeforeFirst = await fleet.counters();
    [, figures.first] = await usage.measure('first rollout', async () => {
      const synced = everyApplicationSynced(app, 'my-api-prod-', CLUSTERS);
      await app.get(ApplicationSetsService).create(parse(fs.readFileSync(path.join(repo.dir, 'applicationsets/my-api-clusters.yaml'), 'utf8')));
      await synced;
    });
    const callsAfterFirst = await fleet.counters();
    figures.firstCalls = callsBetween(callsBeforeFirst, callsAfterFirst);
    if (SHOW_STATEMENTS) showDetail('the first rollout', busiestShapes(beforeFirst, statements()), callsByVerb(callsBeforeFirst, callsAfterFirst));
    const listed = await app.get(ApplicationsService).list({ applicationSet: 'my-api-fleet', limit: CLUSTERS + 1 });
    figures.firstSynced = listed.items.filter((a) => a.status.operationState?.phase === 'Succeeded').length;
    await quiet(app);
    // 2. A one-line change (replicas 5 → 6) committed to Git.
    repo.commit('production: 6 replicas', bumpReplicas(OVERLAY, 6));
    app.get(RevisionPoller).invalidate([`file://${repo.dir}`]);
    let change;
    const beforeChange = statements();
    const callsBeforeChange = await fleet.counters();
    [change, figures.change] = await usage.measure('one-line change', () => worker.runPass());
    const callsAfterChange = await fleet.counters();
    figures.changeSynced = change.synced;
    figures.changeCalls = callsBetween(callsBeforeChange, callsAfterChange);
    if (SHOW_STATEMENTS) showDetail('the one-line change', busiestShapes(beforeChange, statements()), callsByVerb(callsBeforeChange, callsAfterChange));
    // 3. Steady state: nothing changed anywhere.
    await quiet(app);
    await worker.runPass();
    await quiet(app);
    const before = await fleet.counters();
    const beforeSteady = statements();
    let steady;
    [steady, figures.steady] = await usage.measure('steady-state pass', () => worker.runPass());
    const after = await fleet.counters();
    const afterSteady = statements();
    if (SHOW_STATEMENTS) showDetail('the steady-state pass', busiestShapes(beforeSteady, afterSteady), callsByVerb(before, after));
    figures.steadyApps = steady.applications;
    figures.steadyCalls = after.total - before.total;
    figures.steadyWrites = after.writes - before.writes;
    figures.steadyDb = writesBetween(beforeSteady, afterSteady);
    // 4. Commit + webhook → applied, on the webhook clusters' second application.
    if (WEBHOOK_CLUSTERS > 0) {
      await app.get(ApplicationSetsService).create(webhookSet(repo));
      await quiet(app);
      webhook = await webhookToApplied(app, fleet, repo, usage, webhookIndices);
    }
    hubPeak = peakRssSinceStart();
    serversCpu = (await fleet.counters()).cpuSeconds;
  } finally {
    await app.close();
    await fleet.stop();
  }

  console.log(`bench:fleet — ${CLUSTERS} clusters in ${SERVER_PROCESSES} server process(es), example overlay ${OVERLAY}, ${database.url ? 'PostgreSQL' : 'embedded PostgreSQL'}, node ${process.version}, ${os.cpus().length} cores (load average ${os.loadavg()[0].toFixed(1)}), RECONCILE_CLUSTER_CONCURRENCY ${concurrency}, ${COLD ? 'clusters first contacted by the rollout (BENCH_COLD=1)' : 'clusters checked once before the rollout'}`);
  // The hub's own figures first: the alternatives that follow take many minutes at 1,000 clusters.
  console.log(
    `steady-state pass: ${seconds(figures.steady.wallMs)}, ${figures.steadyApps} applications, ${figures.steadyCalls} cluster API calls (${(figures.steadyCalls / CLUSTERS).toFixed(1)} per cluster), ${figures.steadyWrites} cluster writes, ${figures.steadyDb.total} database writes${figures.steadyDb.total ? ` (${figures.steadyDb.tables})` : ''}`,
  );
  if (webhook) {
    const l = webhook.latenciesMs;
    console.log(
      `commit + webhook → applied on ${WEBHOOK_CLUSTERS} clusters (the push queued all ${CLUSTERS + WEBHOOK_CLUSTERS} applications, the ${WEBHOOK_CLUSTERS} of the changed directory first): p50 ${l.length ? Math.round(percentile(l, 50)) : '-'} ms, p99 ${l.length ? Math.round(percentile(l, 99)) : '-'} ms, max ${l.length ? Math.round(l[l.length - 1]) : '-'} ms${webhook.missing ? `, ${webhook.missing} not applied within ${WEBHOOK_TIMEOUT_MS / 1000} s` : ''}`,
    );
  }
  console.log(`hub process alone (test servers used ${serversCpu.toFixed(1)} CPU s in their own processes); peak RSS over the whole run (VmHWM) ${mib(hubPeak)}`);
  // The other columns are what shares the machine's cores with the hub: on 2 cores they bound its wall times.
  console.log('| phase | wall | hub CPU s | git/kustomize CPU s | test servers CPU s | PostgreSQL CPU s | hub peak RSS | database statements |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const p of usage.phases) {
    console.log(`| ${p.phase} | ${seconds(p.wallMs)} | ${p.cpuSeconds.toFixed(2)} | ${p.childCpuSeconds.toFixed(2)} | ${p.serversCpuSeconds?.toFixed(2) ?? '-'} | ${p.databaseCpuSeconds.toFixed(2)} | ${mib(p.peakRssBytes)} | ${p.statements} |`);
  }
  const loop: AlternativeFigures = !ALTERNATIVES ? { skipped: 'BENCH_ALTERNATIVES=0' } : CLUSTERS > KUBECTL_LOOP_MAX ? { skipped: `skipped above ${KUBECTL_LOOP_MAX} clusters` } : await kubectlAlternative(repo, work, 'kubectl-loop', 1, [5, 6]);
  const parallel: AlternativeFigures = ALTERNATIVES ? await kubectlAlternative(repo, work, 'kubectl-8', KUBECTL_PARALLEL, [5, 6]) : { skipped: 'BENCH_ALTERNATIVES=0' };
  await database.drop();
  repo.remove();
  fs.rmSync(work, { recursive: true, force: true });

  const alt = (f: AlternativeFigures, key: 'first' | 'change', flotilla: number) => (f.skipped ? f.skipped : `${seconds(f[key]!)} (${(f[key]! / flotilla).toFixed(1)}x Flotilla's)`);
  console.log(`first rollout:     Flotilla ${seconds(figures.first.wallMs)} (${figures.firstSynced} synced, ${((CLUSTERS / figures.first.wallMs) * 1000).toFixed(0)} apps/s, ${figures.firstCalls}) | kubectl loop ${alt(loop, 'first', figures.first.wallMs)} | kubectl ×${KUBECTL_PARALLEL} ${alt(parallel, 'first', figures.first.wallMs)}`);
  console.log(`one-line change:   Flotilla ${seconds(figures.change.wallMs)} (${figures.changeSynced} synced, ${figures.changeCalls}) | kubectl loop ${alt(loop, 'change', figures.change.wallMs)} | kubectl ×${KUBECTL_PARALLEL} ${alt(parallel, 'change', figures.change.wallMs)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
