import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit log of API actions: partitioned by month (UTC) on `occurred_at`, so retention drops whole partitions,
 * and append-only: the database itself refuses UPDATE, DELETE and TRUNCATE (dropping a partition is still allowed).
 * `ensure_month_partition` is the one way partitions are made, for every table partitioned this way.
 */
export class AuditEvents1764200000000 implements MigrationInterface {
  name = 'AuditEvents1764200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Replicas that need the same month at once wait on the advisory lock instead of failing on the catalog.
    await queryRunner.query(`
      CREATE FUNCTION "ensure_month_partition"("parent" text, "moment" timestamptz) RETURNS text
      LANGUAGE plpgsql AS $$
      DECLARE
        month_start timestamp := date_trunc('month', "moment" AT TIME ZONE 'UTC');
        partition_name text := "parent" || '_p' || to_char(month_start, 'YYYY_MM');
      BEGIN
        PERFORM pg_advisory_xact_lock(hashtext('ensure_month_partition'), hashtext(partition_name));
        IF to_regclass(format('%I', partition_name)) IS NULL THEN
          EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES FROM (%L) TO (%L)', partition_name, "parent",
            to_char(month_start, 'YYYY-MM-DD HH24:MI:SS') || '+00', to_char(month_start + interval '1 month', 'YYYY-MM-DD HH24:MI:SS') || '+00');
        END IF;
        RETURN partition_name;
      END $$`);
    await queryRunner.query(`
      CREATE TABLE "audit_events" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "actor" text NOT NULL,
        "role" text,
        "method" text NOT NULL,
        "path" text NOT NULL,
        "route" text,
        "action" text NOT NULL,
        "resource_kind" text,
        "resource_name" text,
        "request_id" text NOT NULL,
        "status" integer NOT NULL,
        "duration_ms" integer NOT NULL,
        "changes" jsonb NOT NULL,
        CONSTRAINT "PK_audit_events" PRIMARY KEY ("occurred_at", "id")
      ) PARTITION BY RANGE ("occurred_at")`);
    await queryRunner.query(`CREATE INDEX "ix_audit_events_actor" ON "audit_events" ("actor", "occurred_at")`);
    await queryRunner.query(`CREATE INDEX "ix_audit_events_resource" ON "audit_events" ("resource_kind", "resource_name", "occurred_at")`);
    await queryRunner.query(`
      CREATE FUNCTION "refuse_append_only_change"() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER "audit_events_append_only" BEFORE UPDATE OR DELETE ON "audit_events"
      FOR EACH ROW EXECUTE FUNCTION "refuse_append_only_change"()`);
    await queryRunner.query(`
      CREATE TRIGGER "audit_events_no_truncate" BEFORE TRUNCATE ON "audit_events"
      FOR EACH STATEMENT EXECUTE FUNCTION "refuse_append_only_change"()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "audit_events"`);
    await queryRunner.query(`DROP FUNCTION "refuse_append_only_change"()`);
    await queryRunner.query(`DROP FUNCTION "ensure_month_partition"(text, timestamptz)`);
  }
}
