import { describe, expect, it } from 'vitest';
import { inLockOrder, lockOrderedRounds } from './lock-order';

describe('lock order', () => {
  it('sorts by the key in code-unit order, leaving the input as it was', () => {
    const items = ['b', 'a', 'B', 'a-1'];
    expect(inLockOrder(items, (item) => item)).toEqual(['B', 'a', 'a-1', 'b']);
    expect(items).toEqual(['b', 'a', 'B', 'a-1']);
  });

  it('puts a row written twice in the next round, each round in lock order', () => {
    const writes = [
      { row: 'c', n: 1 },
      { row: 'a', n: 2 },
      { row: 'c', n: 3 },
      { row: 'b', n: 4 },
    ];
    expect(lockOrderedRounds(writes, (write) => write.row).map((round) => round.map((write) => write.n))).toEqual([[2, 4, 1], [3]]);
  });
});
