import { Injectable, Optional } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { Clock, type Timer } from './clock';

/**
 * The real clock. Timers are registered in @nestjs/schedule's registry under their name (made unique), so they
 * are visible there and cleared by the schedule module when the application shuts down.
 */
@Injectable()
export class SystemClock extends Clock {
  private sequence = 0;

  constructor(@Optional() private readonly registry?: SchedulerRegistry) {
    super();
  }

  now(): Date {
    return new Date();
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason as Error);
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal!.reason as Error);
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  schedule(name: string, ms: number, task: () => void): Timer {
    const key = `${name}#${++this.sequence}`;
    const forget = () => {
      if (this.registry?.doesExist('timeout', key)) this.registry.deleteTimeout(key);
    };
    const timer = setTimeout(() => {
      forget();
      task();
    }, Math.max(0, ms));
    timer.unref();
    this.registry?.addTimeout(key, timer);
    return {
      cancel: () => {
        clearTimeout(timer);
        forget();
      },
    };
  }
}
