/**
 * Writes items in batches without waiting on a timer, as `BatchedLookups` reads: the first item is written at once,
 * and the items given while a write is under way wait for the next one, which starts as that one ends and carries all
 * of them (up to `maxBatch`). A pass over many clusters then costs a few statements instead of one per application,
 * and a lone write still goes at once.
 *
 * A batch that fails in a way `retryAlone` says is about its items (a deadlock, a value refused) is written again one
 * item at a time, so one bad item fails only its own caller; any other failure (the database gone) fails the batch's
 * callers at once.
 */
export class BatchedWrites<T, R> {
  private queued: Pending<T, R>[] = [];
  private writing = false;

  /** `writeMany` answers one result per item, in the items' order. */
  constructor(
    private readonly writeMany: (items: T[]) => Promise<R[]>,
    private readonly options: { maxBatch: number; retryAlone: (error: unknown) => boolean },
  ) {}

  write(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queued.push({ item, resolve, reject });
      if (!this.writing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    while (this.queued.length > 0) {
      const batch = this.queued.splice(0, this.options.maxBatch);
      try {
        const results = await this.writeMany(batch.map((pending) => pending.item));
        batch.forEach((pending, i) => pending.resolve(results[i]));
      } catch (error) {
        if (batch.length === 1 || !this.options.retryAlone(error)) {
          for (const pending of batch) pending.reject(error);
          continue;
        }
        for (const pending of batch) {
          try {
            const [result] = await this.writeMany([pending.item]);
            pending.resolve(result);
          } catch (alone) {
            pending.reject(alone);
          }
        }
      }
    }
    this.writing = false;
  }
}

interface Pending<T, R> {
  item: T;
  resolve(result: R): void;
  reject(error: unknown): void;
}
