/** A pending timer; cancelling one that already fired does nothing. */
export interface Timer {
  cancel(): void;
}

/**
 * Time as an adapter: what the hub reads the time with, waits with and schedules with. Production uses the
 * system clock; tests move a `FakeClock` forward instead of sleeping.
 */
export abstract class Clock {
  abstract now(): Date;

  /** Resolves after `ms`; rejects with the signal's reason when `signal` aborts first. */
  abstract sleep(ms: number, signal?: AbortSignal): Promise<void>;

  /**
   * Runs `task` once after `ms`. `name` says what the timer is for (it shows up in the scheduler registry).
   * A scheduled timer never keeps the process alive on its own.
   */
  abstract schedule(name: string, ms: number, task: () => void): Timer;
}
