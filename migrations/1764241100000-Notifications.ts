import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notifications as a transactional outbox. `notification_events` is written in the same transaction as the state
 * change it reports (a sync run finishing, a status write, a cluster check, a rollout transition), so a crash never
 * loses or invents one. The delivery worker fans each event out once into `notification_deliveries`: one row per
 * (event, matching subscription), whose id is the idempotency key a receiver sees (`webhook-id`). Rows are claimed
 * with FOR UPDATE SKIP LOCKED and a claim that expires, so replicas never send one delivery at the same time and a
 * delivered row is never sent again. `notification_application_marks` remembers, per application, the revision last
 * announced as deployed and whether it was announced degraded: `app.deployed` fires once per revision and
 * `health.recovered` only after a `health.degraded`, whatever pods do in between.
 */
export class Notifications1764241100000 implements MigrationInterface {
  name = 'Notifications1764241100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "notification_subscriptions" (
        "id" uuid PRIMARY KEY,
        "name" text NOT NULL UNIQUE,
        "events" text[] NOT NULL,
        "filter" jsonb NOT NULL,
        "destination" jsonb NOT NULL,
        "secret_key_id" text NULL,
        "secret_ciphertext" text NULL,
        "created_at" timestamptz NOT NULL,
        "updated_at" timestamptz NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE "notification_events" (
        "seq" bigserial PRIMARY KEY,
        "id" uuid NOT NULL UNIQUE,
        "type" text NOT NULL,
        "occurred_at" timestamptz NOT NULL,
        "project" text NULL,
        "application_set" text NULL,
        "application" text NULL,
        "cluster" text NULL,
        "data" jsonb NOT NULL,
        "dispatched_at" timestamptz NULL
      )`);
    await queryRunner.query(`CREATE INDEX "ix_notification_events_undispatched" ON "notification_events" ("seq") WHERE "dispatched_at" IS NULL`);
    await queryRunner.query(`
      CREATE TABLE "notification_deliveries" (
        "id" uuid PRIMARY KEY,
        "event_seq" bigint NOT NULL REFERENCES "notification_events" ("seq") ON DELETE CASCADE,
        "subscription_id" uuid NOT NULL REFERENCES "notification_subscriptions" ("id") ON DELETE CASCADE,
        "state" text NOT NULL,
        "attempts" int NOT NULL DEFAULT 0,
        "last_status_code" int NULL,
        "last_error" text NULL,
        "created_at" timestamptz NOT NULL,
        "next_attempt_at" timestamptz NULL,
        "last_attempt_at" timestamptz NULL,
        "delivered_at" timestamptz NULL,
        "claimed_by" text NULL,
        "claimed_until" timestamptz NULL,
        CONSTRAINT "uq_notification_deliveries_event_subscription" UNIQUE ("event_seq", "subscription_id")
      )`);
    await queryRunner.query(`CREATE INDEX "ix_notification_deliveries_due" ON "notification_deliveries" ("next_attempt_at") WHERE "state" = 'pending'`);
    await queryRunner.query(`CREATE INDEX "ix_notification_deliveries_subscription" ON "notification_deliveries" ("subscription_id", "created_at")`);
    await queryRunner.query(`
      CREATE TABLE "notification_application_marks" (
        "application" text PRIMARY KEY,
        "deployed_revision" text NULL,
        "degraded" boolean NOT NULL DEFAULT false
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "notification_application_marks"`);
    await queryRunner.query(`DROP TABLE "notification_deliveries"`);
    await queryRunner.query(`DROP TABLE "notification_events"`);
    await queryRunner.query(`DROP TABLE "notification_subscriptions"`);
  }
}
