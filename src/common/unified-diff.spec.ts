import { describe, expect, it } from 'vitest';
import { unifiedDiff } from './unified-diff';

const names = { before: 'live', after: 'desired' };
const lines = (...items: string[]) => `${items.join('\n')}\n`;
const alphabet = 'abcdefghijklm'.split('');

// Expected hunks as GNU `diff -u` prints them for the same inputs.
describe('unifiedDiff', () => {
  const rows: { name: string; before: string; after: string; hunks: string[] }[] = [
    { name: 'equal texts', before: lines('a', 'b'), after: lines('a', 'b'), hunks: [] },
    {
      name: 'two changes far apart make two hunks',
      before: lines(...alphabet),
      after: lines(...alphabet.slice(0, 3), 'D', ...alphabet.slice(4), 'n'),
      hunks: ['@@ -1,7 +1,7 @@', ' a', ' b', ' c', '-d', '+D', ' e', ' f', ' g', '@@ -11,3 +11,4 @@', ' k', ' l', ' m', '+n'],
    },
    { name: 'everything added', before: '', after: lines('a', 'b'), hunks: ['@@ -0,0 +1,2 @@', '+a', '+b'] },
    { name: 'everything removed', before: lines('a', 'b'), after: '', hunks: ['@@ -1,2 +0,0 @@', '-a', '-b'] },
    { name: 'changes close together share a hunk', before: lines('a', 'b', 'c', 'd'), after: lines('A', 'b', 'c', 'D'), hunks: ['@@ -1,4 +1,4 @@', '-a', '+A', ' b', ' c', '-d', '+D'] },
  ];

  it.each(rows)('$name', ({ before, after, hunks }) => {
    const text = unifiedDiff(before, after, names);
    expect(text).toBe(hunks.length === 0 ? '' : lines('--- live', '+++ desired', ...hunks));
  });

  it('shows a middle too large to align as replaced whole, still with its context', () => {
    const before = Array.from({ length: 2100 }, (_, i) => `old ${i}`);
    const after = Array.from({ length: 2100 }, (_, i) => `new ${i}`);
    const text = unifiedDiff(lines('same', ...before), lines('same', ...after), names).split('\n');
    expect(text.slice(2, 4)).toEqual(['@@ -1,2101 +1,2101 @@', ' same']);
    expect(text.filter((line) => line.startsWith('-old')).length).toBe(2100);
    expect(text.filter((line) => line.startsWith('+new')).length).toBe(2100);
  });
});
