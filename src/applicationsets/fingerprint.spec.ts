import { describe, expect, it } from 'vitest';
import { fingerprintOf } from './fingerprint';

describe('fingerprintOf', () => {
  it.each([
    { name: 'key order does not matter', a: { b: 1, a: { y: [1, 2], x: 'z' } }, b: { a: { x: 'z', y: [1, 2] }, b: 1 }, equal: true },
    { name: 'undefined fields are ignored', a: { a: 1, b: undefined }, b: { a: 1 }, equal: true },
    { name: 'array order matters', a: { a: [1, 2] }, b: { a: [2, 1] }, equal: false },
    { name: 'a changed value differs', a: { a: 'main' }, b: { a: 'v2' }, equal: false },
    { name: 'a string is not a number', a: { a: '1' }, b: { a: 1 }, equal: false },
  ])('$name', ({ a, b, equal }) => {
    expect(fingerprintOf(a) === fingerprintOf(b)).toBe(equal);
  });
});
