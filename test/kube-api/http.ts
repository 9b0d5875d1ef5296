import { request as httpsRequest } from 'node:https';
import type { KubeApiServer } from '../support/kube-api';

/** A tiny HTTPS client for the suites: explicit CA, credentials and body, bounded by a timeout. */
export interface CallOptions {
  method?: string;
  body?: unknown;
  /** Raw body text (sent as is, e.g. YAML or protobuf bytes). */
  rawBody?: string | Buffer;
  contentType?: string;
  accept?: string;
  /** Bearer token; defaults to the admin token; null sends none. */
  token?: string | null;
  ca?: string;
  cert?: string;
  key?: string;
  timeoutMs?: number;
}

export interface CallResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: unknown;
}

/** Reads a dotted path (`metadata.name`, `items.0.metadata.name`) from a decoded body. */
export function at(value: unknown, path: string): unknown {
  let current = value;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

export function call(server: KubeApiServer, path: string, options: CallOptions = {}): Promise<CallResult> {
  const token = options.token === undefined ? server.token : options.token;
  const payload = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  const headers: Record<string, string> = { Accept: options.accept ?? 'application/json', 'User-Agent': 'kube-api-spec/1.0' };
  if (token !== null) headers.Authorization = `Bearer ${token}`;
  if (payload !== undefined) {
    headers['Content-Type'] = options.contentType ?? 'application/json';
    headers['Content-Length'] = String(Buffer.byteLength(payload));
  }
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      `${server.url}${path}`,
      { method: options.method ?? 'GET', headers, ca: options.ca ?? server.caData, cert: options.cert, key: options.key, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
      },
    );
    req.setTimeout(options.timeoutMs ?? 5000, () => req.destroy(new Error('request timed out')));
    req.on('error', reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

export interface WatchEvent {
  type: string;
  object: { metadata?: { name?: string; resourceVersion?: string }; code?: number; reason?: string };
}

export interface OpenWatch {
  /** Resolves once the server answered: from then on it streams every change to this watcher. */
  opened: Promise<void>;
  /** The events, once `count` arrived or the timeout passed; the stream is then closed. */
  events: Promise<WatchEvent[]>;
}

/** Opens a watch and collects events until `count` arrived or the timeout passed (a bound, not a wait). */
export function watch(server: KubeApiServer, path: string, count: number, timeoutMs = 2000): OpenWatch {
  let opened!: () => void;
  const openedPromise = new Promise<void>((resolve) => (opened = resolve));
  const events = new Promise<WatchEvent[]>((resolve, reject) => {
    const received: WatchEvent[] = [];
    let buffer = '';
    const req = httpsRequest(`${server.url}${path}`, { headers: { Authorization: `Bearer ${server.token}` }, ca: server.caData, agent: false }, (res) => {
      opened();
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let newline: number;
        while ((newline = buffer.indexOf('\n')) >= 0) {
          received.push(JSON.parse(buffer.slice(0, newline)) as WatchEvent);
          buffer = buffer.slice(newline + 1);
        }
        if (received.length >= count) done();
      });
      res.on('end', done);
    });
    const timer = setTimeout(done, timeoutMs);
    function done(): void {
      clearTimeout(timer);
      req.destroy();
      opened();
      resolve(received);
    }
    req.on('error', (error) => {
      // A watch that never opened still lets a test awaiting `opened` go on to see the error on `events`.
      opened();
      if (received.length >= count) resolve(received);
      else reject(error);
    });
    req.end();
  });
  return { opened: openedPromise, events };
}

/** Opens a watch and collects events until `count` arrived or the timeout passed; the stream is then closed. */
export function collect(server: KubeApiServer, path: string, count: number, timeoutMs = 2000): Promise<WatchEvent[]> {
  return watch(server, path, count, timeoutMs).events;
}
