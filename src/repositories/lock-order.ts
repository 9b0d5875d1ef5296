import { roundsOfDistinct } from '../common/chunks';

/**
 * `items` in the order of `key` (by code unit, as PostgreSQL's C collation and JavaScript's `<` compare): a statement
 * that writes several rows takes their locks in this order, so two writers of overlapping rows never wait on each
 * other in a cycle, whichever of them came first.
 */
export function inLockOrder<T>(items: readonly T[], key: (item: T) => string): T[] {
  return [...items].sort((a, b) => {
    const [x, y] = [key(a), key(b)];
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

/**
 * Writes of rows keyed by `key` as statements that each touch a row once, in lock order: a row written twice has its
 * later write in the next statement, so writes of one row keep their order.
 */
export function lockOrderedRounds<T>(items: readonly T[], key: (item: T) => string): T[][] {
  return roundsOfDistinct(items, key).map((round) => inLockOrder(round, key));
}
