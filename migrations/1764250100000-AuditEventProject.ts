import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The project an audit event concerns (an application's, a set's, a rollout's, or the project itself), so a project's
 * callers read their project's entries and no other. Nullable: hub-wide requests concern none, and the rows written
 * before this column stay as they are (the table is append-only; adding a nullable column rewrites nothing).
 */
export class AuditEventProject1764250100000 implements MigrationInterface {
  name = 'AuditEventProject1764250100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "audit_events" ADD COLUMN "project" text`);
    await queryRunner.query(`CREATE INDEX "ix_audit_events_project" ON "audit_events" ("project", "occurred_at")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "ix_audit_events_project"`);
    await queryRunner.query(`ALTER TABLE "audit_events" DROP COLUMN "project"`);
  }
}
