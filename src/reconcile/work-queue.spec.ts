import { describe, expect, it } from 'vitest';
import { FakeClock } from '../clock/fake-clock';
import { WorkQueue } from './work-queue';

/** A queue whose runs the test finishes by hand, recording starts and the most keys ever in flight. */
function harness(concurrency: number, fail: (key: string) => boolean = () => false, clock?: FakeClock) {
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
    ...(clock && { now: () => clock.now().getTime(), schedule: (ms: number, task: () => void) => clock.schedule('look-turn', ms, task) }),
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

  it('addAndWait resolves once each key has finished a run that began after the call, a running key after its next run', async () => {
    const h = harness(2);
    h.queue.add('a');
    let done = false;
    const waiting = h.queue.addAndWait(['a', 'b', 'c']).then(() => (done = true));
    expect(h.running()).toEqual(['a', 'b']);
    await h.finish('a'); // began before the call: a runs again, after c, which was waiting
    await h.finish('b');
    expect(h.started).toEqual(['a', 'b', 'c', 'a']);
    await h.finish('c');
    expect(done).toBe(false);
    await h.finish('a');
    await waiting;
    expect(done).toBe(true);
  });

  it('addAndWait resolves on close, with a run still under way', async () => {
    const h = harness(1);
    const waiting = h.queue.addAndWait(['a', 'b']);
    h.queue.close();
    await waiting;
    await h.finish('a');
    expect(h.started).toEqual(['a']);
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

  describe('looks', () => {
    // On a clock of their own: a machine stalling for a second must not let a look start early.
    it('wait while changes wait or run, then go in the order they came', async () => {
      const h = harness(4, () => false, new FakeClock());
      h.queue.add('change-1');
      h.queue.add('look-1', 'look');
      h.queue.add('look-2', 'look');
      h.queue.add('change-2');
      expect(h.running()).toEqual(['change-1', 'change-2']);
      await h.finish('change-1');
      expect(h.running()).toEqual(['change-2']);
      await h.finish('change-2');
      expect(h.running()).toEqual(['look-1', 'look-2']);
      await h.finish('look-1');
      await h.finish('look-2');
      await h.queue.idle();
    });

    it('start at once when no change is under way, and a change queued meanwhile still goes first', async () => {
      const h = harness(1, () => false, new FakeClock());
      h.queue.add('look-1', 'look');
      h.queue.add('look-2', 'look');
      h.queue.add('change');
      expect(h.running()).toEqual(['look-1']);
      await h.finish('look-1');
      expect(h.running()).toEqual(['change']);
      await h.finish('change');
      await h.finish('look-2');
      await h.queue.idle();
      expect(h.started).toEqual(['look-1', 'change', 'look-2']);
    });

    it('wait for a slow change no longer than lookWaitMs', async () => {
      const clock = new FakeClock();
      const h = harness(4, () => false, clock);
      h.queue.add('slow-change');
      h.queue.add('look', 'look');
      await clock.advance(9_999);
      expect(h.running()).toEqual(['slow-change']);
      await clock.advance(1);
      expect(h.running()).toEqual(['slow-change', 'look']);
      await h.finish('look');
      await h.finish('slow-change');
      await h.queue.idle();
    });

    it('count as queued lookYieldMs later: they go before the changes queued after that, never before earlier ones', async () => {
      const clock = new FakeClock();
      const h = harness(1, () => false, clock);
      h.queue.add('change-1');
      h.queue.add('look', 'look');
      h.queue.add('change-2');
      await clock.advance(500);
      h.queue.add('change-3');
      await clock.advance(600);
      h.queue.add('change-4');
      for (const key of ['change-1', 'change-2', 'change-3', 'look', 'change-4']) {
        expect(h.running()).toEqual([key]);
        await h.finish(key);
      }
      await h.queue.idle();
      expect(h.started).toEqual(['change-1', 'change-2', 'change-3', 'look', 'change-4']);
    });

    it('become a change when the key is queued as one, and are not queued behind one of the same key', async () => {
      const h = harness(1, () => false, new FakeClock());
      h.queue.add('running');
      h.queue.add('a', 'look');
      h.queue.add('b', 'look');
      h.queue.add('b');
      h.queue.add('c');
      h.queue.add('c', 'look');
      await h.finish('running');
      expect(h.running()).toEqual(['b']);
      await h.finish('b');
      expect(h.running()).toEqual(['c']);
      await h.finish('c');
      expect(h.running()).toEqual(['a']);
      await h.finish('a');
      await h.queue.idle();
      expect(h.started).toEqual(['running', 'b', 'c', 'a']);
    });

    it('a key looked at while it runs runs again as a look, unless a change for it came too', async () => {
      const h = harness(2, () => false, new FakeClock());
      h.queue.add('a');
      h.queue.add('b');
      h.queue.add('a', 'look');
      h.queue.add('b', 'look');
      h.queue.add('b');
      h.queue.add('c');
      await h.finish('a');
      // a's second run is a look: it waits for the changes b and c.
      expect(h.running()).toEqual(['b', 'c']);
      await h.finish('b');
      expect(h.started.slice(3)).toEqual(['b']);
      await h.finish('c');
      await h.finish('b');
      expect(h.running()).toEqual(['a']);
      await h.finish('a');
      await h.queue.idle();
      expect(h.started).toEqual(['a', 'b', 'c', 'b', 'a']);
    });

    it('wait for a pass begun before their turn until it lets them go; changes run meanwhile', async () => {
      const clock = new FakeClock();
      const h = harness(4, () => false, clock);
      const letLooksGo = h.queue.passUnderWay();
      h.queue.add('look', 'look');
      await clock.advance(9_000);
      expect(h.running()).toEqual([]);
      h.queue.add('change');
      expect(h.running()).toEqual(['change']);
      await h.finish('change');
      expect(h.running()).toEqual([]);
      letLooksGo();
      expect(h.running()).toEqual(['look']);
      letLooksGo(); // a second call changes nothing
      await h.finish('look');
      await h.queue.idle();
      expect(h.started).toEqual(['change', 'look']);
    });

    it('go before the changes queued after their turn unless a pass began before it, and wait for a pass as for changes running', async () => {
      const clock = new FakeClock();
      const h = harness(2, () => false, clock);
      h.queue.add('slow-change');
      h.queue.add('early-look', 'look');
      await clock.advance(1_500); // the early look's turn (1 s) is past
      const letLooksGo = h.queue.passUnderWay();
      h.queue.add('late-look', 'look'); // its turn (2.5 s) comes after the pass began
      await clock.advance(1_100);
      h.queue.add('later-change'); // queued after both looks' turns
      expect(h.running()).toEqual(['slow-change', 'early-look']);
      await h.finish('early-look');
      expect(h.running()).toEqual(['slow-change', 'later-change']);
      await h.finish('later-change');
      await h.finish('slow-change');
      expect(h.running()).toEqual([]);
      letLooksGo();
      expect(h.running()).toEqual(['late-look']);
      await h.finish('late-look');
      await h.queue.idle();
    });

    it('once a pass has ended, still wait for the changes running', async () => {
      const clock = new FakeClock();
      const h = harness(2, () => false, clock);
      h.queue.add('slow-change');
      const letLooksGo = h.queue.passUnderWay();
      h.queue.add('look', 'look');
      await clock.advance(5_000);
      letLooksGo();
      expect(h.running()).toEqual(['slow-change']);
      await h.finish('slow-change');
      expect(h.running()).toEqual(['look']);
      await h.finish('look');
      await h.queue.idle();
    });

    it('wait for a pass that never lets them go no longer than lookWaitMs (a pass held up by unreachable clusters)', async () => {
      const clock = new FakeClock();
      const h = harness(2, () => false, clock);
      h.queue.passUnderWay();
      h.queue.add('look', 'look');
      await clock.advance(9_999);
      expect(h.running()).toEqual([]);
      await clock.advance(1);
      expect(h.running()).toEqual(['look']);
      await h.finish('look');
      await h.queue.idle();
    });

    it('are dropped on close, and idle() waits for them', async () => {
      const h = harness(1, () => false, new FakeClock());
      h.queue.add('change');
      h.queue.add('look', 'look');
      let idle = false;
      const waiting = h.queue.idle().then(() => (idle = true));
      await h.finish('change');
      expect(idle).toBe(false);
      h.queue.close();
      await h.finish('look');
      await waiting;
      expect(h.started).toEqual(['change', 'look']);
    });
  });
});
