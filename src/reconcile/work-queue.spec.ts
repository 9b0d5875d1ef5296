import { describe, expect, it } from 'vitest';
import { WorkQueue } from './work-queue';

/** A queue whose runs the test finishes by hand, recording starts and the most keys ever in flight. */
function harness(concurrency: number, fail: (key: string) => boolean = () => false) {
  const started: string[] = [];
  const errors: string[] = [];
  const finishers = new Map<string, (() => void)[]>();
  const inFlight = new Map<string, number>();
  let most = 0;
  let mostOfOneKey = 0;
  const queue = new WorkQueue({
    concurrency,
    process: (key) => {
      started.push(key);
      inFlight.set(key, (inFlight.get(key) ?? 0) + 1);
      most = Math.max(most, [...inFlight.values()].reduce((a, b) => a + b, 0));
      mostOfOneKey = Math.max(mostOfOneKey, inFlight.get(key)!);
      return new Promise<void>((resolve, reject) => {
        const finish = () => {
          inFlight.set(key, inFlight.get(key)! - 1);
          if (fail(key)) reject(new Error(`${key} failed`));
          else resolve();
        };
        finishers.set(key, [...(finishers.get(key) ?? []), finish]);
      });
    },
    onError: (key) => errors.push(key),
  });
  /** Finishes the oldest run of `key` and lets the queue react. */
  const finish = async (key: string) => {
    const pending = finishers.get(key) ?? [];
    if (pending.length === 0) throw new Error(`${key} is not running`);
    pending.shift()!();
    await new Promise((resolve) => setImmediate(resolve));
  };
  const running = () => [...finishers.entries()].filter(([, pending]) => pending.length > 0).map(([key]) => key);
  return { queue, started, errors, finish, running, most: () => most, mostOfOneKey: () => mostOfOneKey };
}

describe('WorkQueue', () => {
  it('processes every key once, in the order they came', async () => {
    const h = harness(1);
    for (const key of ['a', 'b', 'c']) h.queue.add(key);
    for (const key of ['a', 'b', 'c']) await h.finish(key);
    await h.queue.idle();
    expect(h.started).toEqual(['a', 'b', 'c']);
  });

  it('does not queue a waiting key twice', async () => {
    const h = harness(1);
    h.queue.add('a');
    h.queue.add('b');
    h.queue.add('b');
    h.queue.add('b');
    await h.finish('a');
    await h.finish('b');
    await h.queue.idle();
    expect(h.started).toEqual(['a', 'b']);
  });

  it('gives a key added while it runs exactly one follow-up run, never two runs at once', async () => {
    const h = harness(4);
    h.queue.add('a');
    h.queue.add('a');
    h.queue.add('a');
    expect(h.running()).toEqual(['a']);
    await h.finish('a');
    expect(h.started).toEqual(['a', 'a']);
    await h.finish('a');
    await h.queue.idle();
    expect(h.started).toEqual(['a', 'a']);
    expect(h.mostOfOneKey()).toBe(1);
  });

  it('runs at most `concurrency` keys at once and starts the next as one finishes', async () => {
    const h = harness(2);
    for (const key of ['a', 'b', 'c', 'd']) h.queue.add(key);
    expect(h.running()).toEqual(['a', 'b']);
    await h.finish('b');
    expect(h.running()).toEqual(['a', 'c']);
    for (const key of ['a', 'c', 'd']) await h.finish(key);
    await h.queue.idle();
    expect(h.most()).toBe(2);
    expect(h.started).toEqual(['a', 'b', 'c', 'd']);
  });

  it('reports a failed run and carries on', async () => {
    const h = harness(1, (key) => key === 'a');
    h.queue.add('a');
    h.queue.add('b');
    await h.finish('a');
    await h.finish('b');
    await h.queue.idle();
    expect(h.errors).toEqual(['a']);
    expect(h.started).toEqual(['a', 'b']);
  });

  it('resolves idle() only when nothing waits or runs', async () => {
    const h = harness(1);
    await h.queue.idle();
    h.queue.add('a');
    h.queue.add('b');
    let idle = false;
    const waiting = h.queue.idle().then(() => (idle = true));
    await h.finish('a');
    expect(idle).toBe(false);
    await h.finish('b');
    await waiting;
    expect(idle).toBe(true);
  });

  it('once closed, drops what waits, lets the run under way finish and takes nothing new', async () => {
    const h = harness(1);
    h.queue.add('a');
    h.queue.add('b');
    h.queue.add('a');
    h.queue.close();
    h.queue.add('c');
    await h.finish('a');
    await h.queue.idle();
    expect(h.started).toEqual(['a']);
  });
});
