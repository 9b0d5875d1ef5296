import { describe, expect, it } from 'vitest';
import { chunks } from './chunks';

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
