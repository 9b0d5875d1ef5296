import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterBody } from '../support/builders';
import { startHubProcess } from '../support/hub-process';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { randomKey } from '../support/test-hub';

const DIST_MAIN = path.resolve(__dirname, '../../dist/src/start.js');

describe.runIf(fs.existsSync(DIST_MAIN))('the built hub as a process (npm start)', () => {
  let dataDir: string;
  let database: TestDatabase;
  let env: Record<string, string>;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'flotilla-e2e-'));
    // Without DATABASE_URL each hub process starts its own embedded database in the data dir, as `npm start` does.
    database = await createTestDatabase({ ownEmbedded: true });
    env = {
      FLOTILLA_DATA_DIR: dataDir,
      FLOTILLA_CONFIG_FILE: '',
      CLUSTER_CHECK_ENABLED: 'false',
      ...(database.url ? { DATABASE_URL: database.url, FLOTILLA_ENCRYPTION_KEY: randomKey('e2e') } : {}),
    };
  });

  afterAll(async () => {
    await database.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts, keeps a registered cluster across a restart, and never logs a credential', async () => {
    const first = await startHubProcess(env);
    const adminToken = fs.readFileSync(path.join(dataDir, 'admin-token'), 'utf8').trim();
    const body = clusterBody({ name: 'persisted' });
    const clusterToken = (body.credentials as { bearerToken: string }).bearerToken;
    try {
      await request(first.url).post('/api/v1/clusters').set('Authorization', `Bearer ${adminToken}`).send(body).expect(201);
      await request(first.url).post('/api/v1/clusters').set('Authorization', `Bearer ${adminToken}`).send({ ...body, name: 'bad', server: 'x' }).expect(400);
      await request(first.url).get('/api/v1/clusters').set('Authorization', 'Bearer wrong-token').expect(401);
    } finally {
      await first.stop();
    }
    const second = await startHubProcess(env);
    try {
      const response = await request(second.url).get('/api/v1/clusters/persisted').set('Authorization', `Bearer ${adminToken}`).expect(200);
      expect(response.body.labels).toEqual({ env: 'staging' });
    } finally {
      await second.stop();
    }
    const logs = first.output() + second.output();
    expect(logs).toContain(`admin token; it is in ${path.join(dataDir, 'admin-token')}`);
    expect(logs).toMatch(/"reqId":"[0-9a-f-]{36}"/);
    expect(logs).not.toContain(adminToken);
    expect(logs).not.toContain(clusterToken);
    expect(logs).not.toContain('wrong-token');
    // The embedded server's superuser password (in its URL) is never logged either.
    const serverPasswordFile = path.join(dataDir, 'postgres.password');
    if (!database.url) expect(logs).not.toContain(fs.readFileSync(serverPasswordFile, 'utf8').trim());
  }, 180_000);

  it.skipIf(Boolean(process.env.DATABASE_URL))('refuses to open an embedded data dir another hub is using', async () => {
    const first = await startHubProcess(env);
    try {
      const error = await startHubProcess(env).then(
        async (unexpected) => {
          await unexpected.stop();
          return undefined;
        },
        (failure: Error & { output?: string }) => failure,
      );
      expect(error?.output).toContain('is in use by another Flotilla process');
    } finally {
      await first.stop();
    }
  }, 180_000);

  it.skipIf(Boolean(process.env.DATABASE_URL))('stops the embedded server it started when its port is taken, and exits', async () => {
    const squatter = net.createServer();
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    try {
      const port = String((squatter.address() as net.AddressInfo).port);
      const failure = await startHubProcess({ ...env, PORT: port }).then(
        async (unexpected) => {
          await unexpected.stop();
          return undefined;
        },
        (error: Error & { output?: string }) => error,
      );
      expect(failure?.message).toBe('hub exited with 1');
      expect(failure?.output).toContain('Flotilla failed to start');
      // The server was begun before the hub's modules loaded; the failed start stopped it and waited for it to end.
      expect(fs.existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
    // And the data dir is free for the next hub at once.
    const next = await startHubProcess(env);
    await next.stop();
  }, 180_000);

  it('reports every configuration violation at once and exits', async () => {
    const failure = await startHubProcess({ ...env, PORT: 'eighty', LOG_LEVEL: 'loud', BODY_LIMIT: 'huge' }).then(
      () => undefined,
      (error: Error & { output?: string }) => error,
    );
    expect(failure?.message).toBe('hub exited with 2');
    expect(failure?.output).toMatch(/PORT: /);
    expect(failure?.output).toMatch(/LOG_LEVEL: /);
    expect(failure?.output).toMatch(/BODY_LIMIT: /);
  }, 60_000);
});
