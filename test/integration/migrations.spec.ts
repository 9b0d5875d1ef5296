import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../migrations';
import { createTestDatabase } from '../support/test-database';
import { randomKey, startTestHub, type TestHub } from '../support/test-hub';

describe('migrations and entities', () => {
  let hub: TestHub;

  beforeAll(async () => {
    hub = await startTestHub();
  });

  afterAll(async () => {
    await hub.close();
  });

  it('leave nothing for the schema builder to generate once every migration ran', async () => {
    const pending = await hub.dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((query) => query.query)).toEqual([]);
  });

  it('are all recorded as applied', async () => {
    expect(await hub.dataSource.showMigrations()).toBe(false);
  });
});

describe.runIf(Boolean(process.env.DATABASE_URL))('replicas booting together on one PostgreSQL', () => {
  it('apply the migrations once, under the advisory lock, and both start', async () => {
    const database = await createTestDatabase();
    const keys = randomKey('race');
    const dataDirs = [0, 1].map(() => fs.mkdtempSync(path.join(os.tmpdir(), 'flotilla-race-')));
    const hubs = await Promise.all(dataDirs.map((dataDir) => startTestHub({ reuse: { dataDir, database, encryptionKeys: keys }, env: { FLOTILLA_ADMIN_TOKEN: 'race-admin-token-0123456789' } })));
    try {
      const applied: { name: string }[] = await hubs[0].dataSource.query('SELECT name FROM migrations ORDER BY id');
      expect(applied.map((row) => row.name)).toEqual(MIGRATIONS.map((migration) => new migration().name));
      for (const hub of hubs) await hub.http.get('/readyz').expect(200);
    } finally {
      for (const hub of hubs) await hub.stop();
      await database.drop();
      for (const dataDir of dataDirs) fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
