/**
 * Runs `work` over `items` with at most `limit` in flight, so one slow item never delays more than its slot. When one
 * fails, no new item starts, and the call rejects with that first error once the items under way have finished: a
 * caller's `finally` never runs while work it started is still going.
 */
export async function runBounded<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (next < items.length && failure === undefined) {
      const item = items[next++];
      try {
        await work(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure !== undefined) throw failure.error;
}

/** `work` over `items`, at most `limit` in flight; the results in the order of `items`. */
export async function mapBounded<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  await runBounded([...items.keys()], limit, async (index) => {
    results[index] = await work(items[index]);
  });
  return results;
}
