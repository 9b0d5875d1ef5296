import { describe, expect, it } from 'vitest';
import { chunks, roundsOfDistinct } from './chunks';

describe('chunks', () => {
  it.each([
    { items: [1, 2, 3, 4, 5], size: 2, want: [[1, 2], [3, 4], [5]] },
    { items: [1, 2, 3, 4], size: 2, want: [[1, 2], [3, 4]] },
    { items: [1], size: 5000, want: [[1]] },
    { items: [], size: 3, want: [] },
  ])('$items by $size', ({ items, size, want }) => {
    expect([...chunks(items, size)]).toEqual(want);
  });
});

describe('roundsOfDistinct', () => {
  it.each([
    { items: ['a', 'b', 'c'], want: [['a', 'b', 'c']] },
    { items: ['a1', 'b1', 'a2', 'a3', 'c1', 'b2'], want: [['a1', 'b1', 'c1'], ['a2', 'b2'], ['a3']] },
    { items: [], want: [] },
  ])('$items', ({ items, want }) => {
    expect(roundsOfDistinct(items, (item) => item[0])).toEqual(want);
  });
});
