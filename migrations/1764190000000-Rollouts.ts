import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Fleet rollouts (docs/rollouts.md): the rollout, its steps, its applications and what happened to it. */
export class Rollouts1764190000000 implements MigrationInterface {
  name = 'Rollouts1764190000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "rollouts" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "sequence" BIGSERIAL NOT NULL,
        "application_set" text NOT NULL,
        "set_generation" integer NOT NULL,
        "state" text NOT NULL,
        "reason" text,
        "on_failure" text NOT NULL,
        "revision" text,
        "superseded_by" uuid,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "finished_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "PK_rollouts" PRIMARY KEY ("id")
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_rollouts_sequence" ON "rollouts" ("sequence")`);
    await queryRunner.query(`CREATE INDEX "ix_rollouts_set_sequence" ON "rollouts" ("application_set", "sequence")`);
    // Two planners racing on one set cannot both start a rollout.
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_rollouts_active_set" ON "rollouts" ("application_set") WHERE "state" IN ('Progressing', 'Paused', 'WaitingForApproval')`,
    );
    await queryRunner.query(`
      CREATE TABLE "rollout_steps" (
        "rollout" uuid NOT NULL,
        "index" integer NOT NULL,
        "settings" jsonb NOT NULL,
        "state" text NOT NULL,
        "message" text,
        "started_at" TIMESTAMP WITH TIME ZONE,
        "healthy_since" TIMESTAMP WITH TIME ZONE,
        "completed_at" TIMESTAMP WITH TIME ZONE,
        "approved_by" text,
        "approved_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "PK_rollout_steps" PRIMARY KEY ("rollout", "index")
      )`);
    await queryRunner.query(`
      CREATE TABLE "rollout_targets" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "rollout" uuid NOT NULL,
        "application" text NOT NULL,
        "cluster" text NOT NULL,
        "step" integer,
        "revision" text NOT NULL,
        "digest" text NOT NULL,
        "fingerprint" text NOT NULL,
        "previous_revision" text,
        "state" text NOT NULL,
        "sync_run" uuid,
        "eligible_at" TIMESTAMP WITH TIME ZONE,
        "healthy_since" TIMESTAMP WITH TIME ZONE,
        "message" text,
        "last_transition_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "PK_rollout_targets" PRIMARY KEY ("id")
      )`);
    await queryRunner.query(`CREATE INDEX "ix_rollout_targets_rollout" ON "rollout_targets" ("rollout")`);
    await queryRunner.query(`CREATE INDEX "ix_rollout_targets_application" ON "rollout_targets" ("application")`);
    await queryRunner.query(`CREATE INDEX "ix_rollout_targets_state_cluster" ON "rollout_targets" ("state", "cluster")`);
    await queryRunner.query(`
      CREATE TABLE "rollout_events" (
        "id" BIGSERIAL NOT NULL,
        "rollout" uuid NOT NULL,
        "at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "action" text NOT NULL,
        "actor" text NOT NULL,
        "details" jsonb NOT NULL,
        CONSTRAINT "PK_rollout_events" PRIMARY KEY ("id")
      )`);
    await queryRunner.query(`CREATE INDEX "ix_rollout_events_rollout_at" ON "rollout_events" ("rollout", "at")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "rollout_events"`);
    await queryRunner.query(`DROP TABLE "rollout_targets"`);
    await queryRunner.query(`DROP TABLE "rollout_steps"`);
    await queryRunner.query(`DROP TABLE "rollouts"`);
  }
}
