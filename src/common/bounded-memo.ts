/**
 * Values remembered by key, at most `maxEntries` of them: adding one to a full memo first forgets them all. For values
 * cheap to make again (compiled patterns): a policy or a project uses few keys and asks for them over and over, but
 * nothing bounds how many distinct keys arrive over a process's life. Forgetting all at once rather than the one used
 * longest ago keeps lookups free of bookkeeping; a working set smaller than the bound is simply made again.
 */
export class BoundedMemo<V> {
  private readonly values = new Map<string, V>();

  constructor(readonly maxEntries: number) {}

  /** The value remembered for `key`, else `make()`'s, remembered. */
  get(key: string, make: () => V): V {
    if (this.values.has(key)) return this.values.get(key)!;
    const value = make();
    if (this.values.size >= this.maxEntries) this.values.clear();
    this.values.set(key, value);
    return value;
  }

  get size(): number {
    return this.values.size;
  }
}
