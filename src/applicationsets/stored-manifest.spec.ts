import { describe, expect, it } from 'vitest';
import { asStoredInJsonb, jsonbKeyOrder } from './stored-manifest';

// JSON text keeps the key order that these tests are about; toEqual would not look at it.
const text = (value: unknown) => JSON.stringify(asStoredInJsonb(value));

describe('asStoredInJsonb (a manifest as it reads back from jsonb)', () => {
  it.each([
    { name: 'shorter keys first, then byte order', value: { spec: 1, kind: 2, apiVersion: 3, metadata: 4 }, stored: '{"kind":2,"spec":1,"metadata":4,"apiVersion":3}' },
    { name: 'at every depth, inside arrays too', value: { b: [{ zz: 1, a: { yy: 1, x: 2 } }], a: 0 }, stored: '{"a":0,"b":[{"a":{"x":2,"yy":1},"zz":1}]}' },
    { name: 'lengths in UTF-8 bytes: "é" is two', value: { é: 1, zzz: 2, zz: 3, z: 4 }, stored: '{"z":4,"zz":3,"é":1,"zzz":2}' },
    { name: 'array order kept', value: { list: [3, 1, 2] }, stored: '{"list":[3,1,2]}' },
    { name: 'what JSON cannot hold dropped or nulled, as in the stored text', value: { a: undefined, b: Number.NaN, c: [undefined] }, stored: '{"b":null,"c":[null]}' },
    // A JavaScript object lists integer-like keys first whatever the text's order: parsing jsonb's text does the same.
    { name: 'integer-like keys as JSON.parse lists them', value: { b: 1, 10: 2, 9: 3 }, stored: JSON.stringify(JSON.parse('{"9":3,"b":1,"10":2}')) },
  ])('$name', ({ value, stored }) => {
    expect(text(value)).toBe(stored);
  });

  it('keeps a "__proto__" key as an own key, as JSON.parse does', () => {
    const body = JSON.parse('{"spec":{"__proto__":{"polluted":true},"a":1}}') as unknown;
    const stored = asStoredInJsonb(body) as { spec: Record<string, unknown> };
    expect(Object.keys(stored.spec)).toEqual(['a', '__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('leaves its input as it was', () => {
    const body = { spec: { b: 1, a: 2 } };
    asStoredInJsonb(body);
    expect(JSON.stringify(body)).toBe('{"spec":{"b":1,"a":2}}');
  });
});

describe('jsonbKeyOrder', () => {
  it('orders as PostgreSQL does: by UTF-8 length, then by bytes (not by UTF-16 code units)', () => {
    // '\uFF5E' is one UTF-16 unit but three UTF-8 bytes (after 'abc'); '\u{1F600}' is two units, four bytes.
    expect(['b', 'a', 'ab', '\u{1F600}', '\uFF5E', 'abc'].sort(jsonbKeyOrder)).toEqual(['a', 'b', 'ab', 'abc', '\uFF5E', '\u{1F600}']);
  });
});
