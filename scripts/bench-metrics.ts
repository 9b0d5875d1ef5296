/**
 * `npm run bench:metrics` — what a Prometheus scrape of `/metrics` costs with 10,000 applications in the shards a
 * replica holds, side by side with the alternative of computing `flotilla_app_info` by a query at scrape time.
 *
 * The hub's way: the reconcile pass hands the rows it read anyway to an info index, status writes update single
 * entries, and a scrape only prints. The alternative: a gauge whose collect() selects the applications' names and
 * statuses and rebuilds itself on every scrape (with N replicas, N such queries per scrape interval).
 */
import 'reflect-metadata';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Gauge, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { createHub } from '../src/bootstrap';
import { MetricsService } from '../src/metrics/metrics.service';
import { appInfoOf } from '../src/reconcile/application-status';
import { ApplicationRepository } from '../src/repositories/application.repository';
import { createTestDatabase } from '../test/support/test-database';
import { benchHubConfig } from './bench-hub-config';

const APPLICATIONS = Number(process.env.BENCH_APPLICATIONS ?? 10_000);
const CLUSTERS = 100;
const SCRAPES = 30;
const HEALTH = ['Healthy', 'Healthy', 'Healthy', 'Progressing', 'Degraded', 'Missing'];

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const started = performance.now();
  const result = await work();
  return { ms: performance.now() - started, result };
}

async function scrapeTimes(scrape: () => Promise<string>): Promise<{ median: number; p95: number; bytes: number }> {
  await scrape();
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < SCRAPES; i++) {
    const { ms, result } = await timed(scrape);
    times.push(ms);
    bytes = Buffer.byteLength(result);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], p95: times[Math.ceil(times.length * 0.95) - 1], bytes };
}

const ms = (value: number) => `${value.toFixed(1)} ms`;

async function seed(dataSource: DataSource): Promise<void> {
  // Rows shaped like an ApplicationSet's: a manifest of a few hundred bytes, a status with resources.
  await dataSource.query(
    `INSERT INTO applications (name, application_set, origin, cluster, project, labels, manifest, status, fingerprint)
     SELECT 'app-' || i, 'set-' || (i % 50), 'ApplicationSet', 'cluster-' || (i % ${CLUSTERS}), 'platform', '{"team":"payments"}'::jsonb,
            jsonb_build_object('apiVersion', 'argoproj.io/v1alpha1', 'kind', 'Application', 'metadata', jsonb_build_object('name', 'app-' || i),
              'spec', jsonb_build_object('project', 'platform', 'source', jsonb_build_object('repoURL', 'https://git.local/fleet.git', 'path', 'apps/app-' || (i % 50) || '/overlays/production', 'targetRevision', 'main'),
                'destination', jsonb_build_object('name', 'cluster-' || (i % ${CLUSTERS}), 'namespace', 'app-' || i), 'syncPolicy', jsonb_build_object('automated', jsonb_build_object('prune', true)))),
            jsonb_build_object('sync', jsonb_build_object('status', CASE WHEN i % 10 = 0 THEN 'OutOfSync' ELSE 'Synced' END, 'revision', md5(i::text) || md5((i + 1)::text)),
              'health', jsonb_build_object('status', (ARRAY['${HEALTH.join("','")}'])[1 + i % ${HEALTH.length}]),
              'conditions', '[]'::jsonb,
              'resources', jsonb_build_array(jsonb_build_object('kind', 'Deployment', 'name', 'app-' || i, 'status', 'Synced'), jsonb_build_object('kind', 'Service', 'name', 'app-' || i, 'status', 'Synced'))),
            'f' || i
       FROM generate_series(1, ${APPLICATIONS}) AS i`,
  );
}

/** The alternative: flotilla_app_info rebuilt from a query on every scrape. */
function queryAtScrapeRegistry(dataSource: DataSource): Registry {
  const registry = new Registry();
  new Gauge({
    name: 'flotilla_app_info',
    help: 'Applications with their sync and health status (value 1)',
    labelNames: ['name', 'project', 'application_set', 'cluster', 'sync_status', 'health_status'],
    registers: [registry],
    async collect() {
      const rows: { name: string; project: string; application_set: string | null; cluster: string; sync_status: string; health_status: string }[] = await dataSource.query(
        `SELECT name, project, application_set, cluster, status->'sync'->>'status' AS sync_status, status->'health'->>'status' AS health_status FROM applications`,
      );
      this.reset();
      for (const row of rows) this.set({ ...row, application_set: row.application_set ?? '' }, 1);
    },
  });
  return registry;
}

async function main(): Promise<void> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'flotilla-bench-metrics-'));
  const database = await createTestDatabase();
  const app = await createHub(benchHubConfig(work, database.url, { SHARD_COUNT: '1' }));
  await app.listen(0, '127.0.0.1');
  try {
    const url = `${await app.getUrl()}/metrics`;
    const metrics = app.get(MetricsService);
    const dataSource = app.get(DataSource);
    const httpScrape = async () => (await fetch(url)).text();
    const empty = await scrapeTimes(httpScrape);

    await seed(dataSource);
    const clusters = Array.from({ length: CLUSTERS }, (_, i) => `cluster-${i}`);
    // What a reconcile pass does anyway (read its clusters' rows), and what it adds for the metrics (the index).
    const read = await timed(() => app.get(ApplicationRepository).listForClusters(clusters));
    const indexed = await timed(async () => metrics.replaceApplications(read.result.map((row) => appInfoOf(row, row.status))));
    const again = await timed(async () => metrics.replaceApplications(read.result.map((row) => appInfoOf(row, row.status))));
    const changes = await timed(async () => {
      for (const row of read.result) metrics.applicationChanged(appInfoOf(row, { ...row.status, health: { status: 'Degraded' } }));
    });
    const hub = await scrapeTimes(httpScrape);
    const inProcess = await scrapeTimes(() => metrics.scrape());
    const alternative = await scrapeTimes(() => queryAtScrapeRegistry(dataSource).metrics());
    const series = (await metrics.scrape()).split('\n').filter((line) => line.startsWith('flotilla_app_info{')).length;

    console.log(`bench:metrics — ${read.result.length} applications on ${CLUSTERS} clusters (${series} flotilla_app_info series), ${database.url ? 'PostgreSQL' : 'embedded PostgreSQL'}, node ${process.version}, ${SCRAPES} scrapes each`);
    console.log(`hub /metrics over HTTP, no applications:      median ${ms(empty.median)}, p95 ${ms(empty.p95)}, ${(empty.bytes / 1024).toFixed(0)} KiB`);
    console.log(`hub /metrics over HTTP, ${read.result.length} applications: median ${ms(hub.median)}, p95 ${ms(hub.p95)}, ${(hub.bytes / 1024).toFixed(0)} KiB`);
    console.log(`hub scrape() in process (every metric):       median ${ms(inProcess.median)}, p95 ${ms(inProcess.p95)}`);
    console.log(`alternative: app_info by a query per scrape:  median ${ms(alternative.median)}, p95 ${ms(alternative.p95)} (app_info alone, plus a database query per scrape per replica)`);
    console.log(`index upkeep: first fill ${ms(indexed.ms)}, an unchanged pass ${ms(again.ms)} (the pass's own row read: ${ms(read.ms)}), ${read.result.length} status changes ${ms(changes.ms)} (${((changes.ms * 1000) / read.result.length).toFixed(1)} µs each)`);
  } finally {
    await app.close();
    await database.drop();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
