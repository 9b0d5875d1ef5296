import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The tables, and the changes of theirs that count: a set's manifest only (its expansion status says nothing a reconcile reads). */
const TRIGGERED: [string, string][] = [
  ['projects', 'INSERT OR UPDATE OR DELETE'],
  ['application_sets', 'INSERT OR DELETE OR UPDATE OF "manifest"'],
  ['repositories', 'INSERT OR UPDATE OR DELETE'],
];

/**
 * One counter that every write to what a reconcile reads besides its own application bumps as the writing
 * transaction commits: projects, the sets' manifests (a RollingSync strategy), and repository credentials. A replica keeps
 * those readings while the counter stands still, and one look at it per reconcile tells it whether they changed,
 * on any replica, instead of three queries.
 */
export class ConfigGeneration1764250300000 implements MigrationInterface {
  name = 'ConfigGeneration1764250300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "config_generation" (
        "only" boolean PRIMARY KEY DEFAULT true CHECK ("only"),
        "generation" bigint NOT NULL
      )`);
    await queryRunner.query(`INSERT INTO "config_generation" ("only", "generation") VALUES (true, 1)`);
    await queryRunner.query(`
      CREATE FUNCTION "bump_config_generation"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE "config_generation" SET "generation" = "generation" + 1;
        RETURN NULL;
      END $$`);
    // At commit (deferred), so the counter's row lock is the writer's last one: taken earlier, two writers of these
    // tables could each wait for a lock the other holds.
    for (const [table, events] of TRIGGERED) {
      await queryRunner.query(
        `CREATE CONSTRAINT TRIGGER "${table}_config_generation" AFTER ${events} ON "${table}" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "bump_config_generation"()`,
      );
      await queryRunner.query(`CREATE TRIGGER "${table}_config_generation_truncate" AFTER TRUNCATE ON "${table}" FOR EACH STATEMENT EXECUTE FUNCTION "bump_config_generation"()`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const [table] of TRIGGERED) {
      await queryRunner.query(`DROP TRIGGER "${table}_config_generation_truncate" ON "${table}"`);
      await queryRunner.query(`DROP TRIGGER "${table}_config_generation" ON "${table}"`);
    }
    await queryRunner.query(`DROP FUNCTION "bump_config_generation"()`);
    await queryRunner.query(`DROP TABLE "config_generation"`);
  }
}
