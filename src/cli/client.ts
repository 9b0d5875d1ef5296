import { CliError, EXIT } from './exit-codes';
import type { CliConfig } from './config';

/** The hub's error body (src/common/errors): a code, a message, and for bad input the fields and why. */
interface HubErrorBody {
  code?: string;
  message?: string;
  details?: { field: string; reason: string }[];
}

export type Query = Record<string, string | number | boolean | undefined>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  /** Statuses the caller handles itself instead of failing (e.g. 404 while probing whether something exists). */
  accept?: number[];
}

export interface HubResponse<T> {
  status: number;
  body: T;
}

/** The one way the CLI talks to the hub: JSON over Node's fetch, errors turned into one readable line. */
export class HubClient {
  constructor(private readonly config: CliConfig) {}

  async get<T>(path: string, query?: Query): Promise<T> {
    return (await this.request<T>('GET', path, { query })).body;
  }

  async send<T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown, query?: Query): Promise<T> {
    return (await this.request<T>(method, path, { body, query })).body;
  }

  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<HubResponse<T>> {
    const url = new URL(`${this.config.server}${path}`);
    for (const [key, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    // No token yet (signing in): the routes asked then are public.
    const headers: Record<string, string> = this.config.token ? { Authorization: `Bearer ${this.config.token}`, Accept: 'application/json' } : { Accept: 'application/json' };
    if (options.body !== undefined) headers['Content-Type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(url, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      throw new CliError(`cannot reach the hub at ${this.config.server}: ${cause?.code ?? cause?.message ?? (error as Error).message}`);
    }
    const text = await response.text();
    const body = parseBody(text);
    if (response.ok || options.accept?.includes(response.status)) return { status: response.status, body: body as T };
    throw new CliError(describeFailure(method, path, response.status, body), EXIT.failure);
  }
}

function parseBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** `422 Unprocessable: spec.project: project "x" does not exist` — the fields are what a user has to fix. */
export function describeFailure(method: string, path: string, status: number, body: unknown): string {
  if (typeof body !== 'object' || body === null) return `${method} ${path} failed: HTTP ${status}`;
  const error = body as HubErrorBody;
  const fields = (error.details ?? []).map((detail) => `${detail.field}: ${detail.reason}`);
  const head = `${status} ${error.code ?? 'Error'}: ${error.message ?? 'request failed'}`;
  return fields.length === 0 ? head : `${head} (${fields.join('; ')})`;
}
