import type { Clock, Timer } from '../../../../src/clock/clock';

/** Keyed, cancellable timers on the instance's clock; they never keep the process alive and are all cleared on stop. */
export class Timers {
  /** The one timer pending under each key (a key's steps are scheduled one after another). */
  private readonly pending = new Map<string, Timer>();
  private stopped = false;

  constructor(private readonly clock: Clock) {}

  /**
   * Replaces the timers registered under `key` with new ones ([delayMs, action] pairs, delays counted from now and in
   * increasing order). The steps run in the order given: each is scheduled when the one before it has run, for the rest
   * of its delay. Scheduled all at once they could run out of order — Node runs due timers one list per duration, so
   * when the event loop comes back late, a due 100 ms timer can run before a due 0 ms timer set at the same moment.
   */
  replace(key: string, steps: [number, () => void][]): void {
    this.cancel(key);
    if (this.stopped) return;
    this.scheduleStep(key, steps, 0, 0);
  }

  /** Registers an action only when none is pending under `key` (coalescing repeated triggers). */
  once(key: string, delayMs: number, action: () => void): void {
    if (this.pending.has(key)) return;
    this.replace(key, [[delayMs, action]]);
  }

  cancel(key: string): void {
    this.pending.get(key)?.cancel();
    this.pending.delete(key);
  }

  stop(): void {
    this.stopped = true;
    for (const key of [...this.pending.keys()]) this.cancel(key);
  }

  private scheduleStep(key: string, steps: [number, () => void][], index: number, elapsedMs: number): void {
    if (index >= steps.length || this.stopped) return;
    const [delayMs, action] = steps[index];
    const handle = this.clock.schedule(`kube-api ${key}`, Math.max(0, delayMs - elapsedMs), () => {
      if (this.pending.get(key) === handle) this.pending.delete(key);
      // The next step is pending before this one acts, so a `replace` its action causes supersedes it.
      this.scheduleStep(key, steps, index + 1, Math.max(delayMs, elapsedMs));
      action();
    });
    this.pending.set(key, handle);
  }
}
