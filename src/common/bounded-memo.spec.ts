import { describe, expect, it } from 'vitest';
import { BoundedMemo } from './bounded-memo';

describe('BoundedMemo', () => {
  it('makes each value once while the memo has room, null included', () => {
    const memo = new BoundedMemo<string | null>(3);
    const made: string[] = [];
    const make = (key: string) => () => {
      made.push(key);
      return key === 'bad' ? null : key.toUpperCase();
    };
    expect(memo.get('a', make('a'))).toBe('A');
    expect(memo.get('bad', make('bad'))).toBeNull();
    expect(memo.get('a', make('a'))).toBe('A');
    expect(memo.get('bad', make('bad'))).toBeNull();
    expect(made).toEqual(['a', 'bad']);
  });

  it('never holds more than maxEntries: a full memo forgets everything before taking the next value', () => {
    const memo = new BoundedMemo<number>(2);
    let made = 0;
    const make = () => ++made;
    memo.get('a', make);
    memo.get('b', make);
    expect(memo.size).toBe(2);
    memo.get('c', make);
    expect(memo.size).toBe(1);
    // 'a' was forgotten with 'b': made again.
    expect(memo.get('a', make)).toBe(4);
    expect(memo.size).toBe(2);
  });
});
