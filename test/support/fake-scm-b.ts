import { createServer, type Server } from 'node:http';
import { GuardedHttpClient } from '../../src/outbound-http';
import type { ProviderAdapter, ProviderAuth, ProviderHttp } from '../../src/scm-providers/provider-adapter';
import { closeNow, listenOnLoopback } from './loopback';

/** What a fake route sees of a request. */
export interface FakeScmRequest {
  /** The path as sent (still percent-encoded), without the query. */
  path: string;
  query: URLSearchParams;
  origin: string;
}

export interface FakeScmReply {
  status?: number;
  /** Serialized as JSON unless a string; absent → empty body. */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface FakeScmApi {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  /** Answers `method path` (exact, still encoded; the query is the route's to read). */
  on(method: string, path: string, reply: FakeScmReply | ((request: FakeScmRequest) => FakeScmReply)): this;
  /** Every request as `METHOD path?query`, in order. */
  readonly seen: string[];
  /** The Authorization header of every request, in order. */
  readonly authorizations: (string | undefined)[];
  stop(): Promise<void>;
}

/**
 * A provider API on 127.0.0.1 (port 0) for the SCM adapter tests: routes by method and path, answers 401 when the
 * Authorization header is not `authorization` (when given), and 404 `{message}` for anything unrouted, as the
 * providers answer for a missing repository or file.
 */
export async function startFakeScm(authorization?: string): Promise<FakeScmApi> {
  const routes = new Map<string, FakeScmReply | ((request: FakeScmRequest) => FakeScmReply)>();
  const seen: string[] = [];
  const authorizations: (string | undefined)[] = [];
  let origin = '';
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', origin);
    const path = (request.url ?? '/').split('?')[0];
    seen.push(`${request.method} ${path}${url.search}`);
    authorizations.push(request.headers.authorization);
    request.resume();
    const route = routes.get(`${request.method} ${path}`);
    const reply: FakeScmReply =
      authorization !== undefined && request.headers.authorization !== authorization
        ? { status: 401, body: { message: 'Unauthorized' } }
        : route === undefined
          ? { status: 404, body: { message: 'Not Found' } }
          : typeof route === 'function'
            ? route({ path, query: url.searchParams, origin })
            : route;
    const body = reply.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
    response.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers }).end(body);
  });
  origin = `http://127.0.0.1:${await listenOnLoopback(server)}`;
  const api: FakeScmApi = {
    origin,
    seen,
    authorizations,
    on(method, path, reply) {
      routes.set(`${method} ${path}`, reply);
      return api;
    },
    stop: () => closeNow(server),
  };
  return api;
}

/**
 * A ProviderHttp over the hub's guarded client with the adapter's Authorization header, as the generic ScmSource
 * builds one: a non-2xx answer rejects naming the status and the provider's own short message; an empty body reads
 * as null.
 */
export function testProviderHttp(adapter: ProviderAdapter, auth?: ProviderAuth): ProviderHttp {
  const client = new GuardedHttpClient();
  const headers: Record<string, string> = { accept: 'application/json' };
  if (auth) headers.authorization = adapter.authorization(auth);
  const get = async <T>(url: string, missingIsUndefined: boolean): Promise<{ body: T; headers: Headers } | undefined> => {
    const response = await client.request({ method: 'GET', url, headers });
    if (missingIsUndefined && response.status === 404) return undefined;
    if (response.status < 200 || response.status > 299) {
      const said = providerMessage(response.body);
      throw new Error(`${new URL(url).origin} answered ${response.status}${said ? `: ${said}` : ''}`);
    }
    return { body: (response.body === '' ? null : JSON.parse(response.body)) as T, headers: response.headers };
  };
  return {
    getJson: async <T>(url: string) => (await get<T>(url, false))!,
    getJsonOrMissing: <T>(url: string) => get<T>(url, true),
  };
}

function providerMessage(body: string): string {
  try {
    const parsed = JSON.parse(body) as { message?: unknown; error?: { message?: unknown } };
    const message = typeof parsed.message === 'string' ? parsed.message : parsed.error?.message;
    return typeof message === 'string' && message.length <= 200 ? message : '';
  } catch {
    return '';
  }
}
