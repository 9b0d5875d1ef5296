import { SchedulerRegistry } from '@nestjs/schedule';
import { describe, expect, it } from 'vitest';
import { SystemClock } from './system-clock';

describe('SystemClock', () => {
  it('registers a timer in the scheduler registry under its name, and forgets it once it fired', async () => {
    const registry = new SchedulerRegistry();
    const clock = new SystemClock(registry);
    let fire!: () => void;
    const fired = new Promise<void>((resolve) => (fire = resolve));
    clock.schedule('retry', 0, fire);
    expect(registry.getTimeouts()).toEqual(['retry#1']);
    await fired;
    expect(registry.getTimeouts()).toEqual([]);
  });

  it('gives timers of one name unique keys, and forgets a cancelled timer without firing it', async () => {
    const registry = new SchedulerRegistry();
    const clock = new SystemClock(registry);
    const fired: string[] = [];
    const cancelled = clock.schedule('poll', 0, () => fired.push('cancelled'));
    let fire!: () => void;
    const kept = new Promise<void>((resolve) => (fire = resolve));
    clock.schedule('poll', 0, () => {
      fired.push('kept');
      fire();
    });
    expect(registry.getTimeouts()).toEqual(['poll#1', 'poll#2']);
    cancelled.cancel();
    expect(registry.getTimeouts()).toEqual(['poll#2']);
    // Timers of equal delay fire in scheduling order, so the cancelled one would have fired before this one.
    await kept;
    expect(fired).toEqual(['kept']);
    expect(registry.getTimeouts()).toEqual([]);
  });

  it('schedules without a registry (outside Nest)', async () => {
    const clock = new SystemClock();
    await expect(new Promise<void>((resolve) => clock.schedule('plain', 0, resolve))).resolves.toBeUndefined();
  });

  it('rejects a sleep with the abort reason', async () => {
    const controller = new AbortController();
    const reason = new Error('shutting down');
    const sleeping = new SystemClock().sleep(60_000, controller.signal);
    controller.abort(reason);
    await expect(sleeping).rejects.toBe(reason);
  });
});
