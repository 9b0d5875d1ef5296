import { describe, expect, it } from 'vitest';
import { mapBounded, runBounded } from './run-bounded';

/** A promise with its resolve, to hold work open until the test lets it go. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

describe('runBounded', () => {
  it('keeps at most `limit` items in flight and runs every one', async () => {
    let inFlight = 0;
    let most = 0;
    const done: number[] = [];
    await runBounded([1, 2, 3, 4, 5, 6, 7], 3, async (item) => {
      most = Math.max(most, ++inFlight);
      await new Promise((resolve) => setImmediate(resolve));
      inFlight--;
      done.push(item);
    });
    expect(most).toBe(3);
    expect(done.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('rejects with the first error only once the items under way have finished, and starts no more', async () => {
    const slow = gate();
    const started: number[] = [];
    let slowFinished = false;
    const run = runBounded([1, 2, 3, 4], 2, async (item) => {
      started.push(item);
      if (item === 1) {
        await slow.promise;
        slowFinished = true;
      }
      if (item === 2) throw new Error('item 2 failed');
    });
    let settled = false;
    void run.catch(() => undefined).finally(() => (settled = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
    slow.open();
    await expect(run).rejects.toThrow('item 2 failed');
    expect(slowFinished).toBe(true);
    expect(started).toEqual([1, 2]);
  });
});

describe('mapBounded', () => {
  it('answers in the order of the items', async () => {
    expect(await mapBounded([3, 1, 2], 2, async (n) => n * 10)).toEqual([30, 10, 20]);
  });
});
