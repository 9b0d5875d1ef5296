import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SyncRuns1764170000000 implements MigrationInterface {
  name = 'SyncRuns1764170000000';

  async up(queryRunner: QueryRunner): Promise<void> {
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
        CONSTRAINT "PK_sync_runs" PRIMARY KEY ("id")
      )`);
    await queryRunner.query(`CREATE INDEX "ix_sync_runs_application_started" ON "sync_runs" ("application", "started_at")`);
    await queryRunner.query(`CREATE INDEX "ix_sync_runs_cluster_started" ON "sync_runs" ("cluster", "started_at")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "sync_runs"`);
  }
}
