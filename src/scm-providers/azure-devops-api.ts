import { apiBaseOr, textField } from './adapter-config';
import { collectPages, listIn, withQuery } from './provider-answers';
import type { ProviderHttp } from './provider-adapter';

export const AZURE_DEVOPS_PUBLIC_API = 'https://dev.azure.com';

/** The REST version asked for (Azure DevOps Services; Azure DevOps Server 2022 and later). */
export const AZURE_API_VERSION = '7.1';

/** `<api>/<organization>`: the collection URL Argo CD opens its connection to (`api` may carry a path, as on-premises). */
export function azureOrganizationUrl(config: Record<string, unknown>): string {
  return `${apiBaseOr(config, AZURE_DEVOPS_PUBLIC_API)}/${encodeURIComponent(textField(config, 'organization'))}`;
}

/** `refs/heads/main` → `main`, as Argo CD strips it (only the first occurrence, only that prefix). */
export function shortBranchName(ref: string): string {
  return ref.replace('refs/heads/', '');
}

/**
 * Every item of an Azure DevOps list endpoint: `{count, value}`, with a further page announced by an
 * `x-ms-continuationtoken` header that the next request sends back as `continuationToken`. With `missingIsEmpty`
 * a 404 (the repository is gone) reads as an empty list.
 */
export function azureList(http: ProviderHttp, url: string, what: string, missingIsEmpty = false): Promise<Record<string, unknown>[]> {
  return collectPages(what, withQuery(url, { 'api-version': AZURE_API_VERSION }), async (pageUrl) => {
    const answer = missingIsEmpty ? await http.getJsonOrMissing<{ value?: unknown }>(pageUrl) : await http.getJson<{ value?: unknown }>(pageUrl);
    if (answer === undefined) return { items: [] };
    const { body, headers } = answer;
    const token = headers.get('x-ms-continuationtoken');
    return { items: listIn(body?.value, what), next: token ? withQuery(pageUrl, { continuationToken: token }) : undefined };
  });
}
