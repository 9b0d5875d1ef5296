import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Kubernetes' finalizer model for applications a set stops generating: one that carries the resources finalizer is
 * not deleted at once but marked (`deletion_requested_at`, Argo CD's deletionTimestamp). The replica holding its
 * cluster's shard deletes its objects, then the row; the mark survives restarts and failovers, so a deletion that
 * failed or was interrupted is taken up again. The shard owner finds marked rows among its clusters' rows, which it
 * reads anyway on every pass, so the column needs no index.
 */
export class ApplicationDeletion1764230000000 implements MigrationInterface {
  name = 'ApplicationDeletion1764230000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "applications" ADD COLUMN "deletion_requested_at" timestamptz NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "applications" DROP COLUMN "deletion_requested_at"`);
  }
}
