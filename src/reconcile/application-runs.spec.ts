import { describe, expect, it } from 'vitest';
import { ApplicationRuns } from './application-runs';

/** A task that records its start and ends when the test says so. */
function task(log: string[], label: string) {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return {
    run: async () => {
      log.push(`start ${label}`);
      await done;
      log.push(`end ${label}`);
      return label;
    },
    finish,
  };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('ApplicationRuns', () => {
  it('runs one application once at a time, in the order asked, and different applications side by side', async () => {
    const runs = new ApplicationRuns();
    const log: string[] = [];
    const [first, second, other] = [task(log, 'a1'), task(log, 'a2'), task(log, 'b')];
    const results = [runs.run('a', first.run), runs.run('a', second.run), runs.run('b', other.run)];
    await turn();
    expect(log).toEqual(['start a1', 'start b']);
    first.finish();
    await turn();
    expect(log).toEqual(['start a1', 'start b', 'end a1', 'start a2']);
    second.finish();
    other.finish();
    await expect(Promise.all(results)).resolves.toEqual(['a1', 'a2', 'b']);
  });

  it('waits for a failed run too, and frees the application afterwards', async () => {
    const runs = new ApplicationRuns();
    const failing = runs.run('a', () => Promise.reject(new Error('boom')));
    const after = runs.run('a', async () => 'next');
    await expect(failing).rejects.toThrow('boom');
    await expect(after).resolves.toBe('next');
  });

  it.each([
    { name: 'nothing ran since the mark', before: 'ran before the mark', expected: 'ran' },
    { name: 'another run ended after the mark', before: 'ran after the mark', expected: 'skipped' },
    { name: 'another run was under way at the mark (its write may be newer than the row read)', before: 'ended after the mark', expected: 'skipped' },
    { name: 'another run is under way', before: 'running', expected: 'skipped' },
  ])('a pass runs an application unless $name', async ({ before, expected }) => {
    const runs = new ApplicationRuns();
    const log: string[] = [];
    const other = task(log, 'other');
    if (before === 'ran before the mark') await runs.run('a', async () => undefined);
    const pending = before === 'running' || before === 'ended after the mark' ? runs.run('a', other.run) : undefined;
    const outcome = await runs.pass(async (mark) => {
      if (before === 'ran after the mark') await runs.run('a', async () => undefined);
      if (before === 'ended after the mark') {
        other.finish();
        await pending;
      }
      return runs.runUnlessRanSince('a', mark, async () => 'ran');
    });
    expect(outcome ?? 'skipped').toBe(expected);
    other.finish();
    await pending;
  });

  it('a later pass runs an application again once its stamp is older than the new mark', async () => {
    const runs = new ApplicationRuns();
    await runs.pass(async (mark) => {
      await runs.run('a', async () => undefined);
      expect(await runs.runUnlessRanSince('a', mark, async () => 'ran')).toBeUndefined();
    });
    expect(await runs.pass((mark) => runs.runUnlessRanSince('a', mark, async () => 'ran'))).toBe('ran');
  });

  it('a pass still under way skips what ran during it, even after a later pass ended', async () => {
    const runs = new ApplicationRuns();
    const log: string[] = [];
    const first = task(log, 'first pass');
    let firstMark = -1;
    const firstPass = runs.pass(async (mark) => {
      firstMark = mark;
      await first.run();
    });
    await runs.run('a', async () => undefined);
    await runs.pass(async () => undefined);
    expect(await runs.runUnlessRanSince('a', firstMark, async () => 'ran')).toBeUndefined();
    first.finish();
    await firstPass;
  });

  it('keeps no stamp outside a pass: a replica running none (no shard) does not collect one per manual request', async () => {
    const runs = new ApplicationRuns();
    const stamps = () => (runs as unknown as { endedAt: Map<string, number> }).endedAt.size;
    for (let index = 0; index < 100; index++) await runs.run(`app-${index}`, async () => undefined);
    expect(stamps()).toBe(0);
    await runs.pass(async () => {
      await runs.run('a', async () => undefined);
      await runs.run('b', () => Promise.reject(new Error('boom'))).catch(() => undefined);
      expect(stamps()).toBe(2);
    });
    expect(stamps()).toBe(0);
    await expect(runs.pass(() => Promise.reject(new Error('pass failed')))).rejects.toThrow('pass failed');
    await runs.run('c', async () => undefined);
    expect(stamps()).toBe(0);
  });
});
