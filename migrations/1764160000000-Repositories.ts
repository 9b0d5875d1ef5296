import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Repositories1764160000000 implements MigrationInterface {
  name = 'Repositories1764160000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "repositories" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "url" text NOT NULL,
        "normalized_url" text NOT NULL,
        "credentials_type" text NOT NULL,
        "credentials_key_id" text,
        "credentials_ciphertext" text,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_repositories" PRIMARY KEY ("id")
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_repositories_normalized_url" ON "repositories" ("normalized_url")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "repositories"`);
  }
}
