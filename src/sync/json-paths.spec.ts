import { describe, expect, it } from 'vitest';
import { comparePaths, type JsonPath, parseJsonPointer, pointerPath, removePaths, setAt, valueAt } from './json-paths';

describe('parseJsonPointer (RFC 6901)', () => {
  const rows: { name: string; pointer: string; tokens?: string[]; reason?: RegExp }[] = [
    { name: 'a field', pointer: '/spec/replicas', tokens: ['spec', 'replicas'] },
    { name: '~1 is a slash', pointer: '/metadata/annotations/example.com~1owner', tokens: ['metadata', 'annotations', 'example.com/owner'] },
    { name: '~0 is a tilde, decoded after ~1', pointer: '/a/~01', tokens: ['a', '~1'] },
    { name: 'an index', pointer: '/spec/containers/0/image', tokens: ['spec', 'containers', '0', 'image'] },
    { name: 'an empty key', pointer: '/data/', tokens: ['data', ''] },
    { name: 'no leading slash', pointer: 'spec/replicas', reason: /starts with "\/"/ },
    { name: 'the whole object', pointer: '', reason: /whole object/ },
    { name: 'a bad escape', pointer: '/a~2b', reason: /"~" must be followed by 0 or 1/ },
    { name: 'a trailing tilde', pointer: '/a~', reason: /"~" must be followed by 0 or 1/ },
  ];
  it.each(rows)('$name', ({ pointer, tokens, reason }) => {
    const parsed = parseJsonPointer(pointer);
    if (tokens) expect(parsed).toEqual({ ok: true, tokens });
    else expect(parsed).toEqual({ ok: false, reason: expect.stringMatching(reason!) });
  });
});

describe('pointerPath', () => {
  const doc = { spec: { replicas: 3, containers: [{ name: 'a' }, { name: 'b' }], empty: null }, 'a/b': 1 };
  const rows: { name: string; tokens: string[]; path: JsonPath | undefined }[] = [
    { name: 'a field', tokens: ['spec', 'replicas'], path: ['spec', 'replicas'] },
    { name: 'a list item', tokens: ['spec', 'containers', '1', 'name'], path: ['spec', 'containers', 1, 'name'] },
    { name: 'a field holding null exists', tokens: ['spec', 'empty'], path: ['spec', 'empty'] },
    { name: 'an absent field is no error', tokens: ['spec', 'paused'], path: undefined },
    { name: 'below an absent field', tokens: ['status', 'replicas'], path: undefined },
    { name: 'an index past the end', tokens: ['spec', 'containers', '2'], path: undefined },
    { name: 'a non-decimal index', tokens: ['spec', 'containers', '01'], path: undefined },
    { name: 'the end marker', tokens: ['spec', 'containers', '-'], path: undefined },
    { name: 'into a scalar', tokens: ['spec', 'replicas', 'x'], path: undefined },
  ];
  it.each(rows)('$name', ({ tokens, path }) => {
    expect(pointerPath(doc, tokens)).toEqual(path);
  });
});

describe('removePaths', () => {
  it('removes list items from the highest index down, and fields below them first', () => {
    const doc = { items: ['a', 'b', 'c', 'd'], nested: [{ x: 1, y: 2 }, { x: 3 }], keep: true };
    removePaths(doc, [['items', 1], ['items', 3], ['nested', 0, 'y'], ['nested', 1], ['absent', 'deeper'], ['items', -1]]);
    expect(doc).toEqual({ items: ['a', 'c'], nested: [{ x: 1 }], keep: true });
  });

  it('reads values only where a path leads', () => {
    expect(valueAt({ a: [{ b: 1 }] }, ['a', 0, 'b'])).toBe(1);
    expect(valueAt({ a: [{ b: 1 }] }, ['a', 'b'])).toBeUndefined();
    expect(valueAt({ a: { 0: 'x' } }, ['a', 0])).toBeUndefined();
    expect(valueAt({ a: [{ b: 1 }] }, ['a', 'length'])).toBeUndefined();
  });

  it('removes the same path once when it is given twice, keeping the next item of its list', () => {
    const doc = { containers: [{ name: 'web' }, { name: 'istio-proxy' }, { name: 'log' }] };
    removePaths(doc, [['containers', 1], ['containers', 1], ['containers', 1, 'image']]);
    expect(doc.containers).toEqual([{ name: 'web' }, { name: 'log' }]);
  });

  it('reads, removes and writes own fields only: Object.prototype is never reached', () => {
    const hasOwnProperty = Object.getOwnPropertyDescriptor(Object.prototype, 'hasOwnProperty')!;
    try {
      const doc = { spec: { replicas: 1 } };
      expect(valueAt(doc, ['__proto__'])).toBeUndefined();
      expect(valueAt(doc, ['spec', 'constructor'])).toBeUndefined();
      removePaths(doc, [['__proto__', 'hasOwnProperty'], ['spec', 'constructor', 'prototype', 'toString'], ['spec', 'hasOwnProperty']]);
      expect(doc).toEqual({ spec: { replicas: 1 } });
      expect(Object.hasOwn(Object.prototype, 'hasOwnProperty')).toBe(true);
      expect(pointerPath(doc, ['__proto__', 'hasOwnProperty'])).toBeUndefined();
      expect(setAt(doc, ['__proto__', 'polluted'], 'yes')).toBe(true);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(JSON.stringify(doc)).toBe('{"spec":{"replicas":1},"__proto__":{"polluted":"yes"}}');
    } finally {
      if (!Object.hasOwn(Object.prototype, 'hasOwnProperty')) Object.defineProperty(Object.prototype, 'hasOwnProperty', hasOwnProperty);
      delete (Object.prototype as Record<string, unknown>).polluted;
    }
  });

  it('setAt makes the objects on the way, replaces or appends a list item, and changes nothing it cannot reach', () => {
    const doc = { a: [{ b: 1 }], c: 'text' };
    expect(setAt(doc, ['x', 'y', 'z'], 1)).toBe(true);
    expect(setAt(doc, ['a', 0, 'b'], 2)).toBe(true);
    expect(setAt(doc, ['a', 1], { b: 3 })).toBe(true);
    expect(setAt(doc, ['a', 5], {})).toBe(false);
    expect(setAt(doc, ['a', 3, 'b'], {})).toBe(false);
    expect(setAt(doc, ['m', 'n', 0], 1)).toBe(false);
    expect(setAt(doc, ['c', 'd'], 1)).toBe(false);
    expect(doc).toEqual({ a: [{ b: 2 }, { b: 3 }], c: 'text', x: { y: { z: 1 } } });
  });

  it('orders paths step by step, a prefix first', () => {
    const sorted = [['b'], ['a', 10], ['a', 2, 'x'], ['a', 2], ['a', 'k']].sort(comparePaths);
    expect(sorted).toEqual([['a', 2], ['a', 2, 'x'], ['a', 10], ['a', 'k'], ['b']]);
  });
});
