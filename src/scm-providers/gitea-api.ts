import { collectPages, listIn, text, withQuery } from './provider-answers';
import type { ProviderHttp } from './provider-adapter';

/** Gitea's public instance, for a configuration without `api` (Argo CD requires it; a blank one still needs a base). */
export const GITEA_PUBLIC_API = 'https://gitea.com';

/** Gitea caps `limit` at its MAX_RESPONSE_ITEMS, 50 by default; asking for more silently returns 50. */
const GITEA_PAGE_SIZE = 50;

/**
 * Every item of a Gitea list endpoint. Gitea pages with `page`/`limit` and announces a further page with a
 * `Link: <…>; rel="next"` header; the next URL is built here rather than taken from the header, so credentials are
 * only ever sent to the configured API.
 */
export function giteaList(http: ProviderHttp, url: string, what: string): Promise<Record<string, unknown>[]> {
  return collectPages(what, withQuery(url, { page: 1, limit: GITEA_PAGE_SIZE }), async (pageUrl) => {
    const { body, headers } = await http.getJson<unknown>(pageUrl);
    const page = Number(new URL(pageUrl).searchParams.get('page'));
    const more = /rel="?next"?/.test(headers.get('link') ?? '');
    return { items: listIn(body, what), next: more ? withQuery(pageUrl, { page: page + 1 }) : undefined };
  });
}

/** The names of a Gitea label list (on a pull request or a repository). */
export function labelNames(labels: unknown): string[] {
  return Array.isArray(labels) ? labels.map((label) => text(label, 'name')) : [];
}
