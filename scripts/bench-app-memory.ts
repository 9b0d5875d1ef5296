import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort } from '../test/support/test-hub';
import { startClusterProcesses, type ClusterProcesses } from './bench-cluster-processes';
import { benchHubEnvironment } from './bench-hub-config';

/**
 * What an application costs the hub in memory at rest: the built hub (`npm start`'s dist/src/start.js, built first,
 * without its code cache, so both readings start alike) on DATABASE_URL's PostgreSQL (a database of its own) or,
 * unset, its embedded one (whose server processes are not counted); one registered cluster (a loopback port nothing
 * listens on); the hub process's RSS (VmRSS) and heap in use (its /metrics) at rest before, and again at rest once an
 * ApplicationSet's BENCH_APPS applications (default 10,000) were reconciled and no reconcile ran for 10 s. Every
 * reconcile fails (nothing answers), so each application holds a ComparisonError condition; the template has no
 * syncPolicy, so nothing is retried. The RSS after includes what the allocator and V8 kept from the busy peak.
 * Then BENCH_CLUSTERS (default 1,000) reachable clusters, Kubernetes API test servers in two child processes, are
 * registered over REST with `?check=true` (each contacted once, so the hub holds its client, agent and TLS context),
 * and the hub is read 5 s after the last registration, then at rest: the median RSS of a reading a second over 75 s,
 * which takes in one of its scheduled connectivity passes (every CLUSTER_CHECK_INTERVAL_SECONDS, 60 s) as in service,
 * with /metrics read every 15 s as Prometheus would. Each state is also read 'held': after V8 collected all garbage
 * (through the hub's inspector, on loopback), which leaves out what V8 has not yet given back — a young generation grown
 * by a burst, old garbage awaiting a full collection — so the per-application and per-cluster figures do not swing
 * with when V8's memory reducer last ran.
 * `npm run bench:app-memory`
 */

const APPS = Number(process.env.BENCH_APPS ?? 10_000);
const CLUSTERS = Number(process.env.BENCH_CLUSTERS ?? 1_000);
/** Quiet time before each reading, so V8's memory reducer has run (it did between 30 and 90 s after activity). */
const REST_MS = Number(process.env.BENCH_REST_SECONDS ?? 45) * 1000;
const REPO = path.resolve(__dirname, '..');
/** How often the hub's /metrics is read at rest with the clusters: a usual Prometheus scrape interval. */
const SCRAPE_EVERY_SECONDS = 15;
const UNREACHABLE = 'https://127.0.0.1:1';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main(): Promise<void> {
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: REPO, stdio: 'inherit' });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'flotilla-bench-app-memory-'));
  fs.chmodSync(dataDir, 0o711);
  const database = process.env.DATABASE_URL ? await createDatabase(process.env.DATABASE_URL) : undefined;
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  // With its inspector on loopback, so the bench can have V8 collect the garbage before a 'held' reading.
  const hub = spawn(process.execPath, ['--inspect=127.0.0.1:0', path.join(REPO, 'dist/src/start.js')], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...benchHubEnvironment(dataDir, database?.url, { LOG_LEVEL: 'warn', FLOTILLA_CODE_CACHE: 'off', CLUSTER_CHECK_ENABLED: 'true' }), PORT: String(port) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const exited = new Promise((resolve) => hub.once('exit', resolve));
  const inspector = inspectorOf(hub.stderr);
  // A hub that exits first fails the bench at its first 'held' reading, inside the clean-up below.
  inspector.catch(() => undefined);
  let fleet: ClusterProcesses | undefined;
  try {
    while ((await fetch(`${base}/readyz`).catch(() => undefined))?.status !== 200) await pause(50);
    const token = fs.readFileSync(path.join(dataDir, 'admin-token'), 'utf8').trim();
    const call = (method: string, route: string, body?: unknown) =>
      fetch(`${base}${route}`, { method, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    const metric = async (pattern: RegExp) => Number(pattern.exec(await (await call('GET', '/metrics')).text())?.[1] ?? Number.NaN);
    const rssMiB = () => Number(/^VmRSS:\s+(\d+) kB$/m.exec(fs.readFileSync(`/proc/${hub.pid}/status`, 'utf8'))![1]) / 1024;
    const memory = async () => ({ rssMiB: rssMiB(), heapMiB: (await metric(/^nodejs_heap_size_used_bytes (\S+)$/m)) / 1048576 });
    /** What the hub holds: read a second after V8 collected all garbage (twice: the first run frees what weak references kept). */
    const held = async () => {
      await collectGarbage(await inspector);
      await collectGarbage(await inspector);
      await pause(1_000);
      return memory();
    };
    const reconciles = () => metric(/^flotilla_reconcile_duration_seconds_count\{scope="application"\} (\S+)$/m);

    const cluster = await call('POST', '/api/v1/clusters', { name: 'target', server: UNREACHABLE, labels: { env: 'staging' }, credentials: { bearerToken: 'bench-app-memory' } });
    if (cluster.status !== 201) throw new Error(`registering the cluster: ${cluster.status} ${await cluster.text()}`);
    // V8's memory reducer shrinks what start-up left between 30 and 90 s after it: read before that, the hub at rest
    // without applications looked bigger than with 10,000 (a negative figure per application).
    await pause(Math.max(REST_MS, 90_000));
    const before = await memory();
    const heldBefore = await held();
    const elements = Array.from({ length: APPS }, (_, index) => ({ name: `a${index}` }));
    const set = await call('POST', '/api/v1/applicationsets', {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'ApplicationSet',
      metadata: { name: 'memory' },
      spec: {
        generators: [{ list: { elements } }],
        template: {
          metadata: { name: 'memory-{{name}}' },
          spec: { project: 'default', source: { repoURL: `${UNREACHABLE}/fleet.git`, targetRevision: 'main', path: 'apps/{{name}}' }, destination: { server: UNREACHABLE, namespace: 'default' } },
        },
      },
    });
    if (set.status !== 201) throw new Error(`creating the ApplicationSet: ${set.status} ${(await set.text()).slice(0, 500)}`);
    // Busy until every application was reconciled and no reconcile ran for 10 s.
    const started = performance.now();
    let peak = before;
    for (let last = -1; ; ) {
      await pause(10_000);
      const now = await reconciles();
      const sample = await memory();
      if (sample.rssMiB > peak.rssMiB) peak = sample;
      if (now >= APPS && now === last) break;
      last = now;
    }
    const busySeconds = (performance.now() - started) / 1000;
    await pause(REST_MS);
    const after = await memory();
    const heldAfter = await held();
    const perApp = (mib: number) => `${Math.round((mib * 1048576) / APPS)} B`;
    const reconciled = await reconciles();

    // The same hub with CLUSTERS reachable clusters more.
    fleet = await startClusterProcesses({ count: CLUSTERS, processes: Math.min(2, CLUSTERS), prefix: 'memory', controllerDelayMs: 0 });
    for (const [i, server] of fleet.servers.entries()) {
      const registered = await call('POST', '/api/v1/clusters?check=true', { name: `memory-${i}`, server: server.server, credentials: { bearerToken: server.token }, tls: { caData: server.caData } });
      if (registered.status !== 201) throw new Error(`registering cluster ${i}: ${registered.status} ${await registered.text()}`);
    }
    await pause(5_000);
    const registeredNow = await memory();
    await pause(REST_MS);
    // At rest the hub still checks every cluster once a minute (jittered by up to 20 %): the median of one RSS reading
    // a second over 75 s, so a reading is neither only the quiet between passes nor only a pass. The heap is read from
    // /metrics every 15 s, as a Prometheus server scrapes: a scrape renders every cluster's series (megabytes of
    // garbage at 1,000 clusters), and one a second made the young generation the bench's largest figure.
    const rssSamples: number[] = [];
    const heapSamples: number[] = [];
    for (let second = 0; second < 75; second++) {
      rssSamples.push(rssMiB());
      if (second % SCRAPE_EVERY_SECONDS === 0) heapSamples.push((await memory()).heapMiB);
      await pause(1_000);
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
    const withClusters = { rssMiB: median(rssSamples), heapMiB: median(heapSamples) };
    const highest = Math.max(...rssSamples);
    const heldWithClusters = await held();
    const perThousand = (mib: number) => `${((mib * 1000) / CLUSTERS).toFixed(1)} MiB`;

    console.log(`bench:app-memory — ${APPS} applications on one unreachable cluster, then ${CLUSTERS} reachable clusters; ${database ? 'external PostgreSQL' : 'embedded PostgreSQL'}, node ${process.version}`);
    console.log(`reconciled for ${busySeconds.toFixed(0)} s, ${reconciled} reconciles; peak RSS while busy ${peak.rssMiB.toFixed(1)} MiB`);
    console.log('| at rest | hub RSS | heap in use |');
    console.log('| --- | ---: | ---: |');
    console.log(`| one cluster, no application | ${before.rssMiB.toFixed(1)} MiB | ${before.heapMiB.toFixed(1)} MiB |`);
    console.log(`| ${APPS} applications | ${after.rssMiB.toFixed(1)} MiB | ${after.heapMiB.toFixed(1)} MiB |`);
    console.log(`| per application | ${perApp(after.rssMiB - before.rssMiB)} | ${perApp(after.heapMiB - before.heapMiB)} |`);
    console.log(`| ${CLUSTERS} clusters more, 5 s after the last registration | ${registeredNow.rssMiB.toFixed(1)} MiB | ${registeredNow.heapMiB.toFixed(1)} MiB |`);
    console.log(`| ${CLUSTERS} clusters more, at rest (median over 75 s; RSS at most ${highest.toFixed(1)} MiB) | ${withClusters.rssMiB.toFixed(1)} MiB | ${withClusters.heapMiB.toFixed(1)} MiB |`);
    console.log(`| per 1,000 clusters, at rest | ${perThousand(withClusters.rssMiB - after.rssMiB)} | ${perThousand(withClusters.heapMiB - after.heapMiB)} |`);
    console.log('| held: read after V8 collected the garbage | hub RSS | heap in use |');
    console.log(`| one cluster, no application | ${heldBefore.rssMiB.toFixed(1)} MiB | ${heldBefore.heapMiB.toFixed(1)} MiB |`);
    console.log(`| ${APPS} applications | ${heldAfter.rssMiB.toFixed(1)} MiB | ${heldAfter.heapMiB.toFixed(1)} MiB |`);
    console.log(`| per application | ${perApp(heldAfter.rssMiB - heldBefore.rssMiB)} | ${perApp(heldAfter.heapMiB - heldBefore.heapMiB)} |`);
    console.log(`| ${CLUSTERS} clusters more | ${heldWithClusters.rssMiB.toFixed(1)} MiB | ${heldWithClusters.heapMiB.toFixed(1)} MiB |`);
    console.log(`| per 1,000 clusters | ${perThousand(heldWithClusters.rssMiB - heldAfter.rssMiB)} | ${perThousand(heldWithClusters.heapMiB - heldAfter.heapMiB)} |`);
  } finally {
    hub.kill('SIGINT');
    await exited;
    await fleet?.stop();
    await database?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The hub's inspector address, from its first lines on stderr; the rest of stderr goes on to the bench's. */
function inspectorOf(stderr: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const onData = (chunk: Buffer) => {
      text += chunk.toString('utf8');
      const found = /Debugger listening on (ws:\/\/\S+)\n/.exec(text);
      if (!found) return;
      stderr.off('data', onData);
      // The inspector's own notes of each collection are left out.
      stderr.on('data', (more: Buffer) => {
        const lines = more.toString('utf8').split('\n').filter((line) => line !== '' && !/^(Debugger (attached|ending)|For help, see)/.test(line));
        if (lines.length > 0) process.stderr.write(`${lines.join('\n')}\n`);
      });
      resolve(found[1]);
    };
    stderr.on('data', onData);
    stderr.once('end', () => reject(new Error(`the hub printed no inspector address: ${text}`)));
  });
}

/** A full garbage collection in the hub, through its inspector (Node 20: the bench runs with --experimental-websocket). */
async function collectGarbage(address: string): Promise<void> {
  const socket = new WebSocket(address);
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the hub's inspector did not collect within 60 s`)), 60_000);
      const fail = () => {
        clearTimeout(timer);
        reject(new Error(`the hub's inspector at ${address} failed or closed`));
      };
      socket.onerror = fail;
      socket.onclose = fail;
      socket.onopen = () => socket.send(JSON.stringify({ id: 1, method: 'HeapProfiler.collectGarbage' }));
      socket.onmessage = (event) => {
        if ((JSON.parse(String(event.data)) as { id?: number }).id !== 1) return;
        clearTimeout(timer);
        resolve();
      };
    });
  } finally {
    socket.onclose = null;
    socket.close();
  }
}

async function createDatabase(serverUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const { Client } = await import('pg');
  const name = `flotilla_bench_app_memory_${process.pid}`;
  const admin = async (sql: string) => {
    const client = new Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
