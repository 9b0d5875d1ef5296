import type { MigrationInterface, QueryRunner } from 'typeorm';

// What connecting to a cluster and recording its syncs read; the reachability the connectivity checks write is not.
const CONNECTION_COLUMNS = [
  'name',
  'name_normalized',
  'server',
  'project',
  'labels',
  'annotations',
  'credentials_type',
  'credentials_key_id',
  'credentials_ciphertext',
  'credentials_updated_at',
  'tls_ca_data',
  'tls_server_name',
  'tls_insecure_skip_verify',
];

/**
 * Clusters join the config generation (migration ConfigGeneration): a reconcile keeps its destination's row while the
 * counter stands still, instead of reading it every time. Only writes to the columns a connection and the history
 * read bump it, so the connectivity checks (state, version, message, last check) leave every replica's readings be.
 */
export class ClusterConfigGeneration1764250400000 implements MigrationInterface {
  name = 'ClusterConfigGeneration1764250400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const columns = CONNECTION_COLUMNS.map((column) => `"${column}"`).join(', ');
    await queryRunner.query(
      `CREATE CONSTRAINT TRIGGER "clusters_config_generation" AFTER INSERT OR DELETE OR UPDATE OF ${columns} ON "clusters" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "bump_config_generation"()`,
    );
    await queryRunner.query(`CREATE TRIGGER "clusters_config_generation_truncate" AFTER TRUNCATE ON "clusters" FOR EACH STATEMENT EXECUTE FUNCTION "bump_config_generation"()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "clusters_config_generation_truncate" ON "clusters"`);
    await queryRunner.query(`DROP TRIGGER "clusters_config_generation" ON "clusters"`);
  }
}
