import { Clock, type Timer } from './clock';

interface PendingTimer {
  id: number;
  name: string;
  dueAt: number;
  fire(): void;
}

/**
 * A clock for tests: time stands still until `advance` moves it. Due timers and sleeps fire in time order, each
 * followed by a turn of the event loop, so promise chains they start settle before the next one fires.
 */
export class FakeClock extends Clock {
  private current: number;
  private sequence = 0;
  private readonly pending: PendingTimer[] = [];

  constructor(start: Date | string = '2026-01-01T00:00:00Z') {
    super();
    this.current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason as Error);
      const timer = this.schedule('sleep', ms, () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      });
      const onAbort = () => {
        timer.cancel();
        reject(signal!.reason as Error);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  schedule(name: string, ms: number, task: () => void): Timer {
    const entry: PendingTimer = { id: ++this.sequence, name, dueAt: this.current + Math.max(0, ms), fire: task };
    this.pending.push(entry);
    return {
      cancel: () => {
        const index = this.pending.indexOf(entry);
        if (index >= 0) this.pending.splice(index, 1);
      },
    };
  }

  /** Moves time forward by `ms`, firing every timer that falls due on the way, earliest first. */
  async advance(ms: number): Promise<void> {
    const target = this.current + ms;
    for (;;) {
      const next = this.nextDue(target);
      if (!next) break;
      this.pending.splice(this.pending.indexOf(next), 1);
      this.current = Math.max(this.current, next.dueAt);
      next.fire();
      await settle();
    }
    this.current = target;
    await settle();
  }

  /**
   * Moves time forward to when the earliest pending timer named `name` is due, firing it and everything due before
   * it, so a test need not know the delay a component chose (a debounce, a retry). Fails when no such timer waits.
   */
  async advanceToNext(name: string): Promise<void> {
    const timer = [...this.pending].sort(byDueTime).find((candidate) => candidate.name === name);
    if (!timer) throw new Error(`No pending timer named "${name}" (pending: ${this.pendingTimers().join(', ') || 'none'})`);
    await this.advance(timer.dueAt - this.current);
  }

  /** Names of the timers still waiting (for assertions such as "nothing is scheduled any more"). */
  pendingTimers(): string[] {
    return [...this.pending].sort(byDueTime).map((timer) => timer.name);
  }

  private nextDue(limit: number): PendingTimer | undefined {
    return [...this.pending].sort(byDueTime).find((timer) => timer.dueAt <= limit);
  }
}

function byDueTime(a: PendingTimer, b: PendingTimer): number {
  return a.dueAt - b.dueAt || a.id - b.id;
}

// A macrotask turn: every promise continuation queued so far (and the ones they queue) runs before it ends.
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
