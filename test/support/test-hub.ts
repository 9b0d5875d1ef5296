import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { DataSource } from 'typeorm';
import { createHub } from '../../src/bootstrap';
import type { Clock } from '../../src/clock/clock';
import { loadConfig } from '../../src/config/load-config';
import { createTestDatabase, type TestDatabase } from './test-database';

export interface TestHub {
  app: NestExpressApplication;
  url: string;
  dataDir: string;
  adminToken: string;
  encryptionKeys: string;
  http: TestAgent;
  dataSource: DataSource;
  /** Closes the hub; the data dir and database stay for `restart`. */
  stop(): Promise<void>;
  /** Closes the hub and removes its data dir and database. */
  close(): Promise<void>;
}

export interface TestHubOptions {
  env?: Record<string, string>;
  /** Reuse a previous hub's data dir and database (a restart). */
  reuse?: { dataDir: string; database: TestDatabase; encryptionKeys: string };
  /**
   * The hub's clock, e.g. a `FakeClock` the test advances instead of sleeping; periodic jobs then run only when it
   * is advanced. Leases are judged by the database clock, which no app clock moves: see `./lease-time`.
   */
  clock?: Clock;
  /** A database made by the test instead of a fresh one (e.g. the fresh one, reached through a proxy). */
  database?: TestDatabase;
  /** Listen on this port instead of an ephemeral one (when the hub's URL must be known before it starts, e.g. PUBLIC_URL). */
  port?: number;
}

export function randomKey(id: string): string {
  return `${id}:${randomBytes(32).toString('base64')}`;
}

/** A real hub on an ephemeral loopback port: real HTTP, real (embedded or external) PostgreSQL. */
export async function startTestHub(options: TestHubOptions = {}): Promise<TestHub & { database: TestDatabase }> {
  const dataDir = options.reuse?.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'flotilla-test-'));
  const database = options.reuse?.database ?? options.database ?? (await createTestDatabase());
  const encryptionKeys = options.env?.FLOTILLA_ENCRYPTION_KEY ?? options.reuse?.encryptionKeys ?? randomKey('k1');
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    FLOTILLA_DATA_DIR: dataDir,
    // Tests never read the repository's config/ folder.
    FLOTILLA_CONFIG_FILE: '',
    ...(database.url ? { DATABASE_URL: database.url } : {}),
    FLOTILLA_ENCRYPTION_KEY: encryptionKeys,
    CLUSTER_CHECK_ENABLED: 'false',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    ...options.env,
  } as NodeJS.ProcessEnv);
  const app = await createHub(config, { clock: options.clock });
  try {
    await app.listen(options.port ?? 0, '127.0.0.1');
  } catch (error) {
    // A hub that refuses to start (a start-up check failed) leaves nothing open behind it.
    await app.close();
    if (!options.reuse && !options.database) await database.drop();
    if (!options.reuse) fs.rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  const url = await app.getUrl();
  const adminToken = options.env?.FLOTILLA_ADMIN_TOKEN ?? fs.readFileSync(path.join(dataDir, 'admin-token'), 'utf8').trim();
  const stop = async () => {
    await app.close();
  };
  return {
    app,
    url,
    dataDir,
    database,
    adminToken,
    encryptionKeys,
    http: request(url),
    dataSource: app.get(DataSource),
    stop,
    close: async () => {
      await stop();
      await database.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A port free on 127.0.0.1 right now (the kernel's next ephemeral one), for a hub whose URL is needed before it starts. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
