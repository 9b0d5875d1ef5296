import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import * as os from 'node:os';
import * as path from 'node:path';
import type { GitTestRepo } from './git-repo';
import { closeNow, listenOnLoopback } from './loopback';
import { generateTlsMaterial, type TlsMaterial } from './kube-api/tls';

export interface GitHttpsServerOptions {
  /** HTTP Basic credentials every request must carry (a username and a token, as Git hosts take them). */
  username: string;
  token: string;
  /** Certificates to serve with; pass another server's so that one CA file makes git trust both. */
  tls?: TlsMaterial;
  /** The host name in this server's URLs: `localhost` makes it "another host" than a 127.0.0.1 server. */
  host?: '127.0.0.1' | 'localhost';
  /** Answers every authenticated request with a redirect to this origin (proves credentials never follow). */
  redirectTo?: string;
}

export interface ServedRepository {
  /** The HTTPS URL the hub is given, e.g. `https://127.0.0.1:PORT/fleet.git`. */
  readonly url: string;
  /** Pushes the source repository's branches to the served copy, as a developer's `git push` would. */
  publish(): void;
}

export interface GitHttpsServer {
  /** `https://<host>:<port>` */
  readonly origin: string;
  readonly tls: TlsMaterial;
  /** A file holding the CA certificate: what GIT_SSL_CAINFO must name for git to trust this server. */
  readonly caFile: string;
  /** Serves a bare copy of `source` at `<origin>/<name>.git`. */
  serve(source: GitTestRepo, name: string): ServedRepository;
  /** Requests received so far, authenticated or not. */
  requestCount(): number;
  /** Every Authorization header received, in order (requests without one add nothing). */
  authorizations(): string[];
  stop(): Promise<void>;
}

// CGI response headers end at the first blank line; git http-backend writes CRLF, other CGIs may write LF.
const HEADER_END = /\r?\n\r?\n/;

/**
 * A private Git server over real HTTPS on 127.0.0.1: HTTP Basic auth in front of `git http-backend` (smart HTTP,
 * run as a CGI per request), so git clients, the hub's mirrors included, talk to it as to any Git host.
 */
export async function startGitHttpsServer(options: GitHttpsServerOptions): Promise<GitHttpsServer> {
  const tls = options.tls ?? (await generateTlsMaterial('git-https'));
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'flotilla-git-https-'));
  const projectRoot = path.join(root, 'repositories');
  fs.mkdirSync(projectRoot);
  const caFile = path.join(root, 'ca.pem');
  fs.writeFileSync(caFile, tls.caCert);
  const expected = `Basic ${Buffer.from(`${options.username}:${options.token}`).toString('base64')}`;
  const seen: string[] = [];
  let requests = 0;

  const server = createServer({ key: tls.serverKey, cert: tls.serverCert }, (req, res) => {
    requests++;
    const authorization = req.headers.authorization;
    if (authorization !== undefined) seen.push(authorization);
    if (authorization !== expected) {
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="flotilla-test"', 'Content-Type': 'text/plain' }).end('authentication required\n');
      return;
    }
    if (options.redirectTo !== undefined) {
      res.writeHead(302, { Location: `${options.redirectTo}${req.url ?? '/'}` }).end();
      return;
    }
    runHttpBackend(req, res, { projectRoot, home: root, user: options.username });
  });
  const port = await listenOnLoopback(server);
  const origin = `https://${options.host ?? '127.0.0.1'}:${port}`;

  return {
    origin,
    tls,
    caFile,
    serve(source, name) {
      const bare = path.join(projectRoot, `${name}.git`);
      source.git('clone', '--bare', '--quiet', source.dir, bare);
      const publish = () => {
        source.git('push', '--quiet', '--force', bare, 'refs/heads/*:refs/heads/*');
      };
      return { url: `${origin}/${name}.git`, publish };
    },
    requestCount: () => requests,
    authorizations: () => [...seen],
    async stop() {
      await closeNow(server);
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}

/** One request through `git http-backend` as a CGI: request body in, CGI headers parsed, response body out. */
function runHttpBackend(req: IncomingMessage, res: ServerResponse, where: { projectRoot: string; home: string; user: string }): void {
  const url = new URL(req.url ?? '/', 'https://git.invalid');
  // CGI passes request headers as HTTP_<NAME> variables.
  const cgiHeader = (name: string) => {
    const value = req.headers[name];
    return typeof value === 'string' ? { [`HTTP_${name.toUpperCase().replace(/-/g, '_')}`]: value } : {};
  };
  const child = spawn('git', ['http-backend'], {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: where.home,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_PROJECT_ROOT: where.projectRoot,
      GIT_HTTP_EXPORT_ALL: '1',
      PATH_INFO: decodeURIComponent(url.pathname),
      REQUEST_METHOD: req.method ?? 'GET',
      QUERY_STRING: url.search.replace(/^\?/, ''),
      CONTENT_TYPE: req.headers['content-type'] ?? '',
      ...(req.headers['content-length'] !== undefined ? { CONTENT_LENGTH: req.headers['content-length'] } : {}),
      REMOTE_USER: where.user,
      REMOTE_ADDR: req.socket.remoteAddress ?? '127.0.0.1',
      // Compressed request bodies and the wire-protocol version travel as headers.
      ...cgiHeader('content-encoding'),
      ...cgiHeader('git-protocol'),
    },
    stdio: ['pipe', 'pipe', 'ignore'],
  });
  req.pipe(child.stdin);
  child.stdin.on('error', () => undefined);
  let head = Buffer.alloc(0);
  let headersSent = false;
  child.stdout.on('data', (chunk: Buffer) => {
    if (headersSent) {
      res.write(chunk);
      return;
    }
    head = Buffer.concat([head, chunk]);
    const match = HEADER_END.exec(head.toString('latin1'));
    if (!match) return;
    headersSent = true;
    const { status, headers } = parseCgiHeaders(head.subarray(0, match.index).toString('latin1'));
    res.writeHead(status, headers);
    res.write(head.subarray(match.index + match[0].length));
  });
  child.on('error', () => {
    if (!headersSent) res.writeHead(500).end();
  });
  child.on('close', (code) => {
    if (!headersSent) res.writeHead(500).end(`git http-backend exited with ${code}\n`);
    else res.end();
  });
}

function parseCgiHeaders(text: string): { status: number; headers: Record<string, string> } {
  let status = 200;
  const headers: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (name.toLowerCase() === 'status') status = Number.parseInt(value, 10) || 500;
    else headers[name] = value;
  }
  return { status, headers };
}
