import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ClusterConnection } from './cluster-connection';
import { createClusterAgent } from './cluster-agent';
import { ClusterHttp } from './cluster-http';
import { KubernetesClientFactory } from './kubernetes-client.factory';
import type { AppConfig } from '../config/app-config';
import { MetricsService } from '../metrics/metrics.service';
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
  it('closes a probe\'s connection, resumes its TLS session on the next one, and reuses the connection of API calls', async () => {
    factory = new KubernetesClientFactory();
    const conn = connection();
    for (let call = 0; call < 3; call += 1) {
      await expect(factory.probeVersion(conn, { timeoutMs: 5_000 })).resolves.toMatchObject({ ok: true });
    }
    await waitFor(() => server.closedConnections === 3);
    for (let call = 0; call < 2; call += 1) {
      const code = JSON.parse(await factory.clusterHttp(conn).request({ method: 'GET', path: '/version' })) as { gitVersion: string };
      expect(code.gitVersion).toBe(server.gitVersion);
    }
    expect(server.connections).toBe(4);
    expect(server.resumedConnections).toBe(3);
    expect(server.tokensSeen).toEqual([OLD_TOKEN, OLD_TOKEN, OLD_TOKEN, OLD_TOKEN, OLD_TOKEN]);
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
    await Promise.all(Array.from({ length: 6 }, () => factory.clusterHttp(conn).request({ method: 'GET', path: '/version' })));
    expect(server.connections).toBeLessThanOrEqual(2);
  });

  it('applies rotated credentials on the next call and closes the old connections', async () => {
    factory = new KubernetesClientFactory();
    const apiBefore = factory.clusterHttp(connection());
    await apiBefore.request({ method: 'GET', path: '/version' });

    const rotated = connection({ credentialsVersion: '2', credentials: { type: 'bearerToken', bearerToken: NEW_TOKEN } });
    await expect(factory.probeVersion(rotated, { timeoutMs: 5_000 })).resolves.toMatchObject({ ok: true });

    expect(server.tokensSeen).toEqual([OLD_TOKEN, NEW_TOKEN]);
    expect(server.connections).toBe(2);
    // The API call's keep-alive connection is closed by the rotation (the probe closes its own).
    await waitFor(() => server.closedConnections === 2);
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
    // The server notes an answer when it has handed it to the socket, which a busy machine may report after the
    // client already read it.
    await waitFor(() => server.answered.length === 3);
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

  describe('idle clients', () => {
    const IDLE_MS = 600_000;
    let nowMs: number;
    const idleFactory = (options: { recorder?: MetricsService } = {}) => new KubernetesClientFactory({ idleClientMs: IDLE_MS, now: () => nowMs, ...options });

    beforeEach(() => {
      nowMs = 0;
    });

    it('drops a client unused for the idle time (the next use builds a new one) and keeps one used within it', () => {
      factory = idleFactory();
      const unused = factory.clusterHttp(connection({ id: 'a' }));
      const used = factory.clusterHttp(connection({ id: 'b' }));
      nowMs = IDLE_MS - 1;
      expect(factory.evictIdle()).toBe(0);
      factory.clusterHttp(connection({ id: 'b' }));
      nowMs = IDLE_MS;
      expect(factory.evictIdle()).toBe(1);
      expect(factory.clusterHttp(connection({ id: 'b' }))).toBe(used);
      expect(factory.clusterHttp(connection({ id: 'a' }))).not.toBe(unused);
    });

    it('counts a request on a client held since it was handed out as a use', async () => {
      factory = idleFactory();
      const held = factory.clusterHttp(connection());
      nowMs = IDLE_MS - 1;
      await held.request({ method: 'GET', path: '/version' });
      nowMs = IDLE_MS + 1;
      expect(factory.evictIdle()).toBe(0);
      expect(factory.clusterHttp(connection())).toBe(held);
    });

    it('closes the connections of a dropped client', async () => {
      factory = idleFactory();
      await factory.clusterHttp(connection()).request({ method: 'GET', path: '/version' });
      nowMs = IDLE_MS;
      expect(factory.evictIdle()).toBe(1);
      await waitFor(() => server.closedConnections === 1);
    });

    it('keeps a client with a request under way, however long since it was handed out', async () => {
      factory = idleFactory();
      server.behaviour = 'slow';
      const cluster = factory.clusterHttp(connection());
      const inFlight = cluster.request({ method: 'GET', path: '/version' });
      await waitFor(() => server.connections === 1);
      nowMs = 2 * IDLE_MS;
      expect(factory.evictIdle()).toBe(0);
      await inFlight;
      // Its end was a use too.
      expect(factory.evictIdle()).toBe(0);
      nowMs = 3 * IDLE_MS;
      expect(factory.evictIdle()).toBe(1);
    });
  });

  describe('request series of dropped clients', () => {
    const config = { sharding: { shardCount: 1 }, reconcile: { intervalSeconds: 60 } } as AppConfig;
    const seriesOf = async (metrics: MetricsService) =>
      (await metrics.scrape())
        .split('\n')
        .filter((line) => line.startsWith('flotilla_cluster_api_requests_total{'))
        .map((line) => /cluster="([^"]*)"/.exec(line)?.[1]);

    const rows: { name: string; drop: (factory: KubernetesClientFactory) => Promise<unknown>; left: string[] }[] = [
      { name: 'evicted (cluster deleted)', drop: async (f) => f.evict('a'), left: ['beta'] },
      { name: 'evicted as idle', drop: async (f) => f.evictIdle(), left: ['beta'] },
      { name: 'replaced under a new name', drop: (f) => f.probeVersion(connection({ id: 'a', name: 'gamma' }), { timeoutMs: 5_000 }), left: ['beta', 'gamma'] },
      { name: 'replaced with rotated credentials (same name: kept)', drop: (f) => f.probeVersion(connection({ id: 'a', name: 'alpha', credentialsVersion: '2', credentials: { type: 'bearerToken', bearerToken: NEW_TOKEN } }), { timeoutMs: 5_000 }), left: ['alpha', 'beta'] },
    ];
    it.each(rows)('$name', async ({ drop, left }) => {
      const metrics = new MetricsService(config);
      let nowMs = 0;
      factory = new KubernetesClientFactory({ recorder: metrics, idleClientMs: 1_000, now: () => nowMs });
      await factory.probeVersion(connection({ id: 'a', name: 'alpha' }), { timeoutMs: 5_000 });
      nowMs = 1_000;
      await factory.probeVersion(connection({ id: 'b', name: 'beta' }), { timeoutMs: 5_000 });
      expect(await seriesOf(metrics)).toEqual(['alpha', 'beta']);
      await drop(factory);
      expect((await seriesOf(metrics)).sort()).toEqual(left);
    });

    it('keeps the series of a name another cluster counts under now (deleted and registered again)', async () => {
      const metrics = new MetricsService(config);
      factory = new KubernetesClientFactory({ recorder: metrics });
      await factory.probeVersion(connection({ id: 'old', name: 'alpha' }), { timeoutMs: 5_000 });
      await factory.probeVersion(connection({ id: 'new', name: 'alpha' }), { timeoutMs: 5_000 });
      factory.evict('old');
      expect(await seriesOf(metrics)).toEqual(['alpha']);
      factory.evict('new');
      expect(await seriesOf(metrics)).toEqual([]);
    });

    it('a request that finishes on a dropped client does not bring its series back', async () => {
      const metrics = new MetricsService(config);
      factory = new KubernetesClientFactory({ recorder: metrics, retireGraceMs: 60_000 });
      await factory.probeVersion(connection({ id: 'a', name: 'alpha' }), { timeoutMs: 5_000 });
      server.behaviour = 'slow';
      server.arrivals.length = 0;
      const inFlight = factory.clusterHttp(connection({ id: 'a', name: 'alpha' })).request({ method: 'GET', path: '/version' });
      await waitFor(() => server.arrivals.length > 0);
      factory.evict('a');
      await inFlight;
      expect(await seriesOf(metrics)).toEqual([]);
    });
  });

  it('refuses to build a client for an invalid descriptor', () => {
    factory = new KubernetesClientFactory();
    expect(() => factory.clusterHttp(connection({ server: 'ftp://cluster' }))).toThrow(/server scheme must be https/);
  });
});
