import https from 'node:https';
import { createClusterAgent } from '../src/kubernetes/cluster-agent';
import type { ClusterConnection } from '../src/kubernetes/cluster-connection';
import { startClusterProcesses } from './bench-cluster-processes';

/**
 * What a new TLS connection to a cluster costs the hub, side by side: the agent as the hub builds it (CA parsed once
 * into a secure context, `createClusterAgent`) against an agent given the CA as options, which Node turns into a new
 * secure context for every connection. A pass over many clusters reconnects to each once the servers have closed the
 * idle connections (Node's servers after 5 s), so this is paid per cluster per pass.
 *
 * The test server runs in a child process; each of BENCH_CONNECTIONS (default 2,000) requests opens a connection of
 * its own (`GET /version`, no keep-alive), BENCH_IN_FLIGHT (default 8) at a time. Printed: wall time, and the bench
 * process's CPU time per connection (the client side only). `npm run bench:tls`
 */

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 2_000);
const IN_FLIGHT = Number(process.env.BENCH_IN_FLIGHT ?? 8);
const ROUNDS = 3;

type Variant = { name: string; agent: (conn: ClusterConnection) => https.Agent };

const VARIANTS: Variant[] = [
  { name: 'secure context once per cluster (the hub)', agent: (conn) => withoutKeepAlive(createClusterAgent(conn, { maxSockets: IN_FLIGHT, maxFreeSockets: 0, idleSocketTimeoutMs: 0 }) as https.Agent) },
  { name: 'CA as agent options (a context per connection)', agent: (conn) => new https.Agent({ keepAlive: false, maxSockets: IN_FLIGHT, ca: conn.tls.caData }) },
];

function withoutKeepAlive(agent: https.Agent): https.Agent {
  agent.keepSocketAlive = () => false;
  return agent;
}

function get(url: string, token: string, agent: https.Agent): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = https.get(`${url}/version`, { agent, headers: { Authorization: `Bearer ${token}`, Connection: 'close' } }, (response) => {
      response.resume();
      response.on('end', () => (response.statusCode === 200 ? resolve() : reject(new Error(`status ${response.statusCode}`))));
    });
    request.on('error', reject);
  });
}

async function measure(variant: Variant, conn: ClusterConnection, token: string): Promise<{ wallMs: number; cpuUsPerConnection: number }> {
  const agent = variant.agent(conn);
  const cpu = process.cpuUsage();
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next++ < CONNECTIONS) await get(conn.server, token, agent);
    }),
  );
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  agent.destroy();
  return { wallMs, cpuUsPerConnection: (used.user + used.system) / CONNECTIONS };
}

async function main(): Promise<void> {
  const fleet = await startClusterProcesses({ count: 1, processes: 1, prefix: 'tls', controllerDelayMs: 50 });
  try {
    const [server] = fleet.servers;
    const conn: ClusterConnection = { id: 'tls-bench', server: server.server, credentialsVersion: '1', tls: { caData: server.caData }, credentials: { type: 'bearerToken', bearerToken: server.token } };
    console.log(`bench:tls — ${CONNECTIONS} new TLS connections per round, ${IN_FLIGHT} at a time, ${ROUNDS} rounds per variant, alternating`);
    const results = new Map<string, { wallMs: number; cpuUsPerConnection: number }[]>();
    for (let round = 0; round < ROUNDS; round++) {
      for (const variant of VARIANTS) results.set(variant.name, [...(results.get(variant.name) ?? []), await measure(variant, conn, server.token)]);
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
    for (const variant of VARIANTS) {
      const rounds = results.get(variant.name)!;
      const wall = median(rounds.map((r) => r.wallMs));
      const cpu = median(rounds.map((r) => r.cpuUsPerConnection));
      console.log(`  ${variant.name.padEnd(50)} ${(wall / 1000).toFixed(2).padStart(6)} s wall   ${(CONNECTIONS / (wall / 1000)).toFixed(0).padStart(5)} conn/s   ${cpu.toFixed(0).padStart(5)} µs hub CPU per connection`);
    }
  } finally {
    await fleet.stop();
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
