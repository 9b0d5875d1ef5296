import { describe, expect, it } from 'vitest';
import { BatchedWrites } from './batched-writes';

/** A table written in batches the test releases one at a time; an item 'bad' fails whatever batch carries it. */
function table(failure: (items: string[]) => Error | undefined = (items) => (items.includes('bad') ? new Error('value refused') : undefined)) {
  const batches: string[][] = [];
  const releases: (() => void)[] = [];
  const writeMany = (items: string[]) => {
    batches.push(items);
    return new Promise<number[]>((resolve, reject) =>
      releases.push(() => {
        const error = failure(items);
        if (error) reject(error);
        else resolve(items.map((item) => item.length));
      }),
    );
  };
  return { batches, release: () => releases.shift()!(), pending: () => releases.length, writeMany };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));
const alwaysAlone = { maxBatch: 100, retryAlone: () => true };

describe('BatchedWrites', () => {
  it('writes the first item at once and every item given meanwhile in one next write, each caller answered its own result', async () => {
    const db = table();
    const writes = new BatchedWrites(db.writeMany, alwaysAlone);
    const first = writes.write('a');
    const rest = [writes.write('bb'), writes.write('ccc'), writes.write('bb')];
    expect(db.batches).toEqual([['a']]);
    db.release();
    await expect(first).resolves.toBe(1);
    expect(db.batches).toEqual([['a'], ['bb', 'ccc', 'bb']]);
    db.release();
    await expect(Promise.all(rest)).resolves.toEqual([2, 3, 2]);
  });

  it('keeps batches to maxBatch, one write under way at a time', async () => {
    const db = table();
    const writes = new BatchedWrites(db.writeMany, { ...alwaysAlone, maxBatch: 2 });
    const all = Promise.all(['a', 'b', 'c', 'd', 'e'].map((item) => writes.write(item)));
    for (let i = 0; i < 3; i++) {
      expect(db.pending()).toBe(1);
      db.release();
      await turn();
    }
    await all;
    expect(db.batches).toEqual([['a'], ['b', 'c'], ['d', 'e']]);
  });

  it('writes a failed batch again one item at a time, so only the bad item fails', async () => {
    const db = table();
    const writes = new BatchedWrites(db.writeMany, alwaysAlone);
    const first = writes.write('a');
    const batch = [writes.write('bb'), writes.write('bad'), writes.write('ccc')].map((p) => p.then((n) => ({ n }), (error: Error) => ({ error: error.message })));
    db.release();
    await first;
    while (db.pending() > 0) {
      db.release();
      await turn();
    }
    await expect(Promise.all(batch)).resolves.toEqual([{ n: 2 }, { error: 'value refused' }, { n: 3 }]);
    expect(db.batches).toEqual([['a'], ['bb', 'bad', 'ccc'], ['bb'], ['bad'], ['ccc']]);
  });

  it('fails every caller of a batch at once when the failure is not about its items, and writes the next ones', async () => {
    let down = true;
    const db = table(() => (down ? new Error('database down') : undefined));
    const writes = new BatchedWrites(db.writeMany, { maxBatch: 100, retryAlone: (error) => (error as Error).message !== 'database down' });
    const first = writes.write('a').catch((error: Error) => error.message);
    const batch = [writes.write('bb'), writes.write('ccc')].map((p) => p.catch((error: Error) => error.message));
    db.release();
    await turn();
    db.release();
    await expect(Promise.all([first, ...batch])).resolves.toEqual(['database down', 'database down', 'database down']);
    expect(db.batches).toEqual([['a'], ['bb', 'ccc']]);
    down = false;
    const next = writes.write('dddd');
    db.release();
    await expect(next).resolves.toBe(4);
  });
});
