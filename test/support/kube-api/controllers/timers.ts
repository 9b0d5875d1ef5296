import type { Clock, Timer } from '../../../../src/clock/clock';

/** Keyed, cancellable timers on the instance's clock; they never keep the process alive and are all cleared on stop. */
export class Timers {
  private readonly pending = new Map<string, Timer[]>();
  private stopped = false;

  constructor(private readonly clock: Clock) {}

  /** Replaces the timers registered under `key` with new ones ([delayMs, action] pairs). */
  replace(key: string, steps: [number, () => void][]): void {
    this.cancel(key);
    if (this.stopped) return;
    const handles = steps.map(([delay, action]) => {
      const handle: Timer = this.clock.schedule(`kube-api ${key}`, delay, () => {
        const left = (this.pending.get(key) ?? []).filter((h) => h !== handle);
        if (left.length > 0) this.pending.set(key, left);
        else this.pending.delete(key);
        action();
      });
      return handle;
    });
    this.pending.set(key, handles);
  }

  /** Registers an action only when none is pending under `key` (coalescing repeated triggers). */
  once(key: string, delayMs: number, action: () => void): void {
    if (this.pending.has(key)) return;
    this.replace(key, [[delayMs, action]]);
  }

  cancel(key: string): void {
    for (const handle of this.pending.get(key) ?? []) handle.cancel();
    this.pending.delete(key);
  }

  stop(): void {
    this.stopped = true;
    for (const key of [...this.pending.keys()]) this.cancel(key);
  }
}
