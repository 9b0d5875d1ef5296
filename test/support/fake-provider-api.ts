import { createServer, type IncomingHttpHeaders } from 'node:http';
import { closeNow, listenOnLoopback } from './loopback';

/** What a route sees of one request. */
export interface FakeRequest {
  method: string;
  /** The decoded path without the query, e.g. `/api/v3/repos/org/app/pulls`. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** The full URL as the client asked for it (`http://127.0.0.1:PORT/...`), for building next-page links. */
  url: URL;
}

export interface FakeReply {
  status?: number;
  /** Serialized as JSON unless it is a string. */
  body?: unknown;
  headers?: Record<string, string>;
}

export type FakeRoute = FakeReply | ((request: FakeRequest) => FakeReply);

/**
 * How a provider splits a list into pages: `link` (GitHub, Gitea: `page`/`per_page` query, `Link: <...>; rel="next"`),
 * `x-next-page` (GitLab: `page`/`per_page` query, `X-Next-Page` header), `bitbucket-server` (`start`/`limit`
 * query, body `{values, isLastPage, nextPageStart}`), `bitbucket-cloud` (`page`/`pagelen` query, body
 * `{values, next}`), `continuation-token` (Azure DevOps: `continuationToken` query, `x-ms-continuationtoken`
 * header, body `{value, count}`).
 */
export type PaginationStyle = 'link' | 'x-next-page' | 'bitbucket-server' | 'bitbucket-cloud' | 'continuation-token';

export interface FakeProviderOptions {
  /**
   * The exact Authorization header every request must carry (`Bearer t`, `token t`, `Basic ...`); others get 401
   * with a JSON `{ message }` body. Without it, requests are not checked.
   */
  authorization?: string;
}

export interface RecordedRequest {
  method: string;
  /** Decoded, as routes match it. */
  path: string;
  /** As sent, e.g. `/api/v4/projects/group%2Fapp/merge_requests`. */
  rawPath: string;
  query: string;
  authorization?: string;
}

export interface FakeProviderApi {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  /** Answers `method path` (query ignored) with `route`; replaces an earlier route for the same pair. */
  on(method: string, path: string, route: FakeRoute): this;
  /**
   * Answers `method path` with `items` split into pages of at most `pageSize`: a smaller page size the client asks
   * for wins, a larger one is capped (as providers cap `per_page`), so small fixtures still span several pages.
   */
  paginated(method: string, path: string, items: unknown[], style: PaginationStyle, pageSize?: number): this;
  /** Forgets the route: the path answers 404 again. */
  off(method: string, path: string): this;
  /** Every request received so far, authenticated or not, in order. */
  requests(): RecordedRequest[];
  stop(): Promise<void>;
}

/**
 * A fake SCM provider API over plain HTTP on 127.0.0.1 (port 0): routes by method and exact path, checks the
 * Authorization header, and pages lists the way each provider does. Unrouted paths answer 404 `{message}`, as the
 * providers answer for a missing repository or file.
 */
export async function startFakeProviderApi(options: FakeProviderOptions = {}): Promise<FakeProviderApi> {
  const routes = new Map<string, FakeRoute>();
  const recorded: RecordedRequest[] = [];
  const key = (method: string, path: string) => `${method.toUpperCase()} ${path}`;
  let origin = '';

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', origin);
    const method = req.method ?? 'GET';
    const path = decodeURIComponent(url.pathname);
    recorded.push({ method, path, rawPath: url.pathname, query: url.search.replace(/^\?/, ''), authorization: req.headers.authorization });
    req.resume();
    let reply: FakeReply;
    if (options.authorization !== undefined && req.headers.authorization !== options.authorization) {
      reply = { status: 401, body: { message: 'Bad credentials' } };
    } else {
      const route = routes.get(key(method, path));
      if (route === undefined) reply = { status: 404, body: { message: 'Not Found' } };
      else reply = typeof route === 'function' ? route({ method, path, query: url.searchParams, headers: req.headers, url }) : route;
    }
    const body = reply.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
    res.writeHead(reply.status ?? 200, { 'Content-Type': 'application/json', ...reply.headers }).end(body);
  });
  origin = `http://127.0.0.1:${await listenOnLoopback(server)}`;

  const api: FakeProviderApi = {
    origin,
    on(method, path, route) {
      routes.set(key(method, path), route);
      return api;
    },
    paginated(method, path, items, style, pageSize = 2) {
      routes.set(key(method, path), (request) => pageReply(request, items, style, pageSize));
      return api;
    },
    off(method, path) {
      routes.delete(key(method, path));
      return api;
    },
    requests: () => recorded.map((request) => ({ ...request })),
    stop: () => closeNow(server),
  };
  return api;
}

function pageReply(request: FakeRequest, items: unknown[], style: PaginationStyle, defaultSize: number): FakeReply {
  const query = request.query;
  const withQuery = (changes: Record<string, string>) => {
    const next = new URL(request.url);
    for (const [name, value] of Object.entries(changes)) next.searchParams.set(name, value);
    return next.toString();
  };
  const sizeFrom = (name: string) => Math.min(positive(query.get(name)) ?? defaultSize, defaultSize);
  switch (style) {
    case 'link':
    case 'x-next-page': {
      const size = sizeFrom('per_page');
      const page = positive(query.get('page')) ?? 1;
      const body = items.slice((page - 1) * size, page * size);
      const more = page * size < items.length;
      if (!more) return { body };
      const headers: Record<string, string> =
        style === 'link'
          ? { Link: `<${withQuery({ page: String(page + 1), per_page: String(size) })}>; rel="next"` }
          : { 'X-Next-Page': String(page + 1) };
      return { body, headers };
    }
    case 'bitbucket-server': {
      const size = sizeFrom('limit');
      const start = Number(query.get('start') ?? '0') || 0;
      const values = items.slice(start, start + size);
      const isLastPage = start + size >= items.length;
      return { body: { values, size: values.length, start, limit: size, isLastPage, ...(isLastPage ? {} : { nextPageStart: start + size }) } };
    }
    case 'bitbucket-cloud': {
      const size = sizeFrom('pagelen');
      const page = positive(query.get('page')) ?? 1;
      const values = items.slice((page - 1) * size, page * size);
      const more = page * size < items.length;
      return { body: { values, pagelen: size, page, ...(more ? { next: withQuery({ page: String(page + 1), pagelen: String(size) }) } : {}) } };
    }
    case 'continuation-token': {
      const start = Number(query.get('continuationToken') ?? '0') || 0;
      const size = sizeFrom('$top');
      const value = items.slice(start, start + size);
      const more = start + size < items.length;
      return { body: { value, count: value.length }, headers: more ? { 'x-ms-continuationtoken': String(start + size) } : {} };
    }
  }
}

function positive(raw: string | null): number | undefined {
  const value = Number(raw);
  return raw !== null && Number.isInteger(value) && value > 0 ? value : undefined;
}
