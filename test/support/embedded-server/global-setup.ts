import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../../../src/database/embedded-postgres';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The run's one embedded PostgreSQL server (superuser URL), when DATABASE_URL is unset. */
    embeddedServerUrl: string | undefined;
  }
}

/**
 * Without DATABASE_URL, one embedded PostgreSQL server for the whole run: every test hub gets a fresh database on
 * it (test/support/test-database.ts), as on an external server, instead of starting a server of its own. Specs of
 * the embedded lifecycle itself still start their own. The cluster is throwaway: durability settings are off.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (process.env.DATABASE_URL) {
    project.provide('embeddedServerUrl', undefined);
    return async () => undefined;
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'flotilla-test-server-'));
  const server = await startEmbeddedPostgres(dataDir, {
    engine: 'postgres',
    settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off', max_connections: '300' },
  });
  project.provide('embeddedServerUrl', server.url);
  return async () => {
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
}
