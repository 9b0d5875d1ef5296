import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterConnection } from './cluster-connection';
import { createClusterAgent } from './cluster-agent';
import { ClusterHttp } from './cluster-http';
import { KubernetesClientFactory } from './kubernetes-client.factory';
import { FakeApiServer } from './testing/fake-api-server';
import { createTestPki, type TestPki } from './testing/test-pki';

const OLD_TOKEN = 'old-token-aaaaaaaaaaaaaaaa';
const NEW_TOKEN = 'new-token-bbbbbbbbbbbbbbbb';

let pki: TestPki;
let server: FakeApiServer;
let factory: KubernetesClientFactory;

function connection(overrides: Partial<ClusterConnection> = {}): ClusterConnection {
  return {
    id: 'c1',
    server: server.url,
    credentialsVersion: '1',
    tls: { caData: pki.ca.cert },
    credentials: { type: 'bearerToken', bearerToken: OLD_TOKEN },
    ...overrides,
  };
}

async function waitFor(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 2_000;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error('condition not reached within 2 s');
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

beforeAll(async () => {
  pki = await createTestPki();
  server = await FakeApiServer.startHttps(pki);
  server.validTokens.add(OLD_TOKEN).add(NEW_TOKEN);
});

afterAll(async () => {
  await server.stop();
});

afterEach(async () => {
  server.behaviour = 'normal';
  factory.close();
  await waitFor(() => server.closedConnections === server.connections);
  server.connections = 0;
  server.closedConnections = 0;
  server.tokensSeen.length = 0;
});

describe('KubernetesClientFactory', () => {
  it('reuses one TLS connection for sequential probes and API calls', async () => {
    factory = new KubernetesClientFactory();
    const conn = connection();
    for (let call = 0; call < 3; call += 1) {
      await expect(factory.probeVersion(conn, { timeoutMs: 5_000 })).resolves.toMatchObject({ ok: true });
    }
    const code = JSON.parse(await factory.clusterHttp(conn).request({ method: 'GET', path: '/version' })) as { gitVersion: string };
    expect(code.gitVersion).toBe(server.gitVersion);
    expect(server.connections).toBe(1);
    expect(server.tokensSeen).toEqual([OLD_TOKEN, OLD_TOKEN, OLD_TOKEN, OLD_TOKEN]);
  });

  it('verifies with one secure context per cluster, and a key that does not match its certificate fails the call, not the hub', async () => {
    factory = new KubernetesClientFactory();
    const agent = createClusterAgent(connection(), { maxSockets: 1, maxFreeSockets: 1, idleSocketTimeoutMs: 1_000 }) as unknown as { options: { secureContext?: unknown; ca?: unknown } };
    expect(agent.options.secureContext).toBeDefined();
    expect(agent.options.ca).toBeUndefined();
    const mismatched = connection({ id: 'c2', credentials: { type: 'clientCertificate', clientCertificateData: pki.client.cert, clientKeyData: pki.server.key } });
    await expect(factory.probeVersion(mismatched, { timeoutMs: 5_000 })).resolves.toMatchObject({ ok: false });
  });

  it('bounds concurrent connections per cluster', async () => {
    factory = new KubernetesClientFactory({ maxSocketsPerCluster: 2 });
    const conn = connection();
    const results = await Promise.all(Array.from({ length: 6 }, () => factory.probeVersion(conn, { timeoutMs: 5_000 })));
    expect(results.every((result) => result.ok)).toBe(true);
    expect(server.connections).toBeLessThanOrEqual(2);
  });

  it('applies rotated credentials on the next call and closes the old connections', async () => {
    factory = new KubernetesClientFactory();
    await factory.probeVersion(connection(), { timeoutMs: 5_000 });
    const apiBefore = factory.clusterHttp(connection());

    const rotated = connection({ credentialsVersion: '2', credentials: { type: 'bearerToken', bearerToken: NEW_TOKEN } });
    await expect(factory.probeVersion(rotated, { timeoutMs: 5_000 })).resolves.toMatchObject({ ok: true });

    expect(server.tokensSeen).toEqual([OLD_TOKEN, NEW_TOKEN]);
    expect(server.connections).toBe(2);
    await waitFor(() => server.closedConnections === 1);
    expect(factory.clusterHttp(rotated)).not.toBe(apiBefore);
  });

  it('never keeps stale credentials even if the caller forgets to bump credentialsVersion', async () => {
    factory = new KubernetesClientFactory();
    await factory.probeVersion(connection(), { timeoutMs: 5_000 });
    const revoked = connection({ credentials: { type: 'bearerToken', bearerToken: 'revoked-token-cccccccccc' } });
    await expect(factory.probeVersion(revoked, { timeoutMs: 5_000 })).resolves.toMatchObject({ ok: false, reason: 'Unauthorized' });
  });

  const cacheRows: { name: string; change: Partial<ClusterConnection>; rebuilt: boolean }[] = [
    { name: 'identical descriptor', change: {}, rebuilt: false },
    { name: 'new credentialsVersion', change: { credentialsVersion: '2' }, rebuilt: true },
    { name: 'new server URL', change: { server: 'https://localhost:1' }, rebuilt: true },
    { name: 'new TLS settings', change: { tls: { caData: 'other', serverName: 'localhost' } }, rebuilt: true },
  ];
  it.each(cacheRows)('caches per cluster id: $name → rebuilt=$rebuilt', ({ change, rebuilt }) => {
    factory = new KubernetesClientFactory();
    const first = factory.clusterHttp(connection());
    expect(first).toBeInstanceOf(ClusterHttp);
    expect(factory.clusterHttp(connection({ ...change })) !== first).toBe(rebuilt);
  });

  it('keeps separate clients per cluster id and rebuilds after evict', () => {
    factory = new KubernetesClientFactory();
    const one = factory.clusterHttp(connection({ id: 'a' }));
    const two = factory.clusterHttp(connection({ id: 'b' }));
    expect(one).not.toBe(two);
    factory.evict('a');
    expect(factory.clusterHttp(connection({ id: 'a' }))).not.toBe(one);
    expect(factory.clusterHttp(connection({ id: 'b' }))).toBe(two);
  });

  it('closes idle connections on evict', async () => {
    factory = new KubernetesClientFactory();
    await factory.probeVersion(connection(), { timeoutMs: 5_000 });
    factory.evict('c1');
    await waitFor(() => server.closedConnections === 1);
  });

  it('sends the first request to a cluster alone, and the others as soon as its TLS session exists, not after its answer', async () => {
    factory = new KubernetesClientFactory();
    server.behaviour = 'slow';
    server.arrivals.length = 0;
    server.answered.length = 0;
    const cluster = factory.clusterHttp(connection());
    await Promise.all(['/1/version', '/2/version', '/3/version'].map((path) => cluster.request({ method: 'GET', path })));
    // Every request reached the server before the first was answered (each answer takes 200 ms).
    expect(server.arrivals).toEqual(['/1/version', '/2/version', '/3/version']);
    expect(server.answered[0]).toEqual({ path: '/1/version', arrivedBefore: 3 });
    expect(server.connections).toBeLessThanOrEqual(3);
  });

  it('gives API requests a hard timeout', async () => {
    factory = new KubernetesClientFactory({ requestTimeoutMs: 300 });
    server.behaviour = 'silent';
    const started = Date.now();
    await expect(factory.clusterHttp(connection()).request({ method: 'GET', path: '/version' })).rejects.toMatchObject({ name: 'TimeoutError', message: expect.stringMatching(/abort/) });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('lets a request in flight finish on the old credentials, then closes its connection', async () => {
    factory = new KubernetesClientFactory({ retireGraceMs: 60_000 });
    server.behaviour = 'slow';
    const inFlight = factory.probeVersion(connection(), { timeoutMs: 5_000 });
    await waitFor(() => server.connections === 1);
    factory.clusterHttp(connection({ credentialsVersion: '2' }));
    expect(server.closedConnections).toBe(0);
    await expect(inFlight).resolves.toMatchObject({ ok: true });
    await waitFor(() => server.closedConnections === 1);
  });

  it('refuses to build a client for an invalid descriptor', () => {
    factory = new KubernetesClientFactory();
    expect(() => factory.clusterHttp(connection({ server: 'ftp://cluster' }))).toThrow(/server scheme must be https/);
  });
});
