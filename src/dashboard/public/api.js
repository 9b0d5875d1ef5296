// The one client of the hub's REST API. A token signed in with lives in sessionStorage (gone with the tab) and is
// sent as a bearer token; without one the SSO session cookie authenticates (fetch sends it, and the hub's Origin).
const TOKEN_KEY = 'flotilla.token';

export const token = {
  get: () => sessionStorage.getItem(TOKEN_KEY),
  set: (value) => sessionStorage.setItem(TOKEN_KEY, value),
  clear: () => sessionStorage.removeItem(TOKEN_KEY),
};

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export async function api(path, { method = 'GET', body } = {}) {
  const headers = { Accept: 'application/json' };
  const bearer = token.get();
  if (bearer) headers.Authorization = `Bearer ${bearer}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
  if (response.status === 204) return null;
  const answer = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, answer?.message ?? `${response.status} ${response.statusText}`);
  return answer;
}

/** Every item of a paginated list, following nextCursor. */
export async function listAll(path) {
  const items = [];
  let cursor;
  do {
    const separator = path.includes('?') ? '&' : '?';
    const page = await api(cursor ? `${path}${separator}cursor=${encodeURIComponent(cursor)}` : path);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

const decisions = new Map();
const DECISION_TTL_MS = 60_000;

/** Whether the caller may do this (GET /api/v1/account/can-i), remembered for a minute so polling asks rarely. */
export async function canI(resource, action, object) {
  const key = `${resource} ${action} ${object}`;
  const known = decisions.get(key);
  if (known && known.until > Date.now()) return known.allowed;
  const query = new URLSearchParams({ resource, action, object });
  const { allowed } = await api(`/api/v1/account/can-i?${query}`);
  decisions.set(key, { allowed, until: Date.now() + DECISION_TTL_MS });
  return allowed;
}

export function forgetDecisions() {
  decisions.clear();
}

export const enc = encodeURIComponent;
