import { describe, expect, it } from 'vitest';
import { FreshReads } from './fresh-reads';

/** A read that the test finishes by hand, numbering each read as it starts. */
function manualReads() {
  const pending: ((value: number) => void)[] = [];
  const failures: ((error: Error) => void)[] = [];
  let started = 0;
  const reads = new FreshReads<number>(
    () =>
      new Promise<number>((resolve, reject) => {
        const number = ++started;
        pending.push(() => resolve(number));
        failures.push(reject);
      }),
  );
  return { reads, started: () => started, finish: (index: number) => pending[index](0), fail: (index: number) => failures[index](new Error('lost')) };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('FreshReads', () => {
  it('answers callers that arrive during a read with the next read, shared, never the one under way', async () => {
    const { reads, started, finish } = manualReads();
    const first = reads.get();
    const second = reads.get();
    const third = reads.get();
    expect(started()).toBe(1);
    finish(0);
    expect(await first).toBe(1);
    await tick();
    expect(started()).toBe(2);
    finish(1);
    expect(await Promise.all([second, third])).toEqual([2, 2]);
  });

  it('starts a new read for a caller arriving once the reads are done', async () => {
    const { reads, started, finish } = manualReads();
    const first = reads.get();
    finish(0);
    await first;
    const later = reads.get();
    expect(started()).toBe(2);
    finish(1);
    expect(await later).toBe(2);
  });

  it('passes a failed read to its callers and still reads again for those waiting', async () => {
    const { reads, started, finish, fail } = manualReads();
    const first = reads.get();
    const second = reads.get();
    fail(0);
    await expect(first).rejects.toThrow('lost');
    await tick();
    expect(started()).toBe(2);
    finish(1);
    expect(await second).toBe(2);
  });
});
