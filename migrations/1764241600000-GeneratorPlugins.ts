import type { MigrationInterface, QueryRunner } from 'typeorm';

export class GeneratorPlugins1764241600000 implements MigrationInterface {
  name = 'GeneratorPlugins1764241600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "generator_plugins" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "name" text NOT NULL,
        "base_url" text NOT NULL,
        "request_timeout_seconds" integer NOT NULL,
        "token_key_id" text NOT NULL,
        "token_ciphertext" text NOT NULL,
        "token_updated_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_generator_plugins" PRIMARY KEY ("id")
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_generator_plugins_name" ON "generator_plugins" ("name")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "generator_plugins"`);
  }
}
