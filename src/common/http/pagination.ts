import { z } from 'zod';
import { DomainError } from '../errors/domain-error';
import { unusableTextReason } from './input-guard';
import { isUuid } from './uuid-param.pipe';

/** One page of a keyset-paginated list: pass `nextCursor` back as `?cursor=` for the next one. */
export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

/** A row's position in the list order: one value per sort column (e.g. `[name]`, `[startedAt, id]`). */
export type PageKey = readonly string[];

/** The `limit` and `cursor` query parameters of every paginated route. */
export function pageQuery(maxLimit: number, defaultLimit: number) {
  return {
    limit: z.coerce.number().int().min(1).max(maxLimit).default(defaultLimit),
    cursor: z.string().max(2048).optional(),
  };
}

/**
 * The key to continue after, from a `?cursor=`; undefined for the first page. Cursors are opaque to clients, so
 * the ordering can change later; anything this API did not make (or text no key can hold) is a 400 on `cursor`.
 */
export function keyAfter(cursor: string | undefined, size: number): string[] | undefined {
  if (cursor === undefined) return undefined;
  try {
    const decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { after?: unknown };
    const after = decoded.after;
    if (Array.isArray(after) && after.length === size && after.every((part) => typeof part === 'string' && !unusableTextReason(part, true))) return after;
  } catch {
    // Falls through to the error below: any undecodable cursor is the caller's mistake.
  }
  throw invalidCursor();
}

/**
 * The key of a list ordered by time, newest first, then by id (`[at.toISOString(), id]`, as `toPage` wrote it);
 * undefined for the first page. Anything looser than what was written could still fail the query, so it is a 400.
 */
export function timeKeyAfter(cursor: string | undefined): { at: string; id: string } | undefined {
  const key = keyAfter(cursor, 2);
  if (!key) return undefined;
  const [at, id] = key;
  const time = Date.parse(at);
  if (Number.isNaN(time) || new Date(time).toISOString() !== at || !isUuid(id)) throw invalidCursor();
  return { at, id };
}

/** The 400 for a cursor this API did not write. */
export function invalidCursor(): DomainError {
  return new DomainError('ValidationFailed', 'Invalid cursor', [{ field: 'cursor', reason: 'not a cursor returned by this API' }]);
}

/**
 * Turns `limit + 1` rows (as the repositories fetch them) into a page: the extra row only says that there is a
 * next page, whose cursor is the key of the last row shown.
 */
export function toPage<Row, View>(rows: readonly Row[], limit: number, keyOf: (row: Row) => PageKey, view: (row: Row) => View): Page<View> {
  const shown = rows.slice(0, limit);
  const page: Page<View> = { items: shown.map(view) };
  if (rows.length > limit && shown.length > 0) {
    page.nextCursor = Buffer.from(JSON.stringify({ after: keyOf(shown[shown.length - 1]) }), 'utf8').toString('base64url');
  }
  return page;
}

/** Rows read at a time while filtering a list by access: enough that a sparse caller's page costs few queries. */
const FILTERED_CHUNK = 500;

/**
 * The `limit + 1` rows a caller may see, from a keyset-ordered source read in chunks (`read(after, count)` answers
 * up to `count + 1` rows after `after`, or from the cursor when `after` is undefined), so a filtered page is full
 * unless the list ends, and its cursor (the last row shown) continues after it. Without `keep`, one read.
 */
export async function visibleRows<Row>(limit: number, read: (after: Row | undefined, count: number) => Promise<Row[]>, keep?: (rows: Row[]) => Row[] | Promise<Row[]>): Promise<Row[]> {
  if (!keep) return read(undefined, limit);
  const chunk = Math.max(limit, FILTERED_CHUNK);
  const kept: Row[] = [];
  let after: Row | undefined;
  for (;;) {
    const rows = await read(after, chunk);
    const page = rows.slice(0, chunk);
    kept.push(...(await keep(page)));
    if (kept.length > limit || rows.length <= chunk) return kept.slice(0, limit + 1);
    after = page[page.length - 1];
  }
}
