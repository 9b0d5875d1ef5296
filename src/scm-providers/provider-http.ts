import { GuardedHttpClient, OutboundHttpError } from '../outbound-http';
import { ScmRepositoryNotFoundError } from '../applicationsets/engine';
import type { ProviderHttp } from './provider-adapter';

/**
 * One generator run may make at most this many API calls (pages, branches, path checks): a very large organization
 * fails clearly instead of keeping a pass busy for minutes. Every provider is asked for 100 items per page.
 */
export const MAX_CALLS_PER_RUN = 2000;
const MAX_PROVIDER_MESSAGE = 200;

/**
 * ProviderHttp over the hub's guarded HTTP client for one generator run: the Authorization header on every call,
 * non-2xx answers turned into safe messages (status plus the provider's short `message`, never a header or the
 * token), 404 as ScmRepositoryNotFoundError, and a bounded number of calls.
 */
export class GuardedProviderHttp implements ProviderHttp {
  private calls = 0;

  constructor(
    private readonly client: GuardedHttpClient,
    /** How the provider appears in messages, e.g. `github API`. */
    private readonly name: string,
    private readonly authorization: string | undefined,
    /** Removed from any text the provider sends back, in case it echoes the credentials. */
    private readonly secrets: readonly string[],
  ) {}

  async getJson<T>(url: string): Promise<{ body: T; headers: Headers }> {
    const answer = await this.get<T>(url);
    if (answer.status === 404) throw new ScmRepositoryNotFoundError(this.failure(url, 404, answer.text));
    return answer.result!;
  }

  async getJsonOrMissing<T>(url: string): Promise<{ body: T; headers: Headers } | undefined> {
    const answer = await this.get<T>(url);
    return answer.status === 404 ? undefined : answer.result;
  }

  private async get<T>(url: string): Promise<{ status: number; text: string; result?: { body: T; headers: Headers } }> {
    this.calls += 1;
    if (this.calls > MAX_CALLS_PER_RUN) throw new Error(`${this.name}: more than ${MAX_CALLS_PER_RUN} API calls for one generator; narrow it with filters`);
    const origin = originOf(url);
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (this.authorization !== undefined) headers.Authorization = this.authorization;
    let response;
    try {
      response = await this.client.request({ method: 'GET', url, headers, shownAs: `${this.name} ${origin}` });
    } catch (error) {
      if (error instanceof OutboundHttpError) throw new Error(this.redact(error.message), { cause: error });
      throw error;
    }
    if (response.status === 404) return { status: 404, text: response.body };
    if (response.status < 200 || response.status > 299) throw new Error(this.failure(url, response.status, response.body));
    // Some answers have no body at all (Bitbucket Server's default branch of an empty repository): null, not an error.
    if (response.body.trim() === '') return { status: response.status, text: '', result: { body: null as T, headers: response.headers } };
    try {
      return { status: response.status, text: '', result: { body: JSON.parse(response.body) as T, headers: response.headers } };
    } catch {
      throw new Error(`${this.name} ${origin}: answered ${response.status} with a body that is not JSON`);
    }
  }

  private failure(url: string, status: number, body: string): string {
    const detail = providerMessage(body);
    return this.redact(`${this.name} ${originOf(url)} answered ${status}${detail ? `: ${detail}` : ''}`);
  }

  private redact(text: string): string {
    return this.secrets.filter((secret) => secret.length > 0).reduce((out, secret) => out.split(secret).join('***'), text);
  }
}

// GitHub, GitLab, Gitea answer `{message}`; Bitbucket `{error: {message}}`; Azure DevOps `{message}` too.
function providerMessage(body: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  const record = parsed as { message?: unknown; error?: { message?: unknown } } | null;
  const message = typeof record?.message === 'string' ? record.message : typeof record?.error?.message === 'string' ? record.error.message : undefined;
  if (message === undefined) return undefined;
  // Printable characters only, and short: it ends up in a status condition.
  const clean = message.replace(/[^\x20-\x7e]/g, ' ').trim();
  return clean.length > MAX_PROVIDER_MESSAGE ? `${clean.slice(0, MAX_PROVIDER_MESSAGE)}…` : clean;
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'an invalid URL';
  }
}
