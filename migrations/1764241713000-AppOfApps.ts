import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * App of apps: an Application whose manifests hold Applications, ApplicationSets or AppProjects aimed at the hub
 * owns the hub objects made from them (`parent_application`). Ownership is by name, as Argo CD's tracking id is:
 * an object whose parent no longer exists is owned by nobody. An adopted application gets its own origin,
 * `Application`, so neither a set nor a user takes it over; the index serves "every child of this parent".
 */
export class AppOfApps1764241713000 implements MigrationInterface {
  name = 'AppOfApps1764241713000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "applications" ADD COLUMN "parent_application" text NULL`);
    await queryRunner.query(`CREATE INDEX "ix_applications_parent_application" ON "applications" ("parent_application")`);
    await queryRunner.query(`ALTER TABLE "applications" DROP CONSTRAINT "ck_applications_origin"`);
    await queryRunner.query(`
      ALTER TABLE "applications" ADD CONSTRAINT "ck_applications_origin" CHECK (
        ("origin" = 'ApplicationSet' AND "parent_application" IS NULL)
        OR ("origin" = 'manual' AND "application_set" IS NULL AND "orphaned_from" IS NULL AND "parent_application" IS NULL)
        OR ("origin" = 'Application' AND "application_set" IS NULL AND "orphaned_from" IS NULL AND "parent_application" IS NOT NULL))`);
    await queryRunner.query(`ALTER TABLE "projects" ADD COLUMN "parent_application" text NULL`);
    await queryRunner.query(`ALTER TABLE "application_sets" ADD COLUMN "parent_application" text NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "application_sets" DROP COLUMN "parent_application"`);
    await queryRunner.query(`ALTER TABLE "projects" DROP COLUMN "parent_application"`);
    await queryRunner.query(`DELETE FROM "applications" WHERE "origin" = 'Application'`);
    await queryRunner.query(`ALTER TABLE "applications" DROP CONSTRAINT "ck_applications_origin"`);
    await queryRunner.query(`
      ALTER TABLE "applications" ADD CONSTRAINT "ck_applications_origin" CHECK (
        "origin" = 'ApplicationSet' OR ("origin" = 'manual' AND "application_set" IS NULL AND "orphaned_from" IS NULL))`);
    await queryRunner.query(`DROP INDEX "ix_applications_parent_application"`);
    await queryRunner.query(`ALTER TABLE "applications" DROP COLUMN "parent_application"`);
  }
}
