import type { ProviderHttp } from './provider-adapter';

/** Items per page asked of every provider (Argo CD's clients ask for 100). */
export const PAGE_SIZE = 100;

/**
 * The next page number a `Link: <…?page=N…>; rel="next"` header names (GitHub, Gitea), as go-github reads it. Only
 * the number is taken: the next request is built from the configured API base, so a link to another host is never
 * followed with the credentials.
 */
export function nextPageFromLink(headers: Headers): number | undefined {
  const link = headers.get('link');
  if (!link) return undefined;
  for (const part of link.split(',')) {
    const match = /<([^>]*)>\s*;\s*rel="?next"?/.exec(part.trim());
    if (!match) continue;
    try {
      return positive(new URL(match[1], 'http://relative.invalid').searchParams.get('page'));
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** GitLab's `X-Next-Page` header (empty on the last page). */
export function nextPageFromHeader(headers: Headers): number | undefined {
  return positive(headers.get('x-next-page'));
}

/**
 * Every item of a paged list: `urlFor(page)` builds each page's URL, `next` reads the following page number from
 * an answer. Stops when there is none, or when a provider names a page it has already given (no loops).
 */
export async function collectPages<T>(http: ProviderHttp, urlFor: (page: number) => string, next: (headers: Headers) => number | undefined): Promise<T[]> {
  const items: T[] = [];
  for (let page = 1; ; ) {
    const { body, headers } = await http.getJson<T[]>(urlFor(page));
    if (!Array.isArray(body)) throw new Error('the provider answered a list request with something that is not a list');
    items.push(...body);
    const following = next(headers);
    if (following === undefined || following <= page) return items;
    page = following;
  }
}

function positive(raw: string | null): number | undefined {
  const value = Number(raw);
  return raw !== null && raw !== '' && Number.isInteger(value) && value > 0 ? value : undefined;
}
