/**
 * Kubernetes API test servers in a process of their own, so that a benchmark's hub process is measured alone
 * (its CPU seconds and RSS are not mixed with the servers').
 *
 *   node scripts/run-ts.mjs scripts/kube-api-fleet.ts --count 500 [--prefix cluster] [--first 0] [--controller-delay-ms 100]
 *
 * Once every server listens it reports them — `{"servers":[{name, server, token, caData, kubeconfig}]}` — as one JSON
 * line on stdout, or as a `ready` message when forked with an IPC channel. Forked, it answers requests (see
 * `FleetRequest`); it stops every server on SIGINT or SIGTERM, on a `stop` request, or when its parent goes away.
 * Loopback only.
 */
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { startKubeApiServer, type KubeApiServer } from '../test/support/kube-api';
import { type FleetCounters, type FleetRequest, type FleetServer, wallClockMs } from './kube-api-fleet-protocol';

const WRITE_VERBS = ['create', 'update', 'patch', 'apply', 'delete', 'deletecollection'];
/** Tight enough to resolve a latency to about a millisecond; a look at 100 in-memory maps costs microseconds. */
const POLL_MS = 1;

function fieldAt(obj: unknown, path: readonly string[]): unknown {
  return path.reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), obj);
}

function awaitField(servers: KubeApiServer[], request: Extract<FleetRequest, { op: 'await' }>): Promise<(number | null)[]> {
  const arrived: (number | null)[] = request.indices.map(() => null);
  const deadline = wallClockMs() + request.timeoutMs;
  return new Promise((resolve) => {
    const look = (): void => {
      const now = wallClockMs();
      let pending = 0;
      for (const [i, index] of request.indices.entries()) {
        if (arrived[i] !== null) continue;
        if (fieldAt(servers[index].peek(request.typeKey, request.namespace, request.name), request.path) === request.value) arrived[i] = now;
        else pending++;
      }
      if (pending === 0 || now > deadline) resolve(arrived);
      else setTimeout(look, POLL_MS);
    };
    look();
  });
}

function counters(servers: KubeApiServer[]): FleetCounters {
  let total = 0;
  let writes = 0;
  const byVerbAndResource: Record<string, number> = {};
  for (const server of servers) {
    const snapshot = server.counters.snapshot();
    total += snapshot.total;
    for (const [key, n] of Object.entries(snapshot.byVerbAndResource)) byVerbAndResource[key] = (byVerbAndResource[key] ?? 0) + n;
    for (const verb of WRITE_VERBS) writes += server.counters.count({ verb });
  }
  const cpu = process.cpuUsage();
  return { total, writes, byVerbAndResource, cpuSeconds: (cpu.user + cpu.system) / 1e6, rssBytes: process.memoryUsage.rss() };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      count: { type: 'string', default: '1' },
      prefix: { type: 'string', default: 'cluster' },
      first: { type: 'string', default: '0' },
      'controller-delay-ms': { type: 'string', default: '100' },
    },
  });
  const count = Number(values.count);
  const first = Number(values.first);
  const controllerDelayMs = Number(values['controller-delay-ms']);
  if (!Number.isInteger(count) || count < 1 || !Number.isInteger(first) || first < 0 || !Number.isFinite(controllerDelayMs)) {
    throw new Error('--count must be a positive integer, --first a non-negative integer, --controller-delay-ms a number');
  }
  const servers = await Promise.all(Array.from({ length: count }, (_, i) => startKubeApiServer({ name: `${values.prefix}-${first + i}`, controllerDelayMs })));
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= Promise.all(servers.map((server) => server.stop())).then(() => process.exit(0));
    return stopping;
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());

  const report: FleetServer[] = servers.map((s, i) => ({ name: `${values.prefix}-${first + i}`, server: s.server, token: s.token, caData: s.caData, kubeconfig: s.kubeconfig }));
  const send = process.send?.bind(process);
  if (!send) {
    process.stdout.write(`${JSON.stringify({ servers: report })}\n`);
    return;
  }
  process.on('disconnect', () => void stop());
  process.on('message', (request: FleetRequest) => {
    const answer = (result: unknown) => send({ id: request.id, result });
    switch (request.op) {
      case 'ping':
        answer('pong');
        break;
      case 'counters':
        answer(counters(servers));
        break;
      case 'await':
        void awaitField(servers, request).then(answer);
        break;
      case 'stop':
        void stop();
        break;
    }
  });
  send({ ready: report });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
