import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the fleet-wide history queries need on each sync run, the applications they walk, and indexes for their
 * shapes. On sync_runs only ADD COLUMN and CREATE INDEX, so it works on a plain or a partitioned table alike (no
 * CONCURRENTLY, no foreign keys).
 */
export class HistoryQueries1764210000000 implements MigrationInterface {
  name = 'HistoryQueries1764210000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Defaults only fill the rows that exist now; the hub writes every column itself.
    await queryRunner.query(`ALTER TABLE "sync_runs" ADD COLUMN "cluster_labels" jsonb NOT NULL DEFAULT '{}'`);
    await queryRunner.query(`ALTER TABLE "sync_runs" ALTER COLUMN "cluster_labels" DROP DEFAULT`);
    await queryRunner.query(`ALTER TABLE "sync_runs" ADD COLUMN "changed" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TABLE "sync_runs" ALTER COLUMN "changed" DROP DEFAULT`);
    await queryRunner.query(`ALTER TABLE "sync_runs" ADD COLUMN "revision_committed_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "sync_runs" ADD COLUMN "previous_revision" text`);
    await queryRunner.query(`ALTER TABLE "sync_runs" ADD COLUMN "failing_since" TIMESTAMP WITH TIME ZONE`);
    // Every application that ever synced to a cluster: what "state at T" walks (see the entity).
    await queryRunner.query(`
      CREATE TABLE "synced_applications" (
        "application" text NOT NULL,
        "cluster" text NOT NULL,
        CONSTRAINT "PK_synced_applications" PRIMARY KEY ("application", "cluster")
      )`);
    await queryRunner.query(`CREATE INDEX "ix_synced_applications_cluster" ON "synced_applications" ("cluster", "application")`);
    await backfill(queryRunner);
    // The fleet-wide list, newest first, and every time window (summary, since/until).
    await queryRunner.query(`CREATE INDEX "ix_sync_runs_started" ON "sync_runs" ("started_at", "id")`);
    // State at T: the newest successful run of one application on one cluster, at or before T.
    await queryRunner.query(`CREATE INDEX "ix_sync_runs_applied" ON "sync_runs" ("application", "cluster", "started_at" DESC) WHERE "phase" = 'Succeeded'`);
    // A full SHA or a prefix of one (LIKE 'abc1234%' needs pattern ops under any collation).
    await queryRunner.query(`CREATE INDEX "ix_sync_runs_revision" ON "sync_runs" ("revision" text_pattern_ops)`);
    // Cluster label selectors (their equalities become one containment test, which this index serves).
    await queryRunner.query(`CREATE INDEX "ix_sync_runs_cluster_labels" ON "sync_runs" USING GIN ("cluster_labels" jsonb_path_ops)`);
    // "What did this token deploy": manual syncs are few, so a small partial index.
    await queryRunner.query(`CREATE INDEX "ix_sync_runs_triggered_by" ON "sync_runs" ("triggered_by", "started_at") WHERE "triggered_by" IS NOT NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "synced_applications"`);
    for (const index of ['ix_sync_runs_triggered_by', 'ix_sync_runs_cluster_labels', 'ix_sync_runs_revision', 'ix_sync_runs_applied', 'ix_sync_runs_started']) {
      await queryRunner.query(`DROP INDEX "${index}"`);
    }
    for (const column of ['failing_since', 'previous_revision', 'revision_committed_at', 'changed', 'cluster_labels']) {
      await queryRunner.query(`ALTER TABLE "sync_runs" DROP COLUMN "${column}"`);
    }
  }
}

/**
 * Runs recorded before this migration get what can still be known: their applications, the labels their cluster
 * has now (the best record there is), whether they changed anything, and their lineage. Commit times stay unknown.
 */
async function backfill(queryRunner: QueryRunner): Promise<void> {
  await queryRunner.query(`INSERT INTO "synced_applications" SELECT DISTINCT "application", "cluster" FROM "sync_runs"`);
  await queryRunner.query(`UPDATE "sync_runs" r SET "cluster_labels" = c."labels" FROM "clusters" c WHERE c."name" = r."cluster"`);
  await queryRunner.query(`
    UPDATE "sync_runs" SET "changed" = true
    WHERE EXISTS (SELECT 1 FROM jsonb_array_elements("resources") e WHERE e ->> 'action' IN ('created', 'configured', 'pruned'))`);
  // The same rule the hub applies when a run starts (src/reconcile/sync-run-recorder.ts), over the whole history.
  await queryRunner.query(`
    UPDATE "sync_runs" r SET "previous_revision" = (
      SELECT p."revision" FROM "sync_runs" p
      WHERE p."application" = r."application" AND p."cluster" = r."cluster" AND p."phase" = 'Succeeded' AND p."started_at" < r."started_at"
      ORDER BY p."started_at" DESC LIMIT 1)`);
  await queryRunner.query(`
    UPDATE "sync_runs" r SET "failing_since" = (
      SELECT min(f."started_at") FROM "sync_runs" f
      WHERE f."application" = r."application" AND f."cluster" = r."cluster" AND f."phase" IN ('Failed', 'Error') AND f."started_at" < r."started_at"
        AND f."started_at" > coalesce((
          SELECT max(p."started_at") FROM "sync_runs" p
          WHERE p."application" = r."application" AND p."cluster" = r."cluster" AND p."phase" = 'Succeeded' AND p."started_at" < r."started_at"), '-infinity'))`);
}
