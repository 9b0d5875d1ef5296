import { Clock, type Timer } from './clock';

/**
 * The system clock without Nest: for processes that are not the hub (the `flotilla` CLI), which must not load the
 * hub's modules. Same behaviour as SystemClock minus the scheduler registry, which only the hub has.
 */
export class PlainClock extends Clock {
  now(): Date {
    return new Date();
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason as Error);
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason as Error);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  schedule(_name: string, ms: number, task: () => void): Timer {
    const timer = setTimeout(task, ms);
    timer.unref();
    return { cancel: () => clearTimeout(timer) };
  }
}
