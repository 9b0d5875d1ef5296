import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import tls, { type TLSSocket } from 'node:tls';
import type { TestPki } from './test-pki';

export type FakeBehaviour = 'normal' | 'slow' | 'silent' | 'forbidden' | 'echoAuthIn500' | 'hugeBody' | 'notJson';

/**
 * A minimal API server for `/version` probes: bearer tokens from `validTokens` or a client
 * certificate from the test client CA are accepted. It counts TLS connections and records the
 * tokens it saw so specs can check keep-alive reuse and credential rotation.
 */
export class FakeApiServer {
  readonly validTokens = new Set<string>();
  readonly tokensSeen: string[] = [];
  behaviour: FakeBehaviour = 'normal';
  /** Request paths in the order they arrived; answers in the order they went out, with how many requests had arrived. */
  readonly arrivals: string[] = [];
  readonly answered: { path: string; arrivedBefore: number }[] = [];
  connections = 0;
  /** TLS connections that resumed an earlier session instead of a full handshake. */
  resumedConnections = 0;
  closedConnections = 0;
  gitVersion = 'v1.31.4-fake';

  private constructor(
    private readonly server: http.Server,
    readonly url: string,
  ) {}

  static async startHttps(pki: TestPki): Promise<FakeApiServer> {
    const server = https.createServer({
      key: pki.server.key,
      cert: pki.server.cert,
      ca: pki.clientCa.cert,
      requestCert: true,
      // Like kube-apiserver: an unverified client certificate is not a handshake failure, it is a 401.
      rejectUnauthorized: false,
    });
    return FakeApiServer.listen(server, 'https', 'secureConnection');
  }

  static async startHttp(): Promise<FakeApiServer> {
    return FakeApiServer.listen(http.createServer(), 'http', 'connection');
  }

  private static async listen(server: http.Server, scheme: string, connectionEvent: string): Promise<FakeApiServer> {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    const fake = new FakeApiServer(server, `${scheme}://127.0.0.1:${port}`);
    server.on(connectionEvent, (socket: net.Socket) => {
      fake.connections += 1;
      if (socket instanceof tls.TLSSocket && socket.isSessionReused()) fake.resumedConnections += 1;
      socket.on('close', () => (fake.closedConnections += 1));
    });
    server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
      fake.arrivals.push(req.url ?? '');
      res.on('finish', () => fake.answered.push({ path: req.url ?? '', arrivedBefore: fake.arrivals.length }));
      fake.handle(req, res);
    });
    return fake;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    if (this.behaviour === 'silent') {
      return;
    }
    if (this.behaviour === 'slow') {
      setTimeout(() => this.authorizeAndAnswer(req, res), 200);
      return;
    }
    this.authorizeAndAnswer(req, res);
  }

  private authorizeAndAnswer(req: http.IncomingMessage, res: http.ServerResponse): void {
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (token !== undefined) {
      this.tokensSeen.push(token);
    }
    const certificateOk = (req.socket as Partial<TLSSocket>).authorized === true;
    if (!certificateOk && (token === undefined || !this.validTokens.has(token))) {
      return json(res, 401, { kind: 'Status', message: 'Unauthorized', code: 401 });
    }
    switch (this.behaviour) {
      case 'forbidden':
        return json(res, 403, { kind: 'Status', message: 'forbidden: cannot get path "/version"', code: 403 });
      case 'echoAuthIn500':
        return json(res, 500, { kind: 'Status', message: `internal error handling ${req.headers.authorization}`, code: 500 });
      case 'hugeBody':
        return json(res, 200, { gitVersion: this.gitVersion, padding: 'x'.repeat(200_000) });
      case 'notJson':
        res.writeHead(200, { 'content-type': 'text/html' }).end('<html>login page</html>');
        return;
      default:
        if (req.url !== '/version' && !req.url?.endsWith('/version')) {
          return json(res, 404, { kind: 'Status', message: 'not found', code: 404 });
        }
        return json(res, 200, { major: '1', minor: '31', gitVersion: this.gitVersion, platform: 'linux/amd64' });
    }
  }
}

/** A TCP listener that accepts connections and never says a word: no TLS handshake, no HTTP. */
export async function startBlackHole(): Promise<{ url: string; stop: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    stop: async () => {
      sockets.forEach((socket) => socket.destroy());
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A loopback port with nothing listening (bound once, then released). */
export async function unusedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function json(res: http.ServerResponse, status: number, body: object): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
}
