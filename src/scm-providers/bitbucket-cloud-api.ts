import { collectPages, listIn, sameOriginLink, withQuery } from './provider-answers';
import type { ProviderHttp } from './provider-adapter';

/** Bitbucket Cloud's API (v2.0), for a configuration without `api`, and the web host its repositories live under. */
export const BITBUCKET_CLOUD_API = 'https://api.bitbucket.org/2.0';
const BITBUCKET_CLOUD_API_HOST = 'api.bitbucket.org';
const BITBUCKET_CLOUD_WEB = 'https://bitbucket.org';

/**
 * The web origin whose repository URLs credentials are registered under: bitbucket.org for the public API, the
 * API's own origin for any other base (a proxy, a test server).
 */
export function bitbucketCloudWeb(apiBase: string): string {
  const url = new URL(apiBase);
  return url.host === BITBUCKET_CLOUD_API_HOST ? BITBUCKET_CLOUD_WEB : url.origin;
}

/**
 * Every item of a Bitbucket Cloud list endpoint: each page answers `{values, next}`, `next` being the full URL of
 * the following page; it is followed only within the API's origin.
 */
export function bitbucketCloudList(http: ProviderHttp, apiBase: string, url: string, pageLength: number, what: string): Promise<Record<string, unknown>[]> {
  return collectPages(what, withQuery(url, { pagelen: pageLength }), async (pageUrl) => {
    const { body } = await http.getJson<{ values?: unknown; next?: unknown }>(pageUrl);
    const items = listIn(body?.values, what);
    const next = typeof body.next === 'string' && body.next !== '' ? sameOriginLink(body.next, apiBase, what) : undefined;
    return { items, next };
  });
}
