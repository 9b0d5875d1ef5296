/** Runs `work` over `items` with at most `limit` in flight, so one slow item never delays more than its slot. */
export async function runBounded<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++];
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** `work` over `items`, at most `limit` in flight; the results in the order of `items`. */
export async function mapBounded<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  await runBounded([...items.keys()], limit, async (index) => {
    results[index] = await work(items[index]);
  });
  return results;
}
