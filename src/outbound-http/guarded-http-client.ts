import { OutboundHttpError } from './outbound-http-error';

export interface OutboundRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  body?: string;
  /** Whole exchange, connection to last byte. */
  timeoutMs?: number;
  /** The response body is read up to this size; a larger one fails the request. */
  maxResponseBytes?: number;
  /**
   * How the target appears in error messages. Defaults to the URL's origin: paths and query strings can carry
   * secrets (a Slack incoming-webhook URL is a credential), so they are left out unless the caller vouches for them.
   */
  shownAs?: string;
}

export interface OutboundResponse {
  status: number;
  headers: Headers;
  body: string;
  /** The URL that answered (differs from the request's after a same-origin redirect). */
  url: string;
}

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_RESPONSE_BYTES = 4 * 1024 * 1024;
const MAX_REDIRECTS = 5;

/**
 * Every call the hub makes to a system outside it (generator plugins, SCM provider APIs, notification receivers)
 * goes through here, so that each one is bounded the same way: http(s) only, a timeout over the whole exchange, a
 * bounded response, and redirects followed only within the same origin (a redirect to another host would carry
 * the caller's credentials there, as Argo CD's notifications once did). Errors are OutboundHttpError with a message
 * that never holds headers, bodies sent, or the URL's path and query.
 */
export class GuardedHttpClient {
  async request(request: OutboundRequest): Promise<OutboundResponse> {
    const target = parseTarget(request.url);
    const shownAs = request.shownAs ?? target.origin;
    const timeoutMs = request.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const signal = AbortSignal.timeout(timeoutMs);
    let url = target;
    for (let redirects = 0; ; redirects += 1) {
      const response = await this.send(request, url, signal, shownAs, timeoutMs);
      const location = isRedirect(response.status) ? response.headers.get('location') : null;
      if (location === null) {
        const body = await readBounded(response, request.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES, shownAs, signal, timeoutMs);
        return { status: response.status, headers: response.headers, body, url: url.toString() };
      }
      await response.body?.cancel();
      const next = new URL(location, url);
      if (next.origin !== target.origin) throw new OutboundHttpError('Redirect', `${shownAs}: redirected to another host (${next.host}); not followed`);
      if (redirects + 1 > MAX_REDIRECTS) throw new OutboundHttpError('Redirect', `${shownAs}: more than ${MAX_REDIRECTS} redirects`);
      url = next;
    }
  }

  private async send(request: OutboundRequest, url: URL, signal: AbortSignal, shownAs: string, timeoutMs: number): Promise<Response> {
    try {
      return await fetch(url, { method: request.method, headers: request.headers, body: request.body, redirect: 'manual', signal });
    } catch (error) {
      throw failure(error, signal, shownAs, timeoutMs);
    }
  }
}

function parseTarget(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new OutboundHttpError('InvalidUrl', 'not a valid URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new OutboundHttpError('InvalidUrl', `only http and https URLs are called, not ${url.protocol}`);
  if (url.username !== '' || url.password !== '') throw new OutboundHttpError('InvalidUrl', 'credentials in the URL are not sent; give them as a token');
  return url;
}

function isRedirect(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

async function readBounded(response: Response, maxBytes: number, shownAs: string, signal: AbortSignal, timeoutMs: number): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel();
    throw new OutboundHttpError('TooLarge', `${shownAs}: response larger than ${maxBytes} bytes`);
  }
  if (!response.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body.getReader();
  try {
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      size += read.value.byteLength;
      if (size > maxBytes) {
        await reader.cancel();
        throw new OutboundHttpError('TooLarge', `${shownAs}: response larger than ${maxBytes} bytes`);
      }
      chunks.push(read.value);
    }
  } catch (error) {
    throw failure(error, signal, shownAs, timeoutMs);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function failure(error: unknown, signal: AbortSignal, shownAs: string, timeoutMs: number): OutboundHttpError {
  if (error instanceof OutboundHttpError) return error;
  if (signal.aborted) return new OutboundHttpError('Timeout', `${shownAs}: no complete answer within ${timeoutMs / 1000} s`, { cause: error });
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  // Node's fetch refuses the ports browsers block (25, 6000, 6665-6669, ...) before connecting: say so plainly.
  const reason = typeof cause?.code === 'string' ? cause.code : cause?.message === 'bad port' ? 'the port is one fetch refuses to call (a blocked port)' : 'connection failed';
  return new OutboundHttpError('Network', `${shownAs}: ${reason}`, { cause: error });
}
