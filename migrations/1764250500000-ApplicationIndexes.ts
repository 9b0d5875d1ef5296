import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Fewer index entries per application row, for sets of thousands (issue 15: each index cost 20–35 ms of the 10,000
 * rows a new set writes, some 120 ms in all, on PostgreSQL 15):
 * - the name, unique already and what every statement looks rows up by, becomes the primary key; the random `id`
 *   stays as the row's identity (a name deleted and made again is a new row) but is never looked up, so it loses its
 *   index;
 * - only adopted applications have a parent, so only they are indexed by it;
 * - the labels index keeps only what containment (`@>`) needs, the one operator label selectors use on it.
 */
export class ApplicationIndexes1764250500000 implements MigrationInterface {
  name = 'ApplicationIndexes1764250500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "applications" DROP CONSTRAINT "PK_applications"`);
    await queryRunner.query(`ALTER TABLE "applications" ADD CONSTRAINT "PK_applications" PRIMARY KEY USING INDEX "uq_applications_name"`);
    await queryRunner.query(`DROP INDEX "ix_applications_parent_application"`);
    await queryRunner.query(`CREATE INDEX "ix_applications_parent_application" ON "applications" ("parent_application") WHERE "parent_application" IS NOT NULL`);
    await queryRunner.query(`DROP INDEX "ix_applications_labels"`);
    await queryRunner.query(`CREATE INDEX "ix_applications_labels" ON "applications" USING GIN ("labels" jsonb_path_ops)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "ix_applications_labels"`);
    await queryRunner.query(`CREATE INDEX "ix_applications_labels" ON "applications" USING GIN ("labels")`);
    await queryRunner.query(`DROP INDEX "ix_applications_parent_application"`);
    await queryRunner.query(`CREATE INDEX "ix_applications_parent_application" ON "applications" ("parent_application")`);
    await queryRunner.query(`ALTER TABLE "applications" DROP CONSTRAINT "PK_applications"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_applications_name" ON "applications" ("name")`);
    await queryRunner.query(`ALTER TABLE "applications" ADD CONSTRAINT "PK_applications" PRIMARY KEY ("id")`);
  }
}
