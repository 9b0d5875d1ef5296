import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tokens for AppProject roles (`argocd proj role create-token`): a row of api_tokens has either a built-in role or a
 * project and one of its roles, never both (checked here, not only in code). Such a token belongs to its project:
 * deleting the project deletes it. Global token names stay unique among global tokens; a project token's name is
 * its id, unique within its project role, so `ci` may be both a global token and a token of any role.
 */
export class ProjectRoleTokens1764250000000 implements MigrationInterface {
  name = 'ProjectRoleTokens1764250000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "api_tokens" ALTER COLUMN "role" DROP NOT NULL`);
    await queryRunner.query(`ALTER TABLE "api_tokens" ADD COLUMN "project" text NULL`);
    await queryRunner.query(`ALTER TABLE "api_tokens" ADD COLUMN "project_role" text NULL`);
    await queryRunner.query(`ALTER TABLE "api_tokens" ADD COLUMN "description" text NULL`);
    await queryRunner.query(
      `ALTER TABLE "api_tokens" ADD CONSTRAINT "fk_api_tokens_project" FOREIGN KEY ("project") REFERENCES "projects" ("name") ON DELETE CASCADE`,
    );
    await queryRunner.query(`
      ALTER TABLE "api_tokens" ADD CONSTRAINT "ck_api_tokens_role_or_project_role" CHECK (
        ("role" IS NOT NULL AND "project" IS NULL AND "project_role" IS NULL)
        OR ("role" IS NULL AND "project" IS NOT NULL AND "project_role" IS NOT NULL))`);
    await queryRunner.query(`DROP INDEX "uq_api_tokens_name"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_api_tokens_name" ON "api_tokens" ("name") WHERE "project" IS NULL`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_api_tokens_project_role_name" ON "api_tokens" ("project", "project_role", "name") WHERE "project" IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "api_tokens" WHERE "project" IS NOT NULL`);
    await queryRunner.query(`DROP INDEX "uq_api_tokens_project_role_name"`);
    await queryRunner.query(`DROP INDEX "uq_api_tokens_name"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_api_tokens_name" ON "api_tokens" ("name")`);
    await queryRunner.query(`ALTER TABLE "api_tokens" DROP CONSTRAINT "ck_api_tokens_role_or_project_role"`);
    await queryRunner.query(`ALTER TABLE "api_tokens" DROP CONSTRAINT "fk_api_tokens_project"`);
    await queryRunner.query(`ALTER TABLE "api_tokens" DROP COLUMN "description"`);
    await queryRunner.query(`ALTER TABLE "api_tokens" DROP COLUMN "project_role"`);
    await queryRunner.query(`ALTER TABLE "api_tokens" DROP COLUMN "project"`);
    await queryRunner.query(`ALTER TABLE "api_tokens" ALTER COLUMN "role" SET NOT NULL`);
  }
}
