import { describe, expect, it } from 'vitest';
import { clone, copySharingFrozen, freezeDeep, jsonText } from '../support/kube-api/json';

const roundTrip = (value: unknown): unknown => JSON.parse(JSON.stringify(value)) as unknown;

describe('JSON helpers of the kube-api test server', () => {
  const values: { name: string; value: unknown }[] = [
    { name: 'scalars', value: { s: 'x', n: 1.5, t: true, f: false, z: null } },
    { name: 'nested objects and arrays', value: { a: [1, [2, { b: ['c'] }], {}], d: { e: { f: [] } } } },
    { name: 'undefined, functions and symbols (dropped in objects, null in arrays)', value: { u: undefined, fn: () => 1, sym: Symbol('s'), list: [undefined, () => 1, Symbol('s'), 2] } },
    { name: 'non-finite numbers and -0', value: { nan: NaN, inf: Infinity, minus: -Infinity, zero: -0, list: [NaN, -0] } },
    { name: 'dates and other objects with toJSON', value: { at: new Date(0), custom: { toJSON: () => 'custom' } } },
    { name: 'maps, sets and typed arrays', value: { map: new Map([['a', 1]]), set: new Set([1]), bytes: new Uint8Array([1, 2]) } },
    { name: 'integer-like keys', value: { b: 1, 10: 'ten', 2: 'two', a: 2 } },
    { name: 'an own __proto__ member', value: JSON.parse('{"__proto__":{"polluted":true},"x":1}') as unknown },
    { name: 'a string, a number, null', value: ['text', 3, null] },
  ];

  it.each(values)('clones $name exactly as a JSON round trip does', ({ value }) => {
    const copy = clone(value);
    expect(JSON.stringify(copy)).toBe(JSON.stringify(roundTrip(value)));
    expect(copy).toStrictEqual(roundTrip(value));
  });

  it('keeps an own __proto__ member an own member, without touching the prototype', () => {
    const copy = clone(JSON.parse('{"__proto__":{"polluted":true}}') as object);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.keys(copy)).toEqual(['__proto__']);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });

  it('fails as the JSON round trip fails (cycles, BigInt)', () => {
    const cycle: Record<string, unknown> = { a: { b: {} } };
    (cycle.a as Record<string, unknown>).self = cycle;
    expect(() => clone(cycle)).toThrow(new TypeError(errorOf(() => roundTrip(cycle))));
    expect(() => clone({ big: 1n })).toThrow(new TypeError(errorOf(() => roundTrip({ big: 1n }))));
  });

  it('copies everything, frozen parts included, and shares frozen parts only when asked', () => {
    const stored = freezeDeep({ spec: { replicas: 1 }, labels: { a: 'b' } });
    const draft = { ...stored, status: { ready: 1 } };

    const copy = clone(draft);
    expect(copy.spec).not.toBe(stored.spec);
    expect(Object.isFrozen(copy.spec)).toBe(false);

    const shared = copySharingFrozen(draft);
    expect(shared).not.toBe(draft);
    expect(shared.spec).toBe(stored.spec);
    expect(shared.status).not.toBe(draft.status);
    expect(shared).toEqual(draft);

    const top = copySharingFrozen(stored);
    expect(Object.isFrozen(top)).toBe(false);
    expect(top.spec).toBe(stored.spec);
  });

  it('freezes all the way down and leaves parts already frozen as they are', () => {
    const kept = freezeDeep({ a: [1] });
    const obj = freezeDeep({ kept, fresh: { list: [{ x: 1 }] } });
    expect(Object.isFrozen(obj.fresh.list[0])).toBe(true);
    expect(obj.kept).toBe(kept);
  });

  it('serializes a frozen object once, and anything else every time', () => {
    const stored = freezeDeep({ data: { key: 'value' } });
    expect(jsonText(stored)).toBe(JSON.stringify(stored));
    expect(jsonText(stored)).toBe(jsonText(stored));

    const open = { data: { key: 'value' } };
    expect(jsonText(open)).toBe('{"data":{"key":"value"}}');
    open.data.key = 'changed';
    expect(jsonText(open)).toBe('{"data":{"key":"changed"}}');
  });
});

function errorOf(f: () => unknown): string {
  try {
    f();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected an error');
}
