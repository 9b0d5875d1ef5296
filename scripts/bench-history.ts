/**
 * npm run bench:history — the fleet-wide history queries over 1,000,000 sync runs (1,000 clusters, 10,000
 * applications, a year) on PostgreSQL: p50/p95 of each query shape through the service, next to an alternative
 * (the same SQL without the index it was written for, or the textbook query), one pass of each through HTTP, and
 * EXPLAIN (ANALYZE, BUFFERS) of the whole-fleet state and of the slowest shape; first, the exports
 * (`?format=ndjson|csv` of 20,000 and 100,000 runs over HTTP: rows/s and peak memory, next to following the JSON
 * pages). DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres) names the server; the benchmark
 * creates its own database there and drops it. BENCH_HISTORY_CLUSTERS=200 loads a fifth of the fleet;
 * BENCH_HISTORY_ONLY=export stops after the exports.
 */
import 'reflect-metadata';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { createHub } from '../src/bootstrap';
import { FleetHistoryService } from '../src/history/fleet-history.service';
import { createTestDatabase } from '../test/support/test-database';
import { randomKey } from '../test/support/test-hub';
import { CLUSTERS, clusterLabels, clusterName, END, loadHistory, RUNS_PER_APP, seededRandom, SETS, START, TOKENS } from './bench-history-data';
import { EXPORT_HEADER, EXPORT_SIZES, exportLine, measureExports, sinceForRows } from './bench-history-export';
import { type Alternative, type Captured, captureQueries, explain, percentile, timeAlternative } from './bench-history-sql';
import { benchHubConfig } from './bench-hub-config';

process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/postgres';
const ADMIN_TOKEN = `bench-${randomKey('a').slice(2, 30)}`;
const DAY_MS = 24 * 60 * 60 * 1000;
// BENCH_HISTORY_ONLY=export measures the exports alone (with BENCH_HISTORY_CLUSTERS=200, a quick loop while tuning them).
const ONLY_EXPORTS = process.env.BENCH_HISTORY_ONLY === 'export';

/** One query shape: how to ask it through the service, over HTTP, and what to compare it with. */
interface Shape {
  name: string;
  targetMs: number;
  iterations: number;
  /** How many rows every answer must have (a benchmark of empty answers would measure nothing). */
  rows?: number;
  /** The i-th question, through the service; returns how many rows it answered. */
  ask(i: number): Promise<number>;
  http?: string;
  /** Print its plan too (besides the slowest shape's). */
  explain?: boolean;
  alternative?: Alternative;
}

const ms = (value: number | undefined) => (value === undefined ? '—' : value < 10 ? value.toFixed(2) : value.toFixed(0));

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'flotilla-bench-history-'));
  const database = await createTestDatabase();
  const app = await createHub(
    benchHubConfig(dataDir, database.url, { FLOTILLA_ADMIN_TOKEN: ADMIN_TOKEN }),
  );
  await app.listen(0, '127.0.0.1');
  const url = await app.getUrl();
  try {
    const dataSource = app.get(DataSource);
    const captured = captureQueries(dataSource);
    const loadStarted = performance.now();
    const runs = await loadHistory(dataSource, (written) => {
      if (written % 200_000 === 0) console.log(`  loaded ${written.toLocaleString('en')} runs`);
    });
    const loadSeconds = (performance.now() - loadStarted) / 1000;
    // A partitioned table's own size is 0: its partitions hold the rows and the indexes.
    const [{ size, partitions }] = await dataSource.query(`
      SELECT pg_size_pretty(pg_total_relation_size('sync_runs') + coalesce(sum(pg_total_relation_size(inhrelid)), 0)) AS size, count(inhrelid)::int AS partitions
      FROM pg_inherits WHERE inhparent = 'sync_runs'::regclass`);

    console.log(`bench:history — ${runs.toLocaleString('en')} sync runs (${CLUSTERS} clusters × ${SETS} sets × ${RUNS_PER_APP} runs, a year), PostgreSQL ${await serverVersion(dataSource)}, node ${process.version}`);
    console.log(`loaded in ${loadSeconds.toFixed(0)} s (jsonb_to_recordset batches of 10,000, then VACUUM ANALYZE); sync_runs with indexes: ${size}, ${partitions} monthly partitions`);
    console.log(`load average ${os.loadavg().map((load) => load.toFixed(1)).join(' ')} on ${os.cpus().length} cores (other work on the machine shows in the figures)`);
    console.log('');
    await timeHttp(`${url}/api/v1/history?limit=1`); // the first request warms the HTTP stack
    await benchExports(url, dataSource);
    if (ONLY_EXPORTS) return;
    console.log('');

    const service = app.get(FleetHistoryService);
    const random = seededRandom(42);
    const anyOf = <T>(values: readonly T[]) => values[Math.floor(random() * values.length)];
    const someTime = () => new Date(START + 30 * DAY_MS + random() * (END - START - 30 * DAY_MS)).toISOString();
    const someCluster = () => clusterName(Math.floor(random() * CLUSTERS));
    const inputs = <T>(count: number, make: () => T) => Array.from({ length: count }, make);
    const revisions: string[] = (await dataSource.query(`SELECT revision FROM sync_runs TABLESAMPLE SYSTEM (0.1) LIMIT 200`)).map((row: { revision: string }) => row.revision);

    const clusters = inputs(50, someCluster);
    const times = inputs(50, someTime);
    const shortShas = inputs(50, () => anyOf(revisions).slice(0, 7));
    const tokens = inputs(50, () => anyOf(TOKENS));
    const regions = inputs(50, () => clusterLabels(Math.floor(random() * CLUSTERS)).region);
    const page = (query: Record<string, unknown>) => service.list({ selector: undefined, limit: 100, ...query } as never).then((answer) => answer.items.length);
    const windowStarts = inputs(20, () => new Date(START + 30 * DAY_MS + random() * (END - START - 31 * DAY_MS)));

    const shapes: Shape[] = [
      {
        name: 'list page: whole fleet, newest first',
        targetMs: 50,
        iterations: 50,
        rows: 100,
        ask: () => page({}),
        http: '/api/v1/history?limit=100',
        alternative: { name: 'without ix_sync_runs_started', withoutIndex: 'ix_sync_runs_started' },
      },
      {
        name: 'list page: one cluster, second page',
        targetMs: 50,
        iterations: 50,
        ask: async (i) => {
          const first = await service.list({ cluster: clusters[i], limit: 100 } as never);
          return page({ cluster: clusters[i], cursor: first.nextCursor });
        },
        http: `/api/v1/history?cluster=${clusters[0]}&limit=100`,
      },
      {
        name: 'list page: selector env=dev,region=…',
        targetMs: 50,
        iterations: 50,
        ask: (i) => page({ selector: `env=dev,region=${regions[i]}` }),
        http: `/api/v1/history?selector=${encodeURIComponent(`env=dev,region=${regions[0]}`)}&limit=100`,
        alternative: { name: 'without ix_sync_runs_cluster_labels', withoutIndex: 'ix_sync_runs_cluster_labels' },
      },
      {
        name: 'list page: short SHA',
        targetMs: 50,
        iterations: 50,
        ask: (i) => page({ revision: shortShas[i] }),
        http: `/api/v1/history?revision=${shortShas[0]}&limit=100`,
        alternative: { name: 'without ix_sync_runs_revision', withoutIndex: 'ix_sync_runs_revision' },
      },
      {
        name: 'list page: triggeredBy a token',
        targetMs: 50,
        iterations: 50,
        ask: (i) => page({ triggeredBy: tokens[i] }),
        http: `/api/v1/history?triggeredBy=${tokens[0]}&limit=100`,
        alternative: { name: 'without ix_sync_runs_triggered_by', withoutIndex: 'ix_sync_runs_triggered_by' },
      },
      {
        name: 'list page: Failed in one project, a month',
        targetMs: 50,
        iterations: 50,
        ask: (i) => page({ phase: 'Failed', project: 'team-1', since: windowStarts[i % windowStarts.length].toISOString() }),
        http: `/api/v1/history?phase=Failed&project=team-1&since=${windowStarts[0].toISOString()}&limit=100`,
      },
      {
        name: 'state at T: one cluster',
        targetMs: 50,
        iterations: 50,
        rows: SETS,
        ask: (i) => service.state({ at: times[i], cluster: clusters[i], limit: 1000 } as never).then((answer) => answer.items.length),
        http: `/api/v1/history/state?at=${times[0]}&cluster=${clusters[0]}`,
        alternative: { name: "textbook DISTINCT ON over the cluster's runs", sql: (i) => ({ sql: TEXTBOOK_CLUSTER_STATE, parameters: [times[i], clusters[i]] }) },
      },
      {
        name: 'state at T: whole fleet (10,000 rows)',
        targetMs: 500,
        iterations: 20,
        rows: CLUSTERS * SETS,
        explain: true,
        ask: (i) => service.state({ at: times[i], limit: 10_000 } as never).then((answer) => answer.items.length),
        http: `/api/v1/history/state?at=${times[0]}&limit=10000`,
        alternative: { name: 'textbook DISTINCT ON over every run', sql: (i) => ({ sql: TEXTBOOK_STATE, parameters: [times[i]] }) },
      },
      {
        name: 'changes over a day: whole fleet',
        targetMs: 500,
        iterations: 10,
        ask: (i) => service.changes({ from: times[i], to: new Date(Date.parse(times[i]) + DAY_MS).toISOString(), limit: 10_000 } as never).then((answer) => answer.items.length),
        http: `/api/v1/history/changes?from=${times[0]}&to=${new Date(Date.parse(times[0]) + DAY_MS).toISOString()}&limit=10000`,
      },
      {
        name: 'summary by label:env, 30 days',
        targetMs: 500,
        iterations: 20,
        ask: (i) => summary(service, windowStarts[i], 30, 'label:env'),
        http: `/api/v1/history/summary?since=${windowStarts[0].toISOString()}&until=${new Date(windowStarts[0].getTime() + 30 * DAY_MS).toISOString()}&groupBy=label:env`,
        alternative: { name: 'without ix_sync_runs_started', withoutIndex: 'ix_sync_runs_started' },
      },
      {
        name: 'summary by cluster, 30 days',
        targetMs: 500,
        iterations: 10,
        ask: (i) => summary(service, windowStarts[i], 30, 'cluster'),
      },
      {
        name: 'summary by label:env, the whole year',
        targetMs: 500,
        iterations: 5,
        ask: () => summary(service, new Date(START), 365, 'label:env'),
      },
    ];

    console.log(`${'shape'.padEnd(48)} ${'rows'.padStart(6)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'target'.padStart(7)}  | ${'alternative'.padEnd(38)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} | ${'HTTP ms'.padStart(8)}`);
    let slowest: { shape: Shape; p50: number; sql: Captured } | undefined;
    const explained: { shape: Shape; sql: Captured }[] = [];
    for (const shape of shapes) {
      await shape.ask(0); // warm the cache and the plan
      const times: number[] = [];
      const sqls: Captured[] = [];
      let rows = 0;
      for (let i = 0; i < shape.iterations; i++) {
        captured.last = undefined;
        const started = performance.now();
        rows = await shape.ask(i);
        times.push(performance.now() - started);
        if (shape.rows !== undefined && rows !== shape.rows) throw new Error(`${shape.name}: ${rows} rows instead of ${shape.rows}`);
        if (captured.last) sqls.push(captured.last);
      }
      times.sort((a, b) => a - b);
      const [p50, p95] = [percentile(times, 0.5), percentile(times, 0.95)];
      const alternative = shape.alternative ? await timeAlternative(dataSource, shape.alternative, sqls) : undefined;
      const httpMs = shape.http ? await timeHttp(`${url}${shape.http}`) : undefined;
      const verdict = Number.isFinite(shape.targetMs) ? `${p50 <= shape.targetMs && p95 <= shape.targetMs ? 'ok' : 'OVER'} ${shape.targetMs}` : '';
      console.log(
        `${shape.name.padEnd(48)} ${String(rows).padStart(6)} ${ms(p50).padStart(8)} ${ms(p95).padStart(8)} ${verdict.padStart(7)}  | ${(shape.alternative?.name ?? '').padEnd(38)} ${ms(alternative?.p50).padStart(8)} ${ms(alternative?.p95).padStart(8)} | ${ms(httpMs).padStart(8)}`,
      );
      if (Number.isFinite(shape.targetMs) && (!slowest || p50 > slowest.p50) && sqls.length > 0) slowest = { shape, p50, sql: sqls[0] };
      if (shape.explain && sqls.length > 0) explained.push({ shape, sql: sqls[0] });
    }
    if (slowest) explained.push(slowest);
    for (const { shape, sql } of explained) {
      console.log('');
      console.log(`EXPLAIN (ANALYZE, BUFFERS) of ${shape === slowest?.shape ? 'the slowest shape, ' : ''}${shape.name}:`);
      console.log((await explain(dataSource, sql)).join('\n'));
    }
  } finally {
    await app.close();
    await database.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The question "what ran where at $1" as one would first write it: sort every successful run up to then. */
const TEXTBOOK_STATE = `
  SELECT DISTINCT ON (application, cluster) application, cluster, revision, finished_at, id
  FROM sync_runs WHERE phase = 'Succeeded' AND finished_at <= $1
  ORDER BY application, cluster, finished_at DESC`;
/** The same for one cluster ($2): its runs through ix_sync_runs_cluster_started, sorted. */
const TEXTBOOK_CLUSTER_STATE = `
  SELECT DISTINCT ON (application) application, cluster, revision, finished_at, id
  FROM sync_runs WHERE phase = 'Succeeded' AND finished_at <= $1 AND cluster = $2
  ORDER BY application, finished_at DESC`;

/** Each size of export, every way (a warm-up pass first: the first export compiles the code it runs). */
async function benchExports(url: string, dataSource: DataSource): Promise<void> {
  await measureExports(url, ADMIN_TOKEN, await sinceForRows(dataSource, 2000));
  console.log(EXPORT_HEADER);
  for (const size of EXPORT_SIZES) await measureExports(url, ADMIN_TOKEN, await sinceForRows(dataSource, size), (figures) => console.log(exportLine(figures)));
}

function summary(service: FleetHistoryService, since: Date, days: number, groupBy: string): Promise<number> {
  const until = new Date(since.getTime() + days * DAY_MS);
  return service.summary({ since: since.toISOString(), until: until.toISOString(), groupBy } as never).then((answer) => answer.groups.length);
}

async function timeHttp(url: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(url, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });
  await response.text();
  if (!response.ok) throw new Error(`GET ${url}: ${response.status}`);
  return performance.now() - started;
}

async function serverVersion(dataSource: DataSource): Promise<string> {
  const [{ server_version: version }] = await dataSource.query('SHOW server_version');
  return version;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
