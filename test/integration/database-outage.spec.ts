import * as net from 'node:net';
import { Logger } from '@nestjs/common';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { OutageMonitor } from '../../src/common/errors/outages';
import { clusterBody } from '../support/builders';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { bearer, startTestHub, type TestHub } from '../support/test-hub';

/** Background passes every second or so, so an outage of a few seconds spans several of them. */
const FAST_JOBS = { SHARD_LEASE_SECONDS: '3', RECONCILE_INTERVAL_SECONDS: '1' };

/** A TCP proxy on loopback between the hub and PostgreSQL; closing it cuts every connection and refuses new ones. */
class TcpProxy {
  private server?: net.Server;
  private readonly sockets = new Set<net.Socket>();
  port = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  async open(): Promise<void> {
    this.server = net.createServer((client) => {
      const upstream = net.connect(this.target.port, this.target.host);
      for (const [socket, peer] of [[client, upstream], [upstream, client]]) {
        this.sockets.add(socket);
        // Like any TCP proxy, a side that closes (or is reset: pipe() does not pass a reset on) closes the other;
        // otherwise the hub would wait on a socket whose server is long gone.
        socket.on('close', () => {
          this.sockets.delete(socket);
          peer.destroy();
        });
        socket.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
    });
    const server = this.server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as net.AddressInfo).port;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

describe.skipIf(!process.env.DATABASE_URL)('a database outage answers 503, is logged once, and heals without a restart', () => {
  let database: TestDatabase;
  let databaseName: string;
  let proxy: TcpProxy;
  let hub: TestHub;
  let auth: Record<string, string>;
  const logs: { level: string; message: string }[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    const direct = new URL(database.url!);
    databaseName = direct.pathname.slice(1);
    proxy = new TcpProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
    await proxy.open();
    const proxied = new URL(direct);
    proxied.hostname = '127.0.0.1';
    proxied.port = String(proxy.port);
    // Nest loggers (not pino's output, which LOG_LEVEL silences in tests) are where the hub says what happened.
    for (const level of ['log', 'warn', 'error'] as const) {
      vi.spyOn(Logger.prototype, level).mockImplementation((first: unknown, ...rest: unknown[]) => {
        // Either (message) or pino's ({ err, ... }, message).
        const message = typeof first === 'string' ? first : `${String(rest[0])} ${String((first as { err?: unknown }).err)}`;
        logs.push({ level, message });
      });
    }
    hub = await startTestHub({ database: { url: proxied.toString(), drop: database.drop }, env: FAST_JOBS });
    auth = bearer(hub.adminToken);
  });

  afterAll(async () => {
    await hub?.close();
    await proxy?.close();
    vi.restoreAllMocks();
  });

  const outageLines = () => logs.filter((line) => /Database unavailable/.test(line.message));
  const recoveryLines = () => logs.filter((line) => /Database reachable again/.test(line.message));
  const errorLines = () => logs.filter((line) => line.level === 'error' && !/Database unavailable/.test(line.message));

  /** Every kind of API route (reads, writes, a path id); each looks its token up in the database first. */
  const apiCalls = () =>
    [
      ['GET /clusters', hub.http.get('/api/v1/clusters').set(auth)],
      ['GET /projects', hub.http.get('/api/v1/projects').set(auth)],
      ['GET /applications', hub.http.get('/api/v1/applications').set(auth)],
      ['GET /applicationsets', hub.http.get('/api/v1/applicationsets').set(auth)],
      ['GET /repositories', hub.http.get('/api/v1/repositories').set(auth)],
      ['GET /shards', hub.http.get('/api/v1/shards').set(auth)],
      ['POST /clusters', hub.http.post('/api/v1/clusters').set(auth).send(clusterBody())],
      ['DELETE /repositories/:id', hub.http.delete('/api/v1/repositories/00000000-0000-4000-8000-000000000000').set(auth)],
    ] as const;

  async function expectOutageThenRecovery(cutOff: () => Promise<void>, restore: () => Promise<void>): Promise<void> {
    logs.length = 0;
    await hub.http.get('/api/v1/clusters').set(auth).expect(200);
    const outages = vi.spyOn(hub.app.get(OutageMonitor), 'recordIfOutage');
    try {
      await cutOff();
      for (const [route, call] of apiCalls()) {
        const response = await call;
        expect(response.status, route).toBe(503);
        expect(response.headers['retry-after']).toBe('5');
        expect(response.body).toEqual({ statusCode: 503, code: 'DatabaseUnavailable', message: expect.any(String) });
      }
      await hub.http.get('/readyz').expect(503);
      await hub.http.get('/healthz').expect(200);
      // Background passes keep failing on the database: they report to the monitor and log nothing of their own.
      const byRequests = apiCalls().length;
      await vi.waitFor(() => expect(outages.mock.results.filter((result) => result.value !== undefined).length).toBeGreaterThan(byRequests + 2), { timeout: 15_000, interval: 200 });
    } finally {
      await restore();
    }
    await vi.waitFor(() => expect(recoveryLines()).toHaveLength(1), { timeout: 20_000, interval: 200 });
    await hub.http.get('/api/v1/clusters').set(auth).expect(200);
    await hub.http.get('/readyz').expect(200);
    await hub.http.post('/api/v1/clusters').set(auth).send(clusterBody()).expect(201);
    expect(outageLines()).toHaveLength(1);
    expect(outageLines()[0].level).toBe('error');
    expect(errorLines()).toEqual([]);
    outages.mockRestore();
  }

  it('when the database stops accepting connections and its sessions are terminated', async () => {
    const admin = new Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    try {
      await expectOutageThenRecovery(
        async () => {
          await admin.query(`ALTER DATABASE ${databaseName} ALLOW_CONNECTIONS false`);
          await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [databaseName]);
        },
        async () => {
          await admin.query(`ALTER DATABASE ${databaseName} ALLOW_CONNECTIONS true`);
        },
      );
    } finally {
      // Also when the test failed half-way, so the database can be dropped.
      await admin.query(`ALTER DATABASE ${databaseName} ALLOW_CONNECTIONS true`).catch(() => undefined);
      await admin.end();
    }
  });

  it('when the network path to the database is cut (connection refused)', async () => {
    await expectOutageThenRecovery(
      () => proxy.close(),
      () => proxy.open(),
    );
  });
});
