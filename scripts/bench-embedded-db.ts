import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../src/database/data-source-options';
import { startEmbeddedPostgres, type EmbeddedEngine } from '../src/database/embedded-postgres';
import { runMigrations } from '../src/database/run-migrations';
import { freePort } from '../test/support/test-hub';
import { benchHubEnvironment } from './bench-hub-config';

/**
 * The two embedded databases side by side: PGlite (WASM in the hub's process, one session, pool of one) and a real
 * PostgreSQL server from the npm-shipped binaries (pool of ten). Each sample runs in a child process of its own (so
 * PGlite's WASM memory and the server's processes are measured alone) on fresh data dirs:
 *  - start on a fresh data dir (initdb included), the hub's migrations on it, and a query workload through `pg`:
 *    BENCH_QUERIES inserts, each followed by a select of its row, all issued at once;
 *  - restart on that data dir, and its (empty) migration pass;
 *  - the whole hub as `npm start` runs it (`node dist/src/start.js`, the bundle, built first): from spawn to /readyz
 *    200 on a fresh data dir (no code cache yet) and on the existing one (with the cache the first start left), and
 *    beside it the unbundled hub (`node dist/src/main.js`) restarting on the same data dir; then the bundled hub's idle
 *    memory: RSS and PSS summed over its process and its children (the server's postmaster and backends). PSS splits
 *    shared pages (the server's shared buffers) among the processes mapping them, so the PSS sum is what the tree
 *    costs; the RSS sum counts shared pages once per process.
 * With DATABASE_URL set, also the hub process alone on that PostgreSQL server: its RSS 5 s after /readyz, bundled (as
 * `npm start` runs it, with its code cache) and unbundled.
 * Medians of BENCH_SAMPLES (default 3) samples. `npm run bench:embedded-db`
 */

const ENGINES: EmbeddedEngine[] = ['pglite', 'postgres'];
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 3);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 2_000);
const IDLE_SETTLE_MS = 3_000;
/** How long after /readyz the hub's RSS is read on an external database (issue 15's "idle" figure). */
const EXTERNAL_IDLE_MS = 5_000;
const REPO = path.resolve(__dirname, '..');
/** What `npm start` runs; the bench builds it first. */
const HUB_ENTRY = path.join(REPO, 'dist/src/start.js');
/** Where src/start.ts keeps the bundled hub's V8 code cache. */
const CODE_CACHE_DIR = path.join(REPO, 'node_modules/.cache/flotilla');
/** The hub as `nest build` compiles it, one module file per source file: the alternative to the bundle. */
const UNBUNDLED_ENTRY = path.join(REPO, 'dist/src/main.js');

interface Sample {
  freshStartMs: number;
  freshMigrationsMs: number;
  workloadMs: number;
  restartMs: number;
  restartMigrationsMs: number;
  hubFreshReadyMs: number;
  hubRestartReadyMs: number;
  hubRestartUnbundledMs: number;
  idleRssMb: number;
  idlePssMb: number;
  processes: number;
}

async function measureSample(engine: EmbeddedEngine, sampleIndex: number): Promise<Sample> {
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
    // As after `npm ci && npm start`: the first start finds no code cache and writes one 10 s in; the restart uses it.
    fs.rmSync(CODE_CACHE_DIR, { recursive: true, force: true });
    const hubFreshReadyMs = (await startHubToReady(hubDir, engine, () => codeCacheWritten())).readyMs;
    let memory = { rssMb: 0, pssMb: 0, processes: 0 };
    const bundledRestart = async () =>
      (
        await startHubToReady(hubDir, engine, async (pid) => {
          await pause(IDLE_SETTLE_MS);
          memory = treeMemory(pid);
        })
      ).readyMs;
    const unbundledRestart = async () => (await startHubToReady(hubDir, engine, async () => undefined, UNBUNDLED_ENTRY)).readyMs;
    // Which restart goes first alternates between samples, so neither always finds the warmer page cache.
    const unbundledFirst = sampleIndex % 2 === 1;
    let hubRestartUnbundledMs = unbundledFirst ? await unbundledRestart() : Number.NaN;
    const hubRestartReadyMs = await bundledRestart();
    if (!unbundledFirst) hubRestartUnbundledMs = await unbundledRestart();
    return { freshStartMs, freshMigrationsMs, workloadMs, restartMs, restartMigrationsMs, hubFreshReadyMs, hubRestartReadyMs, hubRestartUnbundledMs, idleRssMb: memory.rssMb, idlePssMb: memory.pssMb, processes: memory.processes };
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

/**
 * The hub as `npm start` runs it: `node dist/src/start.js` in a process of its own, timed from spawn to /readyz 200 (so
 * loading its modules counts), then `whileUp` (given its pid), then stopped as a user's Ctrl-C stops it.
 */
async function startHubToReady(dataDir: string, engine: EmbeddedEngine | { databaseUrl: string }, whileUp: (pid: number) => Promise<void>, entry = HUB_ENTRY): Promise<{ readyMs: number }> {
  const port = await freePort();
  const started = performance.now();
  const database: Record<string, string> = typeof engine === 'string' ? { EMBEDDED_DATABASE: engine } : { DATABASE_URL: engine.databaseUrl };
  const hub = spawn(process.execPath, [entry], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...benchHubEnvironment(dataDir, undefined, { LOG_LEVEL: 'silent', ...database }), PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => hub.once('exit', resolve));
  try {
    for (;;) {
      const response = await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined);
      if (response?.status === 200) break;
      if (hub.exitCode !== null) throw new Error(`the hub exited with code ${hub.exitCode} before it was ready`);
      await pause(10);
    }
    const readyMs = performance.now() - started;
    await whileUp(hub.pid!);
    return { readyMs };
  } finally {
    hub.kill('SIGINT');
    await exited;
  }
}

async function codeCacheWritten(): Promise<void> {
  const written = () => fs.existsSync(CODE_CACHE_DIR) && fs.readdirSync(CODE_CACHE_DIR).some((name) => name.endsWith('.v8'));
  for (let waited = 0; !written(); waited += 100) {
    if (waited > 30_000) throw new Error(`the hub wrote no code cache in ${CODE_CACHE_DIR} in 30 s`);
    await pause(100);
  }
}

/** How long `node` takes to load the hub's modules unbundled (requiring the root module runs no Nest code yet). */
function moduleLoadMs(): number {
  const script = `const started = performance.now(); require(${JSON.stringify(path.resolve(REPO, 'dist/src/app.module'))}); console.log(performance.now() - started);`;
  return Number(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }).trim());
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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

/**
 * With DATABASE_URL: the hub alone on an external PostgreSQL (a fresh database each start), its process's RSS 5 s after
 * /readyz, as `npm start` runs it (the code cache written by a first start) and unbundled, alternating.
 */
async function externalIdleRss(serverUrl: string): Promise<{ bundledMb: number[]; unbundledMb: number[] }> {
  const admin = new Pool({ connectionString: serverUrl, max: 1 });
  const measured = { bundledMb: [] as number[], unbundledMb: [] as number[] };
  try {
    for (let index = 0; index <= SAMPLES; index++) {
      for (const entry of index % 2 === 0 ? [HUB_ENTRY, UNBUNDLED_ENTRY] : [UNBUNDLED_ENTRY, HUB_ENTRY]) {
        const name = `flotilla_idle_${process.pid}_${index}_${entry === HUB_ENTRY ? 'b' : 'u'}`;
        await admin.query(`CREATE DATABASE ${name}`);
        const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'flotilla-bench-idle-'));
        try {
          const url = new URL(serverUrl);
          url.pathname = `/${name}`;
          await startHubToReady(dataDir, { databaseUrl: url.toString() }, async (pid) => {
            // The first bundled start only writes the code cache a user's later starts read: not counted.
            if (index === 0) return entry === HUB_ENTRY ? codeCacheWritten() : undefined;
            await pause(EXTERNAL_IDLE_MS);
            (entry === HUB_ENTRY ? measured.bundledMb : measured.unbundledMb).push(kbField(`/proc/${pid}/status`, 'VmRSS') / 1024);
          }, entry);
        } finally {
          fs.rmSync(dataDir, { recursive: true, force: true });
          await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
        }
      }
    }
  } finally {
    await admin.end();
  }
  return measured;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main(): Promise<void> {
  const child = process.argv.indexOf('--sample');
  if (child !== -1) {
    const sample = await measureSample(process.argv[child + 1] as EmbeddedEngine, Number(process.argv[child + 2]));
    process.stdout.write(`${JSON.stringify(sample)}\n`);
    return;
  }
  // The hub is measured as `npm start` runs it: from the compiled output of the checkout as it is now.
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: REPO, stdio: 'inherit' });
  console.log(`bench:embedded-db: ${SAMPLES} samples per engine, ${QUERIES} insert+select pairs; ${os.cpus().length} cores, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  const results = new Map<EmbeddedEngine, Sample[]>(ENGINES.map((engine) => [engine, []]));
  // Alternating engines, so a change in the machine's load falls on both.
  for (let index = 0; index < SAMPLES; index++) {
    for (const engine of ENGINES) {
      const output = execFileSync(process.execPath, [path.resolve(__dirname, 'run-ts.mjs'), __filename, '--sample', engine, String(index)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 16 * 1024 * 1024 });
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
    ['the same restart, unbundled (dist/src/main.js)', 'hubRestartUnbundledMs', 'ms'],
    ['hub idle, RSS summed over its process tree', 'idleRssMb', 'MiB'],
    ['hub idle, PSS summed over its process tree', 'idlePssMb', 'MiB'],
    ['processes in the tree', 'processes', ''],
  ];
  const loads = Array.from({ length: SAMPLES }, moduleLoadMs);
  console.log(`\nFor comparison: node loads the hub's modules unbundled (dist/src/app.module, no code cache) in ${Math.round(median(loads))} ms (median of ${SAMPLES}).`);
  const header = `| figure (median of ${SAMPLES}) | PGlite (pool 1) | PostgreSQL server (pool 10) |`;
  console.log(`\n${header}\n| --- | ---: | ---: |`);
  for (const [label, key, unit] of rows) {
    const cells = ENGINES.map((engine) => `${Math.round(median(results.get(engine)!.map((sample) => sample[key])))}${unit ? ` ${unit}` : ''}`);
    console.log(`| ${label} | ${cells.join(' | ')} |`);
  }
  if (process.env.DATABASE_URL) {
    fs.rmSync(CODE_CACHE_DIR, { recursive: true, force: true });
    const idle = await externalIdleRss(process.env.DATABASE_URL);
    const show = (values: number[]) => `${median(values).toFixed(1)} MiB (${values.map((v) => v.toFixed(1)).join(', ')})`;
    console.log(`\nHub process RSS ${EXTERNAL_IDLE_MS / 1000} s after /readyz on an external PostgreSQL (median of ${SAMPLES}): npm start ${show(idle.bundledMb)}; unbundled ${show(idle.unbundledMb)}`);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
