import type { DataSource } from 'typeorm';

// Any constant works; it only has to be the same in every replica.
const MIGRATION_LOCK_KEY = 7_264_110_001;

/**
 * Applies pending migrations. A session advisory lock serialises replicas that boot together; a single-session
 * database (embedded PGlite, one process guarded by the data-dir lock file) could not hold the lock on its one
 * connection while the migrations run, and needs none.
 */
export async function runMigrations(dataSource: DataSource, singleSession: boolean): Promise<string[]> {
  if (singleSession) return (await dataSource.runMigrations({ transaction: 'each' })).map((m) => m.name);
  const lockRunner = dataSource.createQueryRunner();
  await lockRunner.connect();
  try {
    await lockRunner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    return (await dataSource.runMigrations({ transaction: 'each' })).map((m) => m.name);
  } finally {
    await lockRunner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await lockRunner.release();
  }
}
