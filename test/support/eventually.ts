import { setTimeout as delay } from 'node:timers/promises';

export interface EventuallyOptions {
  /** Gives up after this long (real time). */
  timeoutMs: number;
  /** Pause between checks. Default 20 ms. */
  intervalMs?: number;
  /** What is awaited, for the error message. */
  what?: string;
}

/**
 * Checks until `check` returns something other than `undefined` or `false`, and returns that, bounded by a
 * deadline. Only for real I/O outside the test's control (a child process, a socket, another process's leases):
 * work the hub or the Kubernetes API test server does on a clock is driven by advancing a `FakeClock` instead.
 */
export async function eventually<T>(check: () => T | Promise<T>, options: EventuallyOptions): Promise<Exclude<T, undefined | false>> {
  const deadline = performance.now() + options.timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value as Exclude<T, undefined | false>;
    if (performance.now() > deadline) throw new Error(`Timed out after ${options.timeoutMs} ms waiting for ${options.what ?? 'a condition'}`);
    await delay(options.intervalMs ?? 20);
  }
}
