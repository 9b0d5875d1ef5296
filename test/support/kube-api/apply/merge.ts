import { clone, isObject, type Json, type JsonObject } from '../json';
import { listTypeAt } from '../schema';
import { itemKey, lookup } from './lookup';
import type { FieldPath } from './path-keys';

/**
 * Structural merge of an applied configuration onto the live object: maps merge, associative lists
 * merge item by key, sets union, atomic lists and scalars are replaced. Never edits `live`; where the merge would
 * give a copy of a part of `live` as it is, that part itself is kept (stored parts are frozen, so sharing them is
 * safe, and a re-apply that changes nothing then shares everything with the stored object).
 */
export function mergeApplied(live: Json, applied: Json, names: string[], builtIn: boolean): Json {
  if (isObject(applied)) {
    const result: JsonObject = isObject(live) ? { ...live } : {};
    let unchanged = isObject(live);
    for (const [key, value] of Object.entries(applied)) {
      const had = Object.hasOwn(result, key);
      const previous = result[key];
      if (value === null) delete result[key];
      else result[key] = mergeApplied(previous ?? null, value, [...names, key], builtIn);
      // (An assignment to `__proto__` sets the prototype: no own member, so not unchanged either.)
      if (had !== Object.hasOwn(result, key) || previous !== result[key]) unchanged = false;
    }
    return unchanged ? live : result;
  }
  if (Array.isArray(applied) && Array.isArray(live)) {
    const type = listTypeAt(names, builtIn);
    if (type.kind === 'set') {
      const result = [...live];
      for (const value of applied) if (!result.some((v) => JSON.stringify(v) === JSON.stringify(value))) result.push(clone(value));
      return result.length === live.length ? live : result;
    }
    if (type.kind === 'map') {
      const keyText = (item: Json): string => JSON.stringify(itemKey(item, type.keys) ?? null);
      const result = [...live];
      let unchanged = true;
      for (const item of applied) {
        const wanted = keyText(item);
        const at = result.findIndex((existing) => keyText(existing) === wanted);
        if (at >= 0) {
          const merged = mergeApplied(result[at], item, names, builtIn);
          if (merged !== result[at]) unchanged = false;
          result[at] = merged;
        } else {
          result.push(clone(item));
          unchanged = false;
        }
      }
      return unchanged ? live : result;
    }
  }
  return sameJson(live, applied) ? live : clone(applied);
}

/** Equal, key order included: what would serialize to the same text. */
function sameJson(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((item, i) => sameJson(item, b[i]));
  if (!isObject(a) || !isObject(b)) return false;
  const keys = Object.keys(a);
  const other = Object.keys(b);
  return keys.length === other.length && keys.every((key, i) => key === other[i] && sameJson(a[key], b[key]));
}

/** Removes one field path from an object in place; empty maps left behind are pruned. */
export function removePath(root: JsonObject, path: FieldPath): void {
  const effective = path[path.length - 1] === '.' ? path.slice(0, -1) : path;
  const found = lookup(root, effective);
  if (!found.found) return;
  const { parent, index } = found;
  if (Array.isArray(parent) && typeof index === 'number') parent.splice(index, 1);
  else if (isObject(parent) && typeof index === 'string') delete parent[index];
  // Prune maps emptied by the removal (never the object root or metadata).
  for (let depth = effective.length - 1; depth >= 2; depth--) {
    const ancestor = lookup(root, effective.slice(0, depth));
    if (!ancestor.found || !isObject(ancestor.value) || Object.keys(ancestor.value).length > 0) break;
    if (effective[depth - 1].startsWith('k:')) break;
    const holder = ancestor.parent;
    if (isObject(holder) && typeof ancestor.index === 'string') delete holder[ancestor.index];
  }
}
