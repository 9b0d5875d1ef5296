import { goTypeName, isMap, type GoMap, type GoValue } from '../value';
import { buildFunctions, compareGoStrings, fail, isEmpty, mapArg, setKey, stringArg, strval } from './args';

/**
 * sprig's dict functions. Dicts are plain objects and, as in Go, `set`, `unset` and `merge*` change the dict they are
 * given (templates rely on `$_ := set $d "k" "v"`). `keys` and `values` are sorted by key: Go's map order is random,
 * so any order matches sprig, and a stable one keeps rendered Applications from changing between runs.
 */

export function deepCopy(value: GoValue): GoValue {
  if (Array.isArray(value)) return value.map(deepCopy);
  if (isMap(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, deepCopy(v)]));
  return value;
}

/**
 * mergo.Merge and mergo.MergeWithOverwrite into `dst` (sprig's merge and mergeOverwrite): nested maps merge key by key.
 * Otherwise merge takes the `src` value only where `dst` lacks the key or holds an empty value, and mergeOverwrite
 * always takes it, empty values (false, "", nil) included. A nil `src` value is skipped by merge. Lists are replaced,
 * never appended.
 */
function mergeInto(dst: GoMap, src: GoMap, overwrite: boolean): GoMap {
  for (const [key, value] of Object.entries(src)) {
    const current = Object.hasOwn(dst, key) ? dst[key] : undefined;
    if (value === null || value === undefined) {
      if (overwrite) setKey(dst, key, null);
    } else if (isMap(current) && isMap(value)) {
      mergeInto(current, value, overwrite);
    } else if (overwrite || !Object.hasOwn(dst, key) || isEmpty(current)) {
      setKey(dst, key, value);
    }
  }
  return dst;
}

function merge(overwrite: boolean, dst: GoValue, sources: GoValue[]): GoMap {
  const target = mapArg(dst);
  for (const source of sources) mergeInto(target, mapArg(source), overwrite);
  return target;
}

function sortedKeys(dict: GoMap): string[] {
  return Object.keys(dict).sort(compareGoStrings);
}

/** sprig dig: `dig "a" "b" "default" $dict` walks nested dicts, returning the default at the first missing key. */
function dig(args: GoValue[]): GoValue {
  const dict = args[args.length - 1];
  const fallback = args[args.length - 2];
  const keys = args.slice(0, -2).map((key) => (typeof key === 'string' ? key : fail(`interface conversion: interface {} is ${goTypeName(key)}, not string`)));
  let current: GoValue = dict;
  for (const key of keys) {
    if (!isMap(current)) fail(`interface conversion: interface {} is ${goTypeName(current)}, not map[string]interface {}`);
    if (!Object.hasOwn(current, key)) return fallback;
    current = current[key];
  }
  return current;
}

function dict(args: GoValue[]): GoMap {
  const out: GoMap = {};
  for (let i = 0; i < args.length; i += 2) setKey(out, strval(args[i]), i + 1 < args.length ? args[i + 1] : '');
  return out;
}

const strings = (values: GoValue[]): string[] => values.map(stringArg);

export const dictFunctions = buildFunctions({
  dict: [0, undefined, (...args) => dict(args)],
  get: [2, 2, (d, key) => {
    const map = mapArg(d);
    return Object.hasOwn(map, stringArg(key)) ? map[stringArg(key)] : '';
  }],
  set: [3, 3, (d, key, value) => {
    if (d === null || d === undefined) fail('assignment to entry in nil map');
    setKey(mapArg(d), stringArg(key), value);
    return d;
  }],
  unset: [2, 2, (d, key) => {
    const map = mapArg(d);
    delete map[stringArg(key)];
    return d === null || d === undefined ? null : map;
  }],
  hasKey: [2, 2, (d, key) => Object.hasOwn(mapArg(d), stringArg(key))],
  pluck: [1, undefined, (key, ...dicts) => dicts.map(mapArg).filter((m) => Object.hasOwn(m, stringArg(key))).map((m) => m[stringArg(key)])],
  keys: [0, undefined, (...dicts) => dicts.flatMap((d) => Object.keys(mapArg(d))).sort(compareGoStrings)],
  values: [1, 1, (d) => sortedKeys(mapArg(d)).map((key) => mapArg(d)[key])],
  pick: [1, undefined, (d, ...keys) => {
    const map = mapArg(d);
    return Object.fromEntries(strings(keys).filter((k) => Object.hasOwn(map, k)).map((k) => [k, map[k]]));
  }],
  omit: [1, undefined, (d, ...keys) => {
    const omitted = new Set(strings(keys));
    return Object.fromEntries(Object.entries(mapArg(d)).filter(([k]) => !omitted.has(k)));
  }],
  merge: [1, undefined, (dst, ...sources) => merge(false, dst, sources)],
  mustMerge: [1, undefined, (dst, ...sources) => merge(false, dst, sources)],
  mergeOverwrite: [1, undefined, (dst, ...sources) => merge(true, dst, sources)],
  mustMergeOverwrite: [1, undefined, (dst, ...sources) => merge(true, dst, sources)],
  deepCopy: [1, 1, (v) => deepCopy(v)],
  mustDeepCopy: [1, 1, (v) => deepCopy(v)],
  dig: [0, undefined, (...args) => (args.length < 3 ? fail('dig needs at least three arguments') : dig(args))],
});
