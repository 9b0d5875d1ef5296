import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { createHub } from '../src/bootstrap';
import { buildDataSourceOptions } from '../src/database/data-source-options';
import { startEmbeddedPostgres, type EmbeddedEngine } from '../src/database/embedded-postgres';
import { runMigrations } from '../src/database/run-migrations';
import { benchHubConfig } from './bench-hub-config';

/**
 * The two embedded databases side by side: PGlite (WASM in the hub's process, one session, pool of one) and a real
 * PostgreSQL server from the npm-shipped binaries (pool of ten). Each sample runs in a child process of its own (so
 * PGlite's WASM memory and the server's processes are measured alone) on fresh data dirs:
 *  - start on a fresh data dir (initdb included), the hub's migrations on it, and a query workload through `pg`:
 *    BENCH_QUERIES inserts, each followed by a select of its row, all issued at once;
 *  - restart on that data dir, and its (empty) migration pass;
 *  - the whole hub: start to /readyz 200 on a fresh data dir and on the existing one, then its idle memory: RSS and
 *    PSS summed over the hub process and its children (the server's postmaster and backends). PSS splits shared
 *    pages (the server's shared buffers) among the processes mapping them, so the PSS sum is what the tree costs;
 *    the RSS sum counts shared pages once per process.
 * Medians of BENCH_SAMPLES (default 3) samples. `npm run bench:embedded-db`
 */

const ENGINES: EmbeddedEngine[] = ['pglite', 'postgres'];
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 3);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 2_000);
const IDLE_SETTLE_MS = 3_000;

interface Sample {
  freshStartMs: number;
  freshMigrationsMs: number;
  workloadMs: number;
  restartMs: number;
  restartMigrationsMs: number;
  hubFreshReadyMs: number;
  hubRestartReadyMs: number;
  idleRssMb: number;
  idlePssMb: number;
  processes: number;
}

async function measureSample(engine: EmbeddedEngine): Promise<Sample> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `flotilla-bench-db-${engine}-`));
  // As root the server runs as the postgres account, which must pass through this folder to the data dirs.
  fs.chmodSync(root, 0o711);
  try {
    const dir = path.join(root, 'components');
    let started = performance.now();
    const fresh = await startEmbeddedPostgres(dir, { engine });
    const freshStartMs = performance.now() - started;
    const freshMigrationsMs = await migrate(fresh.url, fresh.singleSession);
    const workloadMs = await workload(fresh.url, fresh.singleSession ? 1 : 10);
    await fresh.stop();

    started = performance.now();
    const restarted = await startEmbeddedPostgres(dir, { engine });
    const restartMs = performance.now() - started;
    const restartMigrationsMs = await migrate(restarted.url, restarted.singleSession);
    await restarted.stop();

    const hubDir = path.join(root, 'hub');
    const hubFreshReadyMs = (await startHubToReady(hubDir, engine, async () => undefined)).readyMs;
    let memory = { rssMb: 0, pssMb: 0, processes: 0 };
    const hubRestartReadyMs = (
      await startHubToReady(hubDir, engine, async () => {
        await new Promise((resolve) => setTimeout(resolve, IDLE_SETTLE_MS));
        memory = treeMemory(process.pid);
      })
    ).readyMs;
    return { freshStartMs, freshMigrationsMs, workloadMs, restartMs, restartMigrationsMs, hubFreshReadyMs, hubRestartReadyMs, idleRssMb: memory.rssMb, idlePssMb: memory.pssMb, processes: memory.processes };
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

/** The hub's own migration step: a TypeORM data source with the hub's options, then run-migrations. */
async function migrate(url: string, singleSession: boolean): Promise<number> {
  const started = performance.now();
  const dataSource = await new DataSource(buildDataSourceOptions({ url, embedded: true, singleSession }, 10)).initialize();
  await runMigrations(dataSource, singleSession);
  const elapsed = performance.now() - started;
  await dataSource.destroy();
  return elapsed;
}

async function workload(url: string, poolSize: number): Promise<number> {
  const pool = new Pool({ connectionString: url, max: poolSize });
  // A session still closing when the server stops right after is told so; that is not a workload failure.
  pool.on('error', () => undefined);
  try {
    await pool.query('CREATE TABLE bench_rows (id bigserial PRIMARY KEY, name text NOT NULL, body jsonb NOT NULL)');
    const started = performance.now();
    await Promise.all(
      Array.from({ length: QUERIES }, async (_, index) => {
        const body = { index, labels: { env: index % 2 ? 'prod' : 'staging' }, note: 'x'.repeat(200) };
        const inserted = await pool.query<{ id: string }>('INSERT INTO bench_rows (name, body) VALUES ($1, $2) RETURNING id', [`row-${index}`, body]);
        const read = await pool.query<{ name: string }>('SELECT name, body FROM bench_rows WHERE id = $1', [inserted.rows[0].id]);
        if (read.rows[0]?.name !== `row-${index}`) throw new Error(`row ${index} read back as ${read.rows[0]?.name}`);
      }),
    );
    return performance.now() - started;
  } finally {
    await pool.end();
  }
}

async function startHubToReady(dataDir: string, engine: EmbeddedEngine, whileUp: () => Promise<void>): Promise<{ readyMs: number }> {
  const started = performance.now();
  const config = benchHubConfig(dataDir, undefined, { EMBEDDED_DATABASE: engine, LOG_LEVEL: 'silent' });
  const app = await createHub(config);
  try {
    await app.listen(0, '127.0.0.1');
    const url = await app.getUrl();
    for (;;) {
      const response = await fetch(`${url}/readyz`).catch(() => undefined);
      if (response?.status === 200) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const readyMs = performance.now() - started;
    await whileUp();
    return { readyMs };
  } finally {
    await app.close();
  }
}

/** RSS and PSS (MiB) summed over a process and all its descendants. */
function treeMemory(rootPid: number): { rssMb: number; pssMb: number; processes: number } {
  const pids = [rootPid, ...descendants(rootPid)];
  let rssKb = 0;
  let pssKb = 0;
  for (const pid of pids) {
    rssKb += kbField(`/proc/${pid}/status`, 'VmRSS');
    pssKb += kbField(`/proc/${pid}/smaps_rollup`, 'Pss');
  }
  return { rssMb: rssKb / 1024, pssMb: pssKb / 1024, processes: pids.length };
}

function descendants(pid: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The parent pid is the second field after the parenthesised command name, which may itself hold spaces.
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // the process ended meanwhile
    }
  }
  const below = (parent: number): number[] =>
    [...parents].filter(([, ppid]) => ppid === parent).flatMap(([child]) => [child, ...below(child)]);
  return below(pid);
}

function kbField(file: string, field: string): number {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(fs.readFileSync(file, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0; // the process ended meanwhile, or smaps_rollup is not readable for it
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main(): Promise<void> {
  const child = process.argv.indexOf('--sample');
  if (child !== -1) {
    const sample = await measureSample(process.argv[child + 1] as EmbeddedEngine);
    process.stdout.write(`${JSON.stringify(sample)}\n`);
    return;
  }
  console.log(`bench:embedded-db: ${SAMPLES} samples per engine, ${QUERIES} insert+select pairs; ${os.cpus().length} cores, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  const results = new Map<EmbeddedEngine, Sample[]>(ENGINES.map((engine) => [engine, []]));
  // Alternating engines, so a change in the machine's load falls on both.
  for (let index = 0; index < SAMPLES; index++) {
    for (const engine of ENGINES) {
      const output = execFileSync(process.execPath, [path.resolve(__dirname, 'run-ts.mjs'), __filename, '--sample', engine], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 16 * 1024 * 1024 });
      const sample = JSON.parse(output.trim().split('\n').pop()!) as Sample;
      results.get(engine)!.push(sample);
      console.log(`  sample ${index + 1} ${engine}: ${JSON.stringify(Object.fromEntries(Object.entries(sample).map(([key, value]) => [key, Math.round(value)])))}`);
    }
  }
  const rows: [string, keyof Sample, string][] = [
    ['start, fresh data dir (initdb)', 'freshStartMs', 'ms'],
    ['migrations, fresh database', 'freshMigrationsMs', 'ms'],
    ['restart, existing data dir', 'restartMs', 'ms'],
    ['migrations, nothing pending', 'restartMigrationsMs', 'ms'],
    [`${QUERIES} insert+select, all at once`, 'workloadMs', 'ms'],
    ['hub start to /readyz 200, fresh data dir', 'hubFreshReadyMs', 'ms'],
    ['hub start to /readyz 200, restart', 'hubRestartReadyMs', 'ms'],
    ['hub idle, RSS summed over its process tree', 'idleRssMb', 'MiB'],
    ['hub idle, PSS summed over its process tree', 'idlePssMb', 'MiB'],
    ['processes in the tree', 'processes', ''],
  ];
  const header = `| figure (median of ${SAMPLES}) | PGlite (pool 1) | PostgreSQL server (pool 10) |`;
  console.log(`\n${header}\n| --- | ---: | ---: |`);
  for (const [label, key, unit] of rows) {
    const cells = ENGINES.map((engine) => `${Math.round(median(results.get(engine)!.map((sample) => sample[key])))}${unit ? ` ${unit}` : ''}`);
    console.log(`| ${label} | ${cells.join(' | ')} |`);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
