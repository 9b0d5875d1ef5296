import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A sync run started by a fleet rollout names it, so history can be filtered by rollout. */
export class SyncRunRollout1764180000000 implements MigrationInterface {
  name = 'SyncRunRollout1764180000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "sync_runs" ADD COLUMN "rollout" uuid`);
    await queryRunner.query(`CREATE INDEX "ix_sync_runs_rollout" ON "sync_runs" ("rollout") WHERE "rollout" IS NOT NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "sync_runs" DROP COLUMN "rollout"`);
  }
}
