import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../migrations';
import { buildDataSourceOptions } from '../../src/database/data-source-options';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres';
import { createTestDatabase, sharedServerAvailable } from '../support/test-database';
import { bearer, randomKey, startTestHub, type TestHub } from '../support/test-hub';

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

describe.runIf(sharedServerAvailable())('replicas booting together on one PostgreSQL', () => {
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

const HISTORY_INDEXES = ['ix_sync_runs_started', 'ix_sync_runs_applied', 'ix_sync_runs_revision', 'ix_sync_runs_cluster_labels', 'ix_sync_runs_triggered_by'];

describe('partitioning sync_runs by month', () => {
  const before = MIGRATIONS.findIndex((migration) => new migration().name === 'PartitionSyncRuns1764200001000');
  const runs = [
    { id: '00000000-0000-4000-8000-000000000001', application: 'web', cluster: 'prod', startedAt: '2025-11-30T23:59:59.999Z', rollout: null, phase: 'Succeeded' },
    { id: '00000000-0000-4000-8000-000000000002', application: 'web', cluster: 'prod', startedAt: '2025-12-01T00:00:00.000Z', rollout: '00000000-0000-4000-8000-0000000000aa', phase: 'Running' },
    { id: '00000000-0000-4000-8000-000000000003', application: 'api', cluster: 'stage', startedAt: '2026-02-14T10:00:00.000Z', rollout: null, phase: 'Failed' },
  ];
  const rowsOf = (dataSource: DataSource) => dataSource.query(`SELECT * FROM sync_runs ORDER BY id`);

  it('keeps every row, column and index, one partition per month the rows span', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'flotilla-migrate-'));
    // Without DATABASE_URL the hub's own embedded database: the migration also runs across its restart.
    const database = await createTestDatabase({ ownEmbedded: true });
    const embedded = database.url ? undefined : await startEmbeddedPostgres(dataDir);
    let hub: TestHub | undefined;
    try {
      // The schema as it was before the migration, with rows in it.
      const options = buildDataSourceOptions({ url: database.url ?? embedded!.url, embedded: !database.url, singleSession: embedded?.singleSession ?? false }, 1);
      const old = await new DataSource({ ...options, migrations: MIGRATIONS.slice(0, before) }).initialize();
      await old.runMigrations({ transaction: 'each' });
      for (const run of runs) {
        await old.query(
          `INSERT INTO sync_runs (id, application, cluster, project, repository, path, revision, trigger, triggered_by, phase, message, resources, shard, epoch, started_at, finished_at, rollout)
           VALUES ($1, $2, $3, 'default', 'https://127.0.0.1/fleet.git', 'apps', 'abc123', 'manual', 'admin', $4, 'm', '[{"kind":"ConfigMap","name":"x"}]', 3, 7, $5, $5, $6)`,
          [run.id, run.application, run.cluster, run.phase, run.startedAt, run.rollout],
        );
      }
      const original = await rowsOf(old);
      await old.destroy();
      await embedded?.stop();

      hub = await startTestHub({ reuse: { dataDir, database, encryptionKeys: randomKey('migrate') } });
      // Later migrations add columns (1764210000000: the history queries'); what was there stays as it was.
      const migrated = await rowsOf(hub.dataSource);
      expect(migrated).toMatchObject(original);
      expect(original.map((row: { started_at: Date }) => row.started_at.toISOString())).toEqual(runs.map((run) => run.startedAt));
      const partitions = await hub.dataSource.query(`SELECT inhrelid::regclass::text AS name FROM pg_inherits WHERE inhparent = 'sync_runs'::regclass ORDER BY 1`);
      expect(partitions.map((row: { name: string }) => row.name)).toEqual(expect.arrayContaining(['sync_runs_p2025_11', 'sync_runs_p2025_12', 'sync_runs_p2026_02']));
      const indexes = await hub.dataSource.query(`SELECT indexname FROM pg_indexes WHERE tablename = 'sync_runs' ORDER BY 1`);
      expect(indexes.map((row: { indexname: string }) => row.indexname).sort()).toEqual(
        ['PK_sync_runs', 'ix_sync_runs_application_started', 'ix_sync_runs_cluster_started', 'ix_sync_runs_rollout', ...HISTORY_INDEXES].sort(),
      );
      // The history queries' backfill: each run's lineage from the runs before it, and the applications they walk.
      expect(migrated.map((row: { previous_revision: string | null; changed: boolean; cluster_labels: object }) => [row.previous_revision, row.changed, row.cluster_labels])).toEqual([
        [null, false, {}],
        ['abc123', false, {}],
        [null, false, {}],
      ]);
      expect(await hub.dataSource.query(`SELECT application, cluster FROM synced_applications ORDER BY 1`)).toEqual([
        { application: 'api', cluster: 'stage' },
        { application: 'web', cluster: 'prod' },
      ]);
      const history = await hub.http.get('/api/v1/applications/web/history').set(bearer(hub.adminToken)).expect(200);
      expect(history.body.items.map((item: { id: string }) => item.id)).toEqual([runs[1].id, runs[0].id]);
    } finally {
      await (hub ? hub.close() : Promise.all([embedded?.stop(), database.drop()]));
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
