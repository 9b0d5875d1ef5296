/**
 * npm run bench:fleet — Flotilla against the scripted alternative on the same fleet, side by side:
 * 50 Kubernetes API test servers (BENCH_CLUSTERS) get the example fleet repo's production overlay from Flotilla, and 50 more
 * get it from `kubectl apply --server-side -k` looped over them. Prints the wall time of the first rollout and of a
 * one-line change, and the cluster API calls and database writes of a steady-state pass where nothing changed.
 * Loopback only; every server is stopped at the end.
 */
import 'reflect-metadata';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { parse, stringify } from 'yaml';
import { DataSource } from 'typeorm';
import { ApplicationsService } from '../src/applications/applications.service';
import { ApplicationSetsService } from '../src/applicationsets/application-sets.service';
import { createHub } from '../src/bootstrap';
import { ClustersService } from '../src/clusters/clusters.service';
import { ProjectsService } from '../src/projects/projects.service';
import { ReconcileTriggers } from '../src/reconcile/reconcile.triggers';
import { RevisionPoller } from '../src/reconcile/revision-poller';
import { ReconcileWorker } from '../src/reconcile/reconcile.worker';
import { startKubeApiServer, type KubeApiServer } from '../test/support/kube-api';
import { createGitRepo } from '../test/support/git-repo';
import { createTestDatabase } from '../test/support/test-database';
import { benchHubConfig } from './bench-hub-config';

const run = promisify(execFile);
const CLUSTERS = Number(process.env.BENCH_CLUSTERS ?? 50);
const OVERLAY = 'apps/my-api/overlays/production';
const WRITE_VERBS = ['create', 'update', 'patch', 'apply', 'delete', 'deletecollection'];

const totalCalls = (servers: KubeApiServer[]) => servers.reduce((sum, s) => sum + s.counters.snapshot().total, 0);
const writeCalls = (servers: KubeApiServer[]) => servers.reduce((sum, s) => sum + WRITE_VERBS.reduce((n, verb) => n + s.counters.count({ verb }), 0), 0);
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, performance.now() - started];
}

/** The scripted alternative: one kubectl invocation per cluster, one after another, as a CI job would loop. */
async function kubectlLoop(kubeconfigs: string[], repoDir: string, createNamespace: boolean): Promise<void> {
  for (const kubeconfig of kubeconfigs) {
    if (createNamespace) await run('kubectl', ['--kubeconfig', kubeconfig, 'create', 'namespace', 'production'], { timeout: 60_000 });
    await run('kubectl', ['--kubeconfig', kubeconfig, 'apply', '--server-side', '-k', path.join(repoDir, OVERLAY)], { timeout: 60_000 });
  }
}

async function main(): Promise<void> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'flotilla-bench-fleet-'));
  const repo = createGitRepo({ example: true });
  const database = await createTestDatabase();
  const servers = await Promise.all(Array.from({ length: CLUSTERS }, (_, i) => startKubeApiServer({ name: `flotilla-${i}`, controllerDelayMs: 100 })));
  const kubectlServers = await Promise.all(Array.from({ length: CLUSTERS }, (_, i) => startKubeApiServer({ name: `kubectl-${i}`, controllerDelayMs: 100 })));
  const kubeconfigs = kubectlServers.map((server, i) => {
    const file = path.join(work, `kubeconfig-${i}`);
    fs.writeFileSync(file, server.kubeconfig, { mode: 0o600 });
    return file;
  });
  const app = await createHub(
    benchHubConfig(work, database.url),
  );
  await app.init();
  try {
    const dataSource = app.get(DataSource);
    let dbWrites = 0;
    Object.assign(dataSource, {
      logger: new Proxy(dataSource.logger, {
        get: (target, key) =>
          key === 'logQuery'
            ? (query: string) => {
                if (/^\s*(INSERT|UPDATE|DELETE|WITH\s+\w+\s+AS\s+\(\s*(UPDATE|INSERT|DELETE))/i.test(query)) dbWrites++;
              }
            : Reflect.get(target, key),
      }),
    });
    await app.get(ProjectsService).create(parse(fs.readFileSync(path.join(repo.dir, 'projects/platform.yaml'), 'utf8')));
    for (const [i, server] of servers.entries()) {
      await app.get(ClustersService).register(
        { name: `prod-${String(i).padStart(3, '0')}`, server: server.server, labels: { env: 'production' }, credentials: { bearerToken: server.token }, tls: { caData: server.caData } },
        false,
      );
    }
    const worker = app.get(ReconcileWorker);
    const poller = app.get(RevisionPoller);

    // 1. First rollout: the change queue syncs every application as soon as the set creates it.
    const [, flotillaFirst] = await timed(async () => {
      await app.get(ApplicationSetsService).create(parse(fs.readFileSync(path.join(repo.dir, 'applicationsets/my-api-clusters.yaml'), 'utf8')));
      await app.get(ReconcileTriggers).settled();
    });
    const firstSynced = (await app.get(ApplicationsService).list({ applicationSet: 'my-api-fleet', limit: 1000 })).items.filter((a) => a.status.operationState?.phase === 'Succeeded').length;
    const [, kubectlFirst] = await timed(() => kubectlLoop(kubeconfigs, repo.dir, true));
    // 2. A one-line change (replicas 5 → 6) committed to Git.
    const bump = (replicas: number) => (dir: string) => {
      const file = path.join(dir, OVERLAY, 'patch-replicas.yaml');
      const doc = parse(fs.readFileSync(file, 'utf8')) as { spec: { replicas: number } };
      doc.spec.replicas = replicas;
      fs.writeFileSync(file, stringify(doc));
    };
    repo.commit('production: 6 replicas', bump(6));
    poller.invalidate([`file://${repo.dir}`]);
    const [change, flotillaChange] = await timed(() => worker.runPass());
    const [, kubectlChange] = await timed(() => kubectlLoop(kubeconfigs, repo.dir, false));
    // 3. Steady state: nothing changed anywhere.
    await worker.runPass();
    const [callsBefore, writesBefore, dbBefore] = [totalCalls(servers), writeCalls(servers), dbWrites];
    const [steady, steadyMs] = await timed(() => worker.runPass());
    const steadyCalls = totalCalls(servers) - callsBefore;
    const steadyWrites = writeCalls(servers) - writesBefore;
    const steadyDb = dbWrites - dbBefore;

    console.log(`bench:fleet — ${CLUSTERS} clusters, example overlay ${OVERLAY}, ${database.url ? 'PostgreSQL' : 'embedded PostgreSQL'}, node ${process.version}`);
    console.log(`first rollout:    Flotilla ${seconds(flotillaFirst)} (${firstSynced} synced) | kubectl loop ${seconds(kubectlFirst)} | ${(kubectlFirst / flotillaFirst).toFixed(1)}x`);
    console.log(`one-line change:  Flotilla ${seconds(flotillaChange)} (${change.synced} synced) | kubectl loop ${seconds(kubectlChange)} | ${(kubectlChange / flotillaChange).toFixed(1)}x`);
    console.log(
      `steady-state pass: ${seconds(steadyMs)}, ${steady.applications} applications, ${steadyCalls} cluster API calls (${(steadyCalls / CLUSTERS).toFixed(1)} per cluster), ${steadyWrites} cluster writes, ${steadyDb} database writes`,
    );
  } finally {
    await app.close();
    await Promise.all([...servers, ...kubectlServers].map((server) => server.stop()));
    await database.drop();
    repo.remove();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
