import type { MigrationInterface, QueryRunner } from 'typeorm';

const COLUMNS = `"id", "application", "application_set", "cluster", "project", "repository", "path", "revision", "trigger", "triggered_by",
  "phase", "message", "resources", "shard", "epoch", "started_at", "finished_at", "rollout"`;

const INDEXES = [
  `CREATE INDEX "ix_sync_runs_application_started" ON "sync_runs" ("application", "started_at")`,
  `CREATE INDEX "ix_sync_runs_cluster_started" ON "sync_runs" ("cluster", "started_at")`,
  `CREATE INDEX "ix_sync_runs_rollout" ON "sync_runs" ("rollout") WHERE "rollout" IS NOT NULL`,
];

/**
 * sync_runs partitioned by month (UTC) on `started_at`, like audit_events, so HISTORY_RETENTION_DAYS drops whole
 * months. The rows move into the new table in the same transaction: one partition per month they span, then the
 * indexes (faster after the copy). The primary key has to include the partition key; no foreign key points here.
 */
export class PartitionSyncRuns1764200001000 implements MigrationInterface {
  name = 'PartitionSyncRuns1764200001000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await this.setAside(queryRunner);
    await queryRunner.query(`
      CREATE TABLE "sync_runs" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "application" text NOT NULL,
        "application_set" text,
        "cluster" text NOT NULL,
        "project" text NOT NULL,
        "repository" text NOT NULL,
        "path" text NOT NULL,
        "revision" text,
        "trigger" text NOT NULL,
        "triggered_by" text,
        "phase" text NOT NULL,
        "message" text,
        "resources" jsonb NOT NULL,
        "shard" integer,
        "epoch" bigint,
        "started_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "finished_at" TIMESTAMP WITH TIME ZONE,
        "rollout" uuid,
        CONSTRAINT "PK_sync_runs" PRIMARY KEY ("id", "started_at")
      ) PARTITION BY RANGE ("started_at")`);
    await queryRunner.query(`SELECT ensure_month_partition('sync_runs', "month") FROM (SELECT DISTINCT date_trunc('month', "started_at", 'UTC') AS "month" FROM "sync_runs_old") AS "months"`);
    await queryRunner.query(`INSERT INTO "sync_runs" (${COLUMNS}) SELECT ${COLUMNS} FROM "sync_runs_old"`);
    await queryRunner.query(`DROP TABLE "sync_runs_old"`);
    for (const index of INDEXES) await queryRunner.query(index);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await this.setAside(queryRunner);
    await queryRunner.query(`CREATE TABLE "sync_runs" (LIKE "sync_runs_old" INCLUDING DEFAULTS)`);
    await queryRunner.query(`ALTER TABLE "sync_runs" ADD CONSTRAINT "PK_sync_runs" PRIMARY KEY ("id")`);
    await queryRunner.query(`INSERT INTO "sync_runs" (${COLUMNS}) SELECT ${COLUMNS} FROM "sync_runs_old"`);
    await queryRunner.query(`DROP TABLE "sync_runs_old"`);
    for (const index of INDEXES) await queryRunner.query(index);
  }

  /** Renames the table and frees the names of its constraint and indexes for the new one. */
  private async setAside(queryRunner: QueryRunner): Promise<void> {
    for (const index of ['ix_sync_runs_application_started', 'ix_sync_runs_cluster_started', 'ix_sync_runs_rollout']) await queryRunner.query(`DROP INDEX "${index}"`);
    await queryRunner.query(`ALTER TABLE "sync_runs" RENAME TO "sync_runs_old"`);
    await queryRunner.query(`ALTER TABLE "sync_runs_old" RENAME CONSTRAINT "PK_sync_runs" TO "PK_sync_runs_old"`);
  }
}
