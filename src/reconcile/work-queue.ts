export interface WorkQueueOptions {
  /** Keys processed at the same time, at most. */
  readonly concurrency: number;
  process(key: string): Promise<void>;
  /** Told about a `process` that failed; the queue carries on with the next key. */
  onError(key: string, error: unknown): void;
}

/**
 * A queue of keys in the manner of client-go's workqueue: a key already waiting is not queued twice, a key is
 * never processed twice at once, and a key added while it is being processed earns exactly one more run after
 * this one (the change may have come too late for the run under way). Keys are taken in the order they came.
 */
export class WorkQueue {
  // A Set keeps insertion order: it is the FIFO and the "already waiting" check at once.
  private readonly waiting = new Set<string>();
  private readonly running = new Set<string>();
  private readonly runAgain = new Set<string>();
  private idleWaiters: (() => void)[] = [];
  private closed = false;

  constructor(private readonly options: WorkQueueOptions) {}

  add(key: string): void {
    if (this.closed) return;
    if (this.running.has(key)) this.runAgain.add(key);
    else this.waiting.add(key);
    this.startNext();
  }

  /** Resolves once nothing is waiting or being processed. */
  idle(): Promise<void> {
    if (this.waiting.size === 0 && this.running.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Takes no more keys and drops those waiting; the ones under way finish. */
  close(): void {
    this.closed = true;
    this.waiting.clear();
    this.runAgain.clear();
    this.startNext();
  }

  private startNext(): void {
    for (const key of this.waiting) {
      if (this.running.size >= this.options.concurrency) break;
      this.waiting.delete(key);
      this.running.add(key);
      void this.processOne(key);
    }
    if (this.waiting.size === 0 && this.running.size === 0) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  }

  private async processOne(key: string): Promise<void> {
    try {
      await this.options.process(key);
    } catch (error) {
      this.options.onError(key, error);
    } finally {
      this.running.delete(key);
      if (this.runAgain.delete(key) && !this.closed) this.waiting.add(key);
      this.startNext();
    }
  }
}
