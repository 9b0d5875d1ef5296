import { kindOf, type GoFunction, type GoValue } from '../value';
import { buildFunctions, castInt64, deepEqual, fail, intArg, isEmpty, type FunctionTable } from './args';

/**
 * sprig's list functions. Each comes in a plain and a `must` form; in sprig the plain form panics where the `must` form
 * returns an error, and text/template turns both into a failed execution, so here both throw (same message).
 */

/** The elements of a list argument; anything else fails with sprig's "Cannot <verb> on type <kind>". */
function listArg(value: GoValue, verb: string): GoValue[] {
  // reflect.TypeOf(nil).Kind() dereferences a nil Type in sprig.
  if (value === null || value === undefined) fail('runtime error: invalid memory address or nil pointer dereference');
  if (!Array.isArray(value)) fail(`Cannot ${verb} on type ${kindOf(value)}`);
  return value;
}

function chunk(size: number, list: GoValue[]): GoValue[][] {
  if (size <= 0) fail('runtime error: integer divide by zero');
  const chunks: GoValue[][] = [];
  for (let i = 0; i < list.length; i += size) chunks.push(list.slice(i, i + size));
  return chunks;
}

function uniq(list: GoValue[]): GoValue[] {
  const out: GoValue[] = [];
  for (const item of list) if (!out.some((seen) => deepEqual(seen, item))) out.push(item);
  return out;
}

function has(needle: GoValue, haystack: GoValue): boolean {
  if (haystack === null || haystack === undefined) return false;
  return listArg(haystack, 'find has').some((item) => deepEqual(needle, item));
}

/** sprig slice: list[start:end] with cast-style indices; Go's slice bounds are enforced. */
function slice(list: GoValue[], indices: GoValue[]): GoValue {
  if (list.length === 0) return null;
  const start = indices.length > 0 ? Number(castInt64(indices[0])) : 0;
  const end = indices.length > 1 ? Number(castInt64(indices[1])) : list.length;
  if (start < 0 || end > list.length || start > end) fail(`reflect: slice index out of range`);
  return list.slice(start, end);
}

function concat(lists: GoValue[]): GoValue[] {
  const out: GoValue[] = [];
  for (const list of lists) {
    if (list === null || list === undefined) fail('runtime error: invalid memory address or nil pointer dereference');
    if (!Array.isArray(list)) fail(`Cannot concat type ${kindOf(list)} as list`);
    out.push(...list);
  }
  return out;
}

/** Registers `name` and `mustName` with the same implementation. */
function withMust(table: FunctionTable, name: string, min: number, max: number | undefined, fn: GoFunction): void {
  table[name] = [min, max, fn];
  table[`must${name[0].toUpperCase()}${name.slice(1)}`] = [min, max, fn];
}

const table: FunctionTable = {
  list: [0, undefined, (...items) => items],
  tuple: [0, undefined, (...items) => items],
  concat: [0, undefined, (...lists) => concat(lists)],
};
const push: GoFunction = (list, item) => [...listArg(list, 'push'), item];
withMust(table, 'push', 2, 2, push);
withMust(table, 'append', 2, 2, push);
withMust(table, 'prepend', 2, 2, (list, item) => [item, ...listArg(list, 'prepend')]);
withMust(table, 'first', 1, 1, (list) => listArg(list, 'find first')[0] ?? null);
withMust(table, 'last', 1, 1, (list) => listArg(list, 'find last').at(-1) ?? null);
withMust(table, 'rest', 1, 1, (list) => {
  const items = listArg(list, 'find rest');
  return items.slice(1);
});
withMust(table, 'initial', 1, 1, (list) => {
  const items = listArg(list, 'find initial');
  return items.slice(0, -1);
});
withMust(table, 'reverse', 1, 1, (list) => [...listArg(list, 'find reverse')].reverse());
withMust(table, 'uniq', 1, 1, (list) => uniq(listArg(list, 'find uniq')));
withMust(table, 'without', 1, undefined, (list, ...omit) => listArg(list, 'find without').filter((item) => !omit.some((o) => deepEqual(o, item))));
withMust(table, 'has', 2, 2, (needle, haystack) => has(needle, haystack));
withMust(table, 'compact', 1, 1, (list) => listArg(list, 'compact').filter((item) => !isEmpty(item)));
withMust(table, 'slice', 1, undefined, (list, ...indices) => {
  if (list === null || list === undefined) fail('runtime error: invalid memory address or nil pointer dereference');
  if (!Array.isArray(list)) fail(`list should be type of slice or array but ${kindOf(list)}`);
  return slice(list, indices);
});
withMust(table, 'chunk', 2, 2, (size, list) => chunk(intArg(size), listArg(list, 'chunk')));

export const listFunctions = buildFunctions(table);
