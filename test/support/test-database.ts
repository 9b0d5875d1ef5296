import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

export interface TestDatabase {
  /** DATABASE_URL for the hub, or undefined for the hub's own embedded database. */
  url?: string;
  drop(): Promise<void>;
}

export interface TestDatabaseOptions {
  /**
   * Without DATABASE_URL, leave the hub to start its own embedded database in its data dir (for specs of that
   * lifecycle: start, restart, the data-dir lock) rather than a database on the run's shared embedded server.
   */
  ownEmbedded?: boolean;
}

/**
 * Whether hubs under test can share one PostgreSQL server: DATABASE_URL's (CI's second run) or the run's embedded
 * server (the default run). Specs of several replicas on one database need it; with `ownEmbedded` hubs never share.
 */
export function sharedServerAvailable(): boolean {
  return Boolean(process.env.DATABASE_URL ?? process.env.FLOTILLA_TEST_SERVER_URL);
}

/**
 * Every hub gets a fresh database so test files running in parallel never see each other's rows: on DATABASE_URL's
 * server (CI's second run), else on the run's one embedded server (test/support/embedded-server).
 */
export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL ?? (options.ownEmbedded ? undefined : process.env.FLOTILLA_TEST_SERVER_URL);
  if (!serverUrl) return { url: undefined, drop: async () => undefined };
  const name = `flotilla_test_${randomBytes(6).toString('hex')}`;
  await withAdminClient(serverUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => withAdminClient(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

async function withAdminClient<T>(serverUrl: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
