import { describe, expect, it } from 'vitest';
import { BatchedLookups } from './batched-lookups';

/** A store read in batches the test releases one at a time. */
function store(rows: Record<string, number>) {
  const batches: string[][] = [];
  const releases: (() => void)[] = [];
  const readMany = (keys: string[]) => {
    batches.push(keys);
    return new Promise<Map<string, number>>((resolve) => releases.push(() => resolve(new Map(keys.filter((k) => k in rows).map((k) => [k, rows[k]])))));
  };
  return { batches, release: () => releases.shift()!(), readMany };
}

describe('BatchedLookups', () => {
  it('reads the first key at once and every key asked meanwhile in one next read', async () => {
    const db = store({ a: 1, b: 2, c: 3 });
    const lookups = new BatchedLookups(db.readMany, null);
    const a = lookups.get('a');
    const rest = [lookups.get('b'), lookups.get('c'), lookups.get('b'), lookups.get('gone')];
    expect(db.batches).toEqual([['a']]);
    db.release();
    await expect(a).resolves.toBe(1);
    expect(db.batches).toEqual([['a'], ['b', 'c', 'gone']]);
    db.release();
    await expect(Promise.all(rest)).resolves.toEqual([2, 3, 2, null]);
  });

  it('never answers a caller from a read that began before it asked', async () => {
    const db = store({ a: 1 });
    const lookups = new BatchedLookups(db.readMany, null);
    const first = lookups.get('a');
    const askedDuringTheRead = lookups.get('a');
    db.release();
    await expect(first).resolves.toBe(1);
    expect(db.batches).toEqual([['a'], ['a']]);
    db.release();
    await expect(askedDuringTheRead).resolves.toBe(1);
  });

  it('fails the callers of a failed read, and reads again for the next ones', async () => {
    let fail = true;
    const lookups = new BatchedLookups(async (keys: string[]) => {
      if (fail) throw new Error('database down');
      return new Map(keys.map((k) => [k, k.length]));
    }, 0);
    await expect(lookups.get('abc')).rejects.toThrow('database down');
    fail = false;
    await expect(lookups.get('abc')).resolves.toBe(3);
  });
});
