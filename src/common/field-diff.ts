import { isPlainObject } from './json';
/** One changed field: `from` is undefined for an added field, `to` is undefined for a removed one. */
export interface FieldChange {
  path: string;
  from: unknown;
  to: unknown;
}


function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, index) => sameValue(item, b[index]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((key) => sameValue(a[key], b[key]));
  }
  return false;
}

/**
 * Field-level differences between two JSON-like values. Maps are compared key by key; a list that differs is
 * reported as one change of the whole list, which keeps the diff readable for syncOptions or sources.
 */
export function diffFields(from: unknown, to: unknown, path: string): FieldChange[] {
  if (isPlainObject(from) && isPlainObject(to)) {
    const keys = [...new Set([...Object.keys(from), ...Object.keys(to)])].sort();
    return keys.flatMap((key) => diffFields(from[key], to[key], path === '' ? key : `${path}.${key}`));
  }
  return sameValue(from, to) ? [] : [{ path, from, to }];
}
