import * as fs from 'node:fs';
import * as path from 'node:path';
import { acquireDataDirLock } from './data-dir-lock';
import { startPgliteServer } from './embedded/pglite-server';
import { startPostgresServer, type PostgresServerOptions } from './embedded/postgres-server';

/** `postgres`: a real server from npm-shipped binaries (the default). `pglite`: PostgreSQL as WASM, one session. */
export type EmbeddedEngine = 'postgres' | 'pglite';

export interface EmbeddedPostgres {
  url: string;
  engine: EmbeddedEngine;
  /** PGlite serves one session at a time: the pool must hold one connection. */
  singleSession: boolean;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions extends PostgresServerOptions {
  /** Unset: `postgres`, unless the data dir holds only a PGlite database from an earlier version. */
  engine?: EmbeddedEngine;
}

// Where each engine keeps its cluster inside the data dir; `pg` is where earlier versions kept PGlite's.
const POSTGRES_DIR = 'postgres';
const POSTGRES_PASSWORD_FILE = 'postgres.password';
const PGLITE_DIR = 'pg';

/**
 * The embedded database of a hub without DATABASE_URL, persisted under its data dir, which it locks (one hub per
 * data dir). Both engines listen on 127.0.0.1 only, so TypeORM's ordinary `pg` driver and the same migrations serve
 * embedded and external databases alike.
 */
export async function startEmbeddedPostgres(dataDir: string, options: EmbeddedPostgresOptions = {}): Promise<EmbeddedPostgres> {
  const releaseLock = acquireDataDirLock(dataDir);
  const engine = options.engine ?? defaultEngine(dataDir);
  try {
    const server =
      engine === 'pglite'
        ? await startPgliteServer(path.join(dataDir, PGLITE_DIR))
        : await startPostgresServer(path.join(dataDir, POSTGRES_DIR), path.join(dataDir, POSTGRES_PASSWORD_FILE), options);
    let stopped = false;
    return {
      url: server.url,
      engine,
      singleSession: engine === 'pglite',
      async stop() {
        if (stopped) return;
        stopped = true;
        try {
          await server.stop();
        } finally {
          releaseLock();
        }
      },
    };
  } catch (error) {
    releaseLock();
    throw new Error(`Could not start the embedded PostgreSQL (${engine}) in ${dataDir}`, { cause: error });
  }
}

/** A data dir from before the switch keeps its PGlite database rather than starting empty beside it. */
function defaultEngine(dataDir: string): EmbeddedEngine {
  const hasPglite = fs.existsSync(path.join(dataDir, PGLITE_DIR, 'PG_VERSION'));
  const hasPostgres = fs.existsSync(path.join(dataDir, POSTGRES_DIR, 'PG_VERSION'));
  return hasPglite && !hasPostgres ? 'pglite' : 'postgres';
}
