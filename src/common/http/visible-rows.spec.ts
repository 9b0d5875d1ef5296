import { describe, expect, it } from 'vitest';
import { keyAfter, toPage, visibleRows } from './pagination';

/** 2,000 names in order, of which the caller may see every 97th: pages must be full and continue where they stopped. */
const NAMES = Array.from({ length: 2_000 }, (_, i) => `app-${String(i).padStart(5, '0')}`);
const visible = (name: string) => Number(name.slice(4)) % 97 === 0;

function reader() {
  const reads: number[] = [];
  const read = (after: string | undefined, cursor: string | undefined, count: number) => {
    const start = after ?? cursor;
    const rows = NAMES.filter((name) => start === undefined || name > start).slice(0, count + 1);
    reads.push(rows.length);
    return Promise.resolve(rows);
  };
  return { reads, read };
}

async function page(limit: number, cursor: string | undefined, keep?: (rows: string[]) => string[]) {
  const { reads, read } = reader();
  const start = keyAfter(cursor, 1)?.[0];
  const rows = await visibleRows<string>(limit, (after, count) => read(after, start, count), keep);
  return { ...toPage(rows, limit, (name) => [name], (name) => name), reads };
}

describe('visibleRows', () => {
  it('fills each page with visible rows and continues after the last one shown', async () => {
    const keep = (rows: string[]) => rows.filter(visible);
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const result = await page(5, cursor, keep);
      if (result.nextCursor) expect(result.items).toHaveLength(5);
      seen.push(...result.items);
      cursor = result.nextCursor;
      pages += 1;
    } while (cursor);
    expect(seen).toEqual(NAMES.filter(visible));
    expect(pages).toBe(5);
  });

  it('reads in chunks of 500, not a row at a time, and once without a filter', async () => {
    const sparse = await page(5, undefined, (rows) => rows.filter(visible));
    // Six of the first 500 are visible: one read fills a page of five and says there is more.
    expect(sparse.reads).toEqual([501]);
    const unfiltered = await page(5, undefined);
    expect(unfiltered.reads).toEqual([6]);
    expect(unfiltered.items).toEqual(NAMES.slice(0, 5));
  });

  it('ends with a short page and no cursor when nothing more is visible', async () => {
    const none = await page(10, undefined, () => []);
    expect(none).toMatchObject({ items: [] });
    expect(none.nextCursor).toBeUndefined();
    expect(none.reads).toEqual([501, 501, 501, 500]);
  });
});
