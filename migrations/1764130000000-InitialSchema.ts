import type { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1764130000000 implements MigrationInterface {
  name = 'InitialSchema1764130000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "api_tokens" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "name" text NOT NULL,
        "role" text NOT NULL,
        "token_hash" text NOT NULL,
        "created_by" text,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "expires_at" TIMESTAMP WITH TIME ZONE,
        "last_used_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "PK_api_tokens" PRIMARY KEY ("id")
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_api_tokens_name" ON "api_tokens" ("name")`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_api_tokens_token_hash" ON "api_tokens" ("token_hash")`);
    await queryRunner.query(`
      CREATE TABLE "clusters" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "name" text NOT NULL,
        "name_normalized" text NOT NULL,
        "server" text NOT NULL,
        "project" text,
        "labels" jsonb NOT NULL,
        "annotations" jsonb NOT NULL,
        "credentials_type" text NOT NULL,
        "credentials_key_id" text NOT NULL,
        "credentials_ciphertext" text NOT NULL,
        "credentials_updated_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "tls_ca_data" text,
        "tls_server_name" text,
        "tls_insecure_skip_verify" boolean NOT NULL DEFAULT false,
        "connection_state" text NOT NULL DEFAULT 'Unknown',
        "server_version" text,
        "status_message" text,
        "last_checked_at" TIMESTAMP WITH TIME ZONE,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_clusters" PRIMARY KEY ("id")
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_clusters_name" ON "clusters" ("name")`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_clusters_server" ON "clusters" ("server")`);
    // Label selectors become jsonb containment / key-existence predicates; GIN keeps them fast at fleet scale.
    await queryRunner.query(`CREATE INDEX "ix_clusters_labels" ON "clusters" USING GIN ("labels")`);
    await queryRunner.query(`
      CREATE TABLE "job_leases" (
        "name" text NOT NULL,
        "holder" text NOT NULL,
        "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "PK_job_leases" PRIMARY KEY ("name")
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "job_leases"`);
    await queryRunner.query(`DROP TABLE "clusters"`);
    await queryRunner.query(`DROP TABLE "api_tokens"`);
  }
}
