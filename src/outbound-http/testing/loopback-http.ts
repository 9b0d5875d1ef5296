import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';

export type BodyHandler = (request: http.IncomingMessage, body: string, response: http.ServerResponse) => void;

/**
 * Plain-HTTP servers on 127.0.0.1 (port 0) for unit tests of outbound clients; every one started during a test is
 * closed, with its connections, after it. Returns `serve`, which answers with the server's base URL.
 */
export function loopbackServersPerTest(): (handler: http.RequestListener) => Promise<string> {
  const servers: http.Server[] = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
  return async (handler) => {
    const server = http.createServer(handler);
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  };
}

/** Adapts a handler that wants the whole request body first. */
export function withBody(handler: BodyHandler): http.RequestListener {
  return (request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => handler(request, body, response));
  };
}

/** The base URL of a loopback port that was just free and is closed now: calls to it are refused. */
export async function closedPortUrl(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}
