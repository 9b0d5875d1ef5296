import { objectField, isSet, textField } from './adapter-config';
import { collectPages, listIn, withQuery } from './provider-answers';
import type { ProviderHttp } from './provider-adapter';

/** Bitbucket Server's largest page is 1000, but Argo CD asks for 100 and so do we. */
const PAGE_SIZE = 100;

/**
 * The REST root of a Bitbucket Server: `api` is the server's base URL (https://bitbucket.example.org), and the
 * go-bitbucket-v1 client Argo CD uses adds `/rest/api/1.0`.
 */
export function bitbucketServerRest(config: Record<string, unknown>): string {
  return `${bitbucketServerBase(config)}/rest/api/1.0`;
}

export function bitbucketServerBase(config: Record<string, unknown>): string {
  return textField(config, 'api').trim().replace(/\/+$/, '');
}

/** basicAuth {username, passwordRef} or bearerToken {tokenRef}; neither means anonymous calls. */
export function bitbucketWantsCredentials(config: Record<string, unknown>): boolean {
  return isSet(objectField(config, 'basicAuth'), 'passwordRef') || isSet(objectField(config, 'bearerToken'), 'tokenRef');
}

/**
 * Every item of a Bitbucket Server list endpoint: pages of `limit` items from `start`, each answering
 * `{values, isLastPage, nextPageStart}`.
 */
export function bitbucketServerList(http: ProviderHttp, url: string, what: string): Promise<Record<string, unknown>[]> {
  return collectPages(what, withQuery(url, { limit: PAGE_SIZE }), async (pageUrl) => {
    const { body } = await http.getJson<{ values?: unknown; isLastPage?: unknown; nextPageStart?: unknown }>(pageUrl);
    const items = listIn(body?.values, what);
    const next = body.isLastPage === false && typeof body.nextPageStart === 'number' ? withQuery(pageUrl, { start: body.nextPageStart }) : undefined;
    return { items, next };
  });
}
