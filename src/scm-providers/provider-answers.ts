/** Reading provider answers: page walking, shape checks and failure wording shared by the adapters. */

/** One page of a list and where the next one is (absent on the last page). */
export interface Page<T> {
  items: T[];
  next?: string;
}

/** A provider that never says "last page" must not hold a generator forever: 1000 pages of 100 is far beyond any org. */
const MAX_PAGES = 1000;

/** Reads pages from `firstUrl` on until one has no `next`, refusing a page asked twice (a provider looping). */
export async function collectPages<T>(what: string, firstUrl: string, readPage: (url: string) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  const asked = new Set<string>();
  for (let url: string | undefined = firstUrl; url !== undefined; ) {
    if (asked.has(url)) throw new Error(`${what}: the provider answered the same page again; stopped`);
    if (asked.size >= MAX_PAGES) throw new Error(`${what}: more than ${MAX_PAGES} pages; stopped`);
    asked.add(url);
    const page: Page<T> = await readPage(url);
    items.push(...page.items);
    url = page.next;
  }
  return items;
}

/** `url` with query parameters set (replacing earlier values of the same name). */
export function withQuery(url: string, params: Record<string, string | number>): string {
  const result = new URL(url);
  for (const [name, value] of Object.entries(params)) result.searchParams.set(name, String(value));
  return result.toString();
}

/**
 * A next-page link the provider wrote into its answer. The credentials go wherever the adapter asks, so a link to
 * another origin than the API's is refused rather than followed.
 */
export function sameOriginLink(link: string, apiBase: string, what: string): string {
  let parsed: URL;
  try {
    parsed = new URL(link, `${apiBase}/`);
  } catch {
    throw new Error(`${what}: the provider's next-page link is not a URL`);
  }
  if (parsed.origin !== new URL(apiBase).origin) throw new Error(`${what}: the provider's next-page link points to another host (${parsed.host}); not followed`);
  return parsed.toString();
}

/** The list a provider answered, or a clear failure when the answer has another shape (a proxy's page, an error). */
export function listIn(value: unknown, what: string): Record<string, unknown>[] {
  if (!Array.isArray(value)) throw new Error(`${what}: unexpected answer from the provider (no list)`);
  return value.filter((item): item is Record<string, unknown> => typeof item === 'object' && item !== null);
}

/**
 * Runs a provider call, prefixing its (already safe) failure message with what was being read. The error itself is
 * kept, not wrapped: callers tell failures apart by class (a repository-not-found answer, a timeout).
 */
export async function reading<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof Error)) throw new Error(`${what}: ${String(error)}`);
    if (!error.message.startsWith(what)) error.message = `${what}: ${error.message}`;
    throw error;
  }
}

/** A nested field as text: `text(pr, 'head', 'ref')`; '' when any step is missing (Go's zero value, as Argo CD reads it). */
export function text(value: unknown, ...path: string[]): string {
  const found = dig(value, path);
  return typeof found === 'string' ? found : typeof found === 'number' ? String(found) : '';
}

/** A nested field as it is (object, number, list), or undefined. */
export function dig(value: unknown, path: string[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}
