/**
 * Looks keys up in batches without waiting on a timer: the first key is read at once, and the keys asked for while a
 * read is under way wait for the next read, which starts as that one ends and covers all of them. A burst of callers
 * costs a few reads, not one each, and no caller is answered from a read that began before it asked.
 */
export class BatchedLookups<K, V> {
  private queued = new Map<K, Waiting<V>>();
  private reading = false;

  /** `readMany` answers the keys it found; a key it leaves out is answered `missing`. */
  constructor(
    private readonly readMany: (keys: K[]) => Promise<Map<K, V>>,
    private readonly missing: V,
  ) {}

  get(key: K): Promise<V> {
    let waiting = this.queued.get(key);
    if (!waiting) {
      waiting = waiter<V>();
      this.queued.set(key, waiting);
      if (!this.reading) void this.drain();
    }
    return waiting.promise;
  }

  private async drain(): Promise<void> {
    this.reading = true;
    while (this.queued.size > 0) {
      const batch = this.queued;
      this.queued = new Map();
      try {
        const found = await this.readMany([...batch.keys()]);
        for (const [key, waiting] of batch) waiting.resolve(found.has(key) ? found.get(key)! : this.missing);
      } catch (error) {
        for (const waiting of batch.values()) waiting.reject(error);
      }
    }
    this.reading = false;
  }
}

interface Waiting<V> {
  promise: Promise<V>;
  resolve(value: V): void;
  reject(error: unknown): void;
}

function waiter<V>(): Waiting<V> {
  let resolve!: (value: V) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<V>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  return { promise, resolve, reject };
}
