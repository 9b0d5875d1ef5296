/**
 * Measures the Kubernetes API test server (test/support/kube-api) on this machine:
 *  1. the request rate one instance sustains for get, list and server-side apply (the server runs in a
 *     child process so the load generator does not share its event loop), loopback only, bounded in
 *     time and request count;
 *  2. the memory (RSS, heap) of 100 idle instances in one process, and how long starting them takes.
 *
 *   npm run bench:kube-api [-- --seconds 3 --concurrency 8 --instances 100]
 */
import { fork, type ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:https';
import { parseArgs } from 'node:util';
import { startKubeApiServer, type KubeApiServer } from '../test/support/kube-api';

const MAX_REQUESTS_PER_SCENARIO = 50_000;
const MB = 1024 * 1024;

interface Endpoint {
  url: string;
  token: string;
  caData: string;
}

type Message = { kind: 'ready'; endpoint: Endpoint } | { kind: 'memory'; report: MemoryReport };

interface MemoryReport {
  instances: number;
  startMs: number;
  before: NodeJS.MemoryUsage;
  after: NodeJS.MemoryUsage;
}

/** Child role 1: one instance, serving until the parent disconnects. */
async function serveOne(): Promise<void> {
  const server = await startKubeApiServer({ name: 'bench', namespaces: ['bench'], controllerDelayMs: 1000 });
  process.send?.({ kind: 'ready', endpoint: { url: server.url, token: server.token, caData: server.caData } } satisfies Message);
  process.once('disconnect', () => void server.stop().then(() => process.exit(0)));
}

function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** Child role 2: N idle instances; reports memory before and after starting them, then stops them. */
async function hostMany(count: number): Promise<void> {
  collectGarbage();
  const before = process.memoryUsage();
  const started = Date.now();
  const servers: KubeApiServer[] = [];
  for (let i = 0; i < count; i++) servers.push(await startKubeApiServer({ name: `idle-${i}` }));
  const startMs = Date.now() - started;
  await new Promise((r) => setTimeout(r, 500));
  collectGarbage();
  const after = process.memoryUsage();
  await Promise.all(servers.map((s) => s.stop()));
  process.send?.({ kind: 'memory', report: { instances: count, startMs, before, after } } satisfies Message);
  process.disconnect();
}

function spawnChild(args: string[]): { child: ChildProcess; message: Promise<Message> } {
  const child = fork(__filename, args, { execArgv: [...process.execArgv, '--expose-gc'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const message = new Promise<Message>((resolve, reject) => {
    child.once('message', (m) => resolve(m as Message));
    child.once('exit', (code) => reject(new Error(`bench child exited early (code ${String(code)})`)));
  });
  return { child, message };
}

interface Scenario {
  name: string;
  method: string;
  path: (i: number) => string;
  body?: (i: number) => string;
  contentType?: string;
}

/** The configuration kubectl and client-node would send: JSON (valid YAML) with the apply content type. */
function deploymentConfig(name: string): string {
  return JSON.stringify({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'bench', labels: { app: 'bench' } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'bench' } },
      template: {
        metadata: { labels: { app: 'bench' } },
        spec: { containers: [{ name: 'app', image: 'registry.local/app:1.0.0', ports: [{ containerPort: 8080 }] }] },
      },
    },
  });
}

const SCENARIOS: Scenario[] = [
  { name: 'GET configmap', method: 'GET', path: (i) => `/api/v1/namespaces/bench/configmaps/cm-${i % 50}` },
  { name: 'LIST configmaps (50 items)', method: 'GET', path: () => '/api/v1/namespaces/bench/configmaps' },
  { name: 'server-side apply (no-op)', method: 'PATCH', path: (i) => `/apis/apps/v1/namespaces/bench/deployments/app-${i % 20}?fieldManager=bench`, body: (i) => deploymentConfig(`app-${i % 20}`), contentType: 'application/apply-patch+yaml' },
  { name: 'create + delete configmap', method: 'POST', path: () => '/api/v1/namespaces/bench/configmaps', body: (i) => JSON.stringify({ metadata: { name: `tmp-${i}` }, data: { a: 'b' } }), contentType: 'application/json' },
];

function send(endpoint: Endpoint, agent: Agent, method: string, path: string, body?: string, contentType?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { Authorization: `Bearer ${endpoint.token}`, Accept: 'application/json' };
    if (body !== undefined) {
      headers['Content-Type'] = contentType ?? 'application/json';
      headers['Content-Length'] = String(Buffer.byteLength(body));
    }
    const req = request(`${endpoint.url}${path}`, { method, headers, agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.setTimeout(10_000, () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(body);
  });
}

async function runScenario(endpoint: Endpoint, agent: Agent, scenario: Scenario, seconds: number, concurrency: number): Promise<string> {
  const latencies: number[] = [];
  let next = 0;
  let failures = 0;
  const deadline = Date.now() + seconds * 1000;
  const started = Date.now();
  const worker = async (): Promise<void> => {
    while (Date.now() < deadline && next < MAX_REQUESTS_PER_SCENARIO) {
      const i = next++;
      const t0 = performance.now();
      const status = await send(endpoint, agent, scenario.method, scenario.path(i), scenario.body?.(i), scenario.contentType);
      if (scenario.method === 'POST') await send(endpoint, agent, 'DELETE', `${scenario.path(i)}/tmp-${i}`);
      latencies.push(performance.now() - t0);
      if (status >= 300) failures++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = (Date.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number): string => (latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? 0).toFixed(1);
  const perCall = scenario.method === 'POST' ? 2 : 1;
  const rate = (latencies.length * perCall) / elapsed;
  return `${scenario.name.padEnd(28)} ${rate.toFixed(0).padStart(6)} req/s  p50 ${pct(0.5)} ms  p99 ${pct(0.99)} ms  (${latencies.length} ops, ${failures} failed)`;
}

async function measureRate(seconds: number, concurrency: number): Promise<void> {
  const { child, message } = spawnChild(['--serve']);
  try {
    const ready = await message;
    if (ready.kind !== 'ready') throw new Error('unexpected message from the bench server');
    const endpoint = ready.endpoint;
    const agent = new Agent({ keepAlive: true, maxSockets: concurrency, ca: endpoint.caData });
    for (let i = 0; i < 50; i++) {
      await send(endpoint, agent, 'POST', '/api/v1/namespaces/bench/configmaps', JSON.stringify({ metadata: { name: `cm-${i}`, labels: { app: 'bench' } }, data: { a: 'b' } }));
    }
    console.log(`One instance, ${concurrency} concurrent keep-alive connections, ${seconds}s per scenario:`);
    for (const scenario of SCENARIOS) console.log(`  ${await runScenario(endpoint, agent, scenario, seconds, concurrency)}`);
    agent.destroy();
  } finally {
    child.disconnect();
  }
}

async function measureMemory(instances: number): Promise<void> {
  const { message } = spawnChild(['--host-many', String(instances)]);
  const result = await message;
  if (result.kind !== 'memory') throw new Error('unexpected message from the bench host');
  const { before, after, startMs } = result.report;
  const fmt = (n: number): string => `${(n / MB).toFixed(1)} MB`;
  console.log(`${instances} idle instances in one process (started in ${startMs} ms, ${(startMs / instances).toFixed(1)} ms each):`);
  console.log(`  RSS        ${fmt(before.rss)} → ${fmt(after.rss)}  (+${fmt(after.rss - before.rss)}, ${((after.rss - before.rss) / instances / 1024).toFixed(0)} KB per instance)`);
  console.log(`  heap used  ${fmt(before.heapUsed)} → ${fmt(after.heapUsed)}  (+${fmt(after.heapUsed - before.heapUsed)}, ${((after.heapUsed - before.heapUsed) / instances / 1024).toFixed(0)} KB per instance)`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      serve: { type: 'boolean', default: false },
      'host-many': { type: 'string' },
      seconds: { type: 'string', default: '3' },
      concurrency: { type: 'string', default: '8' },
      instances: { type: 'string', default: '100' },
    },
  });
  if (values.serve) return serveOne();
  if (values['host-many']) return hostMany(Number(values['host-many']));
  const seconds = Math.min(30, Math.max(1, Number(values.seconds)));
  const concurrency = Math.min(64, Math.max(1, Number(values.concurrency)));
  const instances = Math.min(200, Math.max(1, Number(values.instances)));
  await measureRate(seconds, concurrency);
  await measureMemory(instances);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
