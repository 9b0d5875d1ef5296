/** Helpers the adapters share to build API and web URLs from a configuration. */

/** `base` (no trailing slash) joined with path segments, each escaped as one segment. */
export function apiUrl(base: string, segments: readonly (string | number)[], query: Record<string, string | number | boolean | undefined> = {}): string {
  const url = new URL(`${base}/${segments.map((segment) => encodeURIComponent(String(segment))).join('/')}`);
  for (const [name, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(name, String(value));
  return url.toString();
}

/** A configuration's string field, or undefined when absent, null or empty. */
export function stringField(config: Record<string, unknown>, name: string): string | undefined {
  const value = config[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Whether a configuration sets a (non-null) field, e.g. a secret reference. */
export function hasField(config: Record<string, unknown>, name: string): boolean {
  return config[name] !== undefined && config[name] !== null;
}

/** The API base as written: a valid http(s) URL without a trailing slash. Throws a message naming the field. */
export function parseApiUrl(raw: string, provider: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`${provider}: "api" is not a valid URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`${provider}: "api" must be an http or https URL`);
  if (url.username !== '' || url.password !== '') throw new Error(`${provider}: "api" must not carry credentials; register them as repository credentials`);
  return url;
}

/** The web origin of an API URL (`api.github.com` → `github.com`), under which repositories are registered. */
export function webOrigin(api: URL): string {
  const host = api.host.startsWith('api.') ? api.host.slice(4) : api.host;
  return `${api.protocol}//${host}`;
}
