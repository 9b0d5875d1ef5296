import type * as http from 'node:http';
import type { AddressInfo, Server } from 'node:net';

/** Starts `server` on 127.0.0.1 at a port the kernel picks, and answers that port. */
export async function listenOnLoopback(server: Server): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}

/** Stops an HTTP(S) server now: the connections clients keep alive are ended instead of waited for. */
export async function closeNow(server: http.Server): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections();
  await closed;
}
