import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Argo CD's multiple sources: a sync run of an application with `spec.sources` keeps every source and the commit it
 * was at (Argo CD's history `revisions`), so a rollback or an audit can tell which values repository a chart ran
 * with. Null for a single source, whose repository, path and revision keep their columns. On the partitioned table
 * the column reaches every partition.
 */
export class MultiSourceSyncRuns1764240100000 implements MigrationInterface {
  name = 'MultiSourceSyncRuns1764240100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "sync_runs" ADD COLUMN "sources" jsonb NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "sync_runs" DROP COLUMN "sources"`);
  }
}
