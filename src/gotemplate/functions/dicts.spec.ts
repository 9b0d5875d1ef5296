import { describe, expect, it } from 'vitest';
import type { GoMap } from '../value';
import { call, errorRows, resultRows } from './testing/function-table';

describe('sprig dict functions', () => {
  resultRows([
    ['dict', 'dict', ['a', 1n, 'b', 'x'], { a: 1n, b: 'x' }],
    ['dict odd arguments: last key gets ""', 'dict', ['a', 1n, 'b'], { a: 1n, b: '' }],
    ['dict keys through %v', 'dict', [1n, 'one', true, 'yes'], { 1: 'one', true: 'yes' }],
    ['empty dict', 'dict', [], {}],
    ['get', 'get', [{ a: 'x' }, 'a'], 'x'],
    ['get missing is ""', 'get', [{ a: 'x' }, 'b'], ''],
    ['get from nil', 'get', [null, 'a'], ''],
    ['hasKey', 'hasKey', [{ a: null }, 'a'], true],
    ['hasKey missing', 'hasKey', [{ a: 1 }, 'b'], false],
    ['hasKey on nil', 'hasKey', [null, 'b'], false],
    ['pluck', 'pluck', ['name', { name: 'a' }, { other: 1 }, { name: 'b' }], ['a', 'b']],
    ['keys are sorted', 'keys', [{ b: 1, a: 2, c: 3 }], ['a', 'b', 'c']],
    ['keys of several dicts', 'keys', [{ b: 1 }, { a: 2 }], ['a', 'b']],
    ['values in key order', 'values', [{ b: 1, a: 2 }], [2, 1]],
    ['pick', 'pick', [{ a: 1, b: 2, c: 3 }, 'a', 'c', 'z'], { a: 1, c: 3 }],
    ['omit', 'omit', [{ a: 1, b: 2, c: 3 }, 'b'], { a: 1, c: 3 }],
    ['dig', 'dig', ['a', 'b', 'def', { a: { b: 'found' } }], 'found'],
    ['dig default', 'dig', ['a', 'x', 'def', { a: { b: 'found' } }], 'def'],
    ['dig one level', 'dig', ['a', 'def', { a: 5 }], 5],
    ['merge keeps destination values', 'merge', [{ a: 1, b: '' }, { a: 2, b: 'x', c: 3 }], { a: 1, b: 'x', c: 3 }],
    ['merge is deep', 'merge', [{ s: { a: 1 } }, { s: { a: 9, b: 2 } }], { s: { a: 1, b: 2 } }],
    ['merge several, first wins', 'merge', [{}, { a: 1 }, { a: 2 }], { a: 1 }],
    ['merge into nil', 'merge', [null, { a: 1 }], { a: 1 }],
    ['merge skips nil', 'merge', [{}, { a: null, b: 1 }], { b: 1 }],
    ['merge fills nil and empty values', 'merge', [{ a: null, b: '', c: 0 }, { a: 1, b: 2, c: 3 }], { a: 1, b: 2, c: 3 }],
    ['merge keeps a non-empty list', 'merge', [{ l: [8, 9] }, { l: [6, 7] }], { l: [8, 9] }],
    ['mergeOverwrite, later sources win', 'mergeOverwrite', [{ a: 'one', c: 3 }, { a: 1, b: 2 }, { a: 'x' }], { a: 'x', b: 2, c: 3 }],
    ['mergeOverwrite with empty values (false wins over true, as sprig tests it)', 'mergeOverwrite', [{ k: { l: true }, s: 'x' }, { k: { l: false }, s: '' }], { k: { l: false }, s: '' }],
    ['mergeOverwrite with nil', 'mergeOverwrite', [{ a: 1 }, { a: null }], { a: null }],
    ['mergeOverwrite is deep', 'mergeOverwrite', [{ s: { a: 1, b: 1 } }, { s: { a: 2 } }], { s: { a: 2, b: 1 } }],
    ['mergeOverwrite replaces lists', 'mergeOverwrite', [{ l: [1, 2] }, { l: [3] }], { l: [3] }],
    ['mustMerge', 'mustMerge', [{ a: 1 }, { b: 2 }], { a: 1, b: 2 }],
    ['deepCopy', 'deepCopy', [{ a: [1, { b: 2 }] }], { a: [1, { b: 2 }] }],
  ]);

  it('set and unset change the dict they are given, as in Go', () => {
    const values: GoMap = { a: 1 };
    expect(call('set', values, 'b', 'x')).toBe(values);
    expect(values).toEqual({ a: 1, b: 'x' });
    expect(call('unset', values, 'a')).toBe(values);
    expect(values).toEqual({ b: 'x' });
  });

  it('merge changes its destination, deepCopy does not share', () => {
    const destination: GoMap = { nested: { a: 1 } };
    call('merge', destination, { nested: { b: 2 } });
    expect(destination).toEqual({ nested: { a: 1, b: 2 } });
    const copy = call('deepCopy', destination) as GoMap;
    (copy.nested as GoMap).c = 3;
    expect(destination.nested).toEqual({ a: 1, b: 2 });
  });

  errorRows([
    ['get from a list', 'get', [['a'], 'a'], /expected map\[string\]interface \{\}; got \[\]interface \{\}/],
    ['get with an int key', 'get', [{}, 1n], /expected string; got int/],
    ['set on nil', 'set', [null, 'a', 1n], /assignment to entry in nil map/],
    ['dig with too few arguments', 'dig', ['a', {}], /dig needs at least three arguments/],
    ['dig into a string', 'dig', ['a', 'b', 'def', { a: 'text' }], /interface conversion: interface \{\} is string, not map/],
    ['dig with a non-string key', 'dig', [1n, 'def', {}], /is int, not string/],
    ['merge a list', 'merge', [{}, ['a']], /expected map/],
    ['pick with an int key', 'pick', [{ a: 1 }, 1n], /expected string/],
  ]);
});

describe('the key "__proto__" is an ordinary key', () => {
  it('dict, set and merge store it as an own key without touching the prototype', () => {
    const made = call('dict', '__proto__', 'x') as GoMap;
    expect(Object.getPrototypeOf(made)).toBe(Object.prototype);
    expect(call('hasKey', made, '__proto__')).toBe(true);
    expect(call('get', made, '__proto__')).toBe('x');
    const target: GoMap = {};
    call('set', target, '__proto__', { polluted: true });
    expect(Object.getPrototypeOf(target)).toBe(Object.prototype);
    expect(call('keys', target)).toEqual(['__proto__']);
    const merged = call('merge', {}, JSON.parse('{"__proto__": {"polluted": true}}') as GoMap) as GoMap;
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
    expect(({} as GoMap).polluted).toBeUndefined();
  });

  it('get and hasKey do not see inherited properties', () => {
    expect(call('hasKey', {}, 'toString')).toBe(false);
    expect(call('get', {}, 'constructor')).toBe('');
  });
});
