import * as fs from 'node:fs';
import * as path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { acquireDataDirLock } from './data-dir-lock';

export interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

/**
 * Adapter around PGlite (real PostgreSQL compiled to WASM) behind a loopback socket server, so TypeORM's
 * ordinary `pg` driver talks to it and embedded and external databases share one code path and one set of
 * migrations. PGlite is a single session: callers must use a pool of one connection.
 */
export async function startEmbeddedPostgres(dataDir: string): Promise<EmbeddedPostgres> {
  const releaseLock = acquireDataDirLock(dataDir);
  try {
    const pgDir = path.join(dataDir, 'pg');
    fs.mkdirSync(pgDir, { recursive: true, mode: 0o700 });
    const db = await PGlite.create({ dataDir: pgDir });
    const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 8 });
    await server.start();
    const address = server.getServerConn();
    let stopped = false;
    return {
      url: `postgres://postgres@${address}/postgres`,
      async stop() {
        if (stopped) return;
        stopped = true;
        await server.stop();
        await db.close();
        releaseLock();
      },
    };
  } catch (error) {
    releaseLock();
    throw new Error(`Could not start the embedded PostgreSQL in ${dataDir}`, { cause: error });
  }
}
