import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Single sign-on sessions: only the SHA-256 of the session secret is stored (like api_tokens). */
export class SsoSessions1764250200000 implements MigrationInterface {
  name = 'SsoSessions1764250200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "sso_sessions" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "secret_hash" text NOT NULL,
        "subject" text NOT NULL,
        "display_name" text NOT NULL,
        "groups" jsonb NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "revoked_at" TIMESTAMP WITH TIME ZONE,
        "last_used_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "PK_sso_sessions" PRIMARY KEY ("id")
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_sso_sessions_secret_hash" ON "sso_sessions" ("secret_hash")`);
    await queryRunner.query(`CREATE INDEX "ix_sso_sessions_expires_at" ON "sso_sessions" ("expires_at")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "sso_sessions"`);
  }
}
