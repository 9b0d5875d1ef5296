/** `items` cut into consecutive slices of at most `size` (statements bounded in parameters or JSON size). */
export function* chunks<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let start = 0; start < items.length; start += size) yield items.slice(start, start + size);
}

/**
 * `items` in rounds where no key appears twice, each item in the round after its key's previous one (writes of one row
 * kept in order when a statement may touch the row once only).
 */
export function roundsOfDistinct<T>(items: readonly T[], key: (item: T) => string): T[][] {
  const rounds: T[][] = [];
  const roundOfNext = new Map<string, number>();
  for (const item of items) {
    const round = roundOfNext.get(key(item)) ?? 0;
    (rounds[round] ??= []).push(item);
    roundOfNext.set(key(item), round + 1);
  }
  return rounds;
}
