import { describe, expect, it } from 'vitest';
import { FakeClock } from './fake-clock';

describe('FakeClock', () => {
  it('stands still until advanced, then reads the advanced time', async () => {
    const clock = new FakeClock('2026-03-01T12:00:00Z');
    expect(clock.now().toISOString()).toBe('2026-03-01T12:00:00.000Z');
    await clock.advance(1_500);
    expect(clock.now().toISOString()).toBe('2026-03-01T12:00:01.500Z');
  });

  it('fires due timers in time order (ties in scheduling order), each at its own due time, and no later ones', async () => {
    const clock = new FakeClock();
    const start = clock.now().getTime();
    const fired: string[] = [];
    const record = (name: string) => () => fired.push(`${name}@${clock.now().getTime() - start}`);
    clock.schedule('late', 300, record('late'));
    clock.schedule('first', 100, record('first'));
    clock.schedule('tie-a', 200, record('tie-a'));
    clock.schedule('tie-b', 200, record('tie-b'));
    clock.schedule('beyond', 301, record('beyond'));
    await clock.advance(300);
    expect(fired).toEqual(['first@100', 'tie-a@200', 'tie-b@200', 'late@300']);
    expect(clock.pendingTimers()).toEqual(['beyond']);
  });

  it('fires timers that a firing timer schedules within the same advance, and leaves later ones pending', async () => {
    const clock = new FakeClock();
    const fired: string[] = [];
    clock.schedule('outer', 100, () => {
      fired.push('outer');
      clock.schedule('inner-in-window', 50, () => fired.push('inner-in-window'));
      clock.schedule('inner-beyond', 500, () => fired.push('inner-beyond'));
    });
    await clock.advance(200);
    expect(fired).toEqual(['outer', 'inner-in-window']);
    expect(clock.pendingTimers()).toEqual(['inner-beyond']);
  });

  it('lets the promise chain a timer starts settle before the next timer fires', async () => {
    const clock = new FakeClock();
    const seen: string[] = [];
    clock.schedule('starts-work', 10, () => {
      void Promise.resolve()
        .then(() => undefined)
        .then(() => seen.push('work finished'));
    });
    clock.schedule('next', 20, () => seen.push('next fired'));
    await clock.advance(20);
    expect(seen).toEqual(['work finished', 'next fired']);
  });

  it('resolves a sleep only once time reaches its end', async () => {
    const clock = new FakeClock();
    let woke = false;
    const sleeping = clock.sleep(1_000).then(() => (woke = true));
    await clock.advance(999);
    expect(woke).toBe(false);
    await clock.advance(1);
    await sleeping;
    expect(woke).toBe(true);
    expect(clock.pendingTimers()).toEqual([]);
  });

  it('never fires a cancelled timer, and cancelling twice or after firing does nothing', async () => {
    const clock = new FakeClock();
    const fired: string[] = [];
    const cancelled = clock.schedule('cancelled', 10, () => fired.push('cancelled'));
    const kept = clock.schedule('kept', 10, () => fired.push('kept'));
    cancelled.cancel();
    cancelled.cancel();
    expect(clock.pendingTimers()).toEqual(['kept']);
    await clock.advance(10);
    kept.cancel();
    expect(fired).toEqual(['kept']);
  });

  it.each([
    { name: 'a signal aborted before the sleep starts', abortAfterStart: false },
    { name: 'a signal aborted while sleeping', abortAfterStart: true },
  ])('rejects a sleep with the reason of $name, and drops its timer', async ({ abortAfterStart }) => {
    const clock = new FakeClock();
    const controller = new AbortController();
    const reason = new Error('shutting down');
    if (!abortAfterStart) controller.abort(reason);
    const sleeping = clock.sleep(1_000, controller.signal);
    if (abortAfterStart) controller.abort(reason);
    await expect(sleeping).rejects.toBe(reason);
    expect(clock.pendingTimers()).toEqual([]);
  });

  it('advances to the next timer of a given name without the test knowing its delay', async () => {
    const clock = new FakeClock();
    const start = clock.now().getTime();
    const fired: string[] = [];
    clock.schedule('debounce', 100, () => fired.push('debounce'));
    clock.schedule('earlier', 40, () => fired.push('earlier'));
    clock.schedule('later', 150, () => fired.push('later'));
    await clock.advanceToNext('debounce');
    expect(fired).toEqual(['earlier', 'debounce']);
    expect(clock.now().getTime() - start).toBe(100);
    await expect(clock.advanceToNext('debounce')).rejects.toThrow('No pending timer named "debounce" (pending: later)');
  });
});
