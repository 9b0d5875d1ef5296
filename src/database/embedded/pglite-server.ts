import * as fs from 'node:fs';

export interface PgliteServer {
  url: string;
  stop(): Promise<void>;
}

/**
 * PGlite (PostgreSQL compiled to WASM, in the hub's process) behind a loopback socket server, so the ordinary `pg`
 * driver talks to it. One session: callers must use a pool of one connection (upstream pglite issue #1046).
 */
export async function startPgliteServer(clusterDir: string): Promise<PgliteServer> {
  // Loaded only when chosen: PGlite's runtime costs an idle hub that does not use it about 4 MiB.
  const [{ PGlite }, { PGLiteSocketServer }] = await Promise.all([import('@electric-sql/pglite'), import('@electric-sql/pglite-socket')]);
  fs.mkdirSync(clusterDir, { recursive: true, mode: 0o700 });
  const db = await PGlite.create({ dataDir: clusterDir });
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 8 });
  await server.start();
  return {
    url: `postgres://postgres@${server.getServerConn()}/postgres`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
