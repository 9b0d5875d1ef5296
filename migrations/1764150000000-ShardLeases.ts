import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ShardLeases1764150000000 implements MigrationInterface {
  name = 'ShardLeases1764150000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "shard_leases" (
        "shard" integer NOT NULL,
        "holder" text,
        "epoch" bigint NOT NULL DEFAULT 0,
        "expires_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "PK_shard_leases" PRIMARY KEY ("shard")
      )`);
    await queryRunner.query(`
      CREATE TABLE "hub_replicas" (
        "id" text NOT NULL,
        "last_seen" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "PK_hub_replicas" PRIMARY KEY ("id")
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "hub_replicas"`);
    await queryRunner.query(`DROP TABLE "shard_leases"`);
  }
}
