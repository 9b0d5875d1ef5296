import { clone, isObject, type Json, type JsonObject } from '../json';
import { listTypeAt } from '../schema';
import { itemKey, lookup, type FieldPath } from './fieldset';

/**
 * Structural merge of an applied configuration onto the live object: maps merge, associative lists
 * merge item by key, sets union, atomic lists and scalars are replaced.
 */
export function mergeApplied(live: Json, applied: Json, names: string[], builtIn: boolean): Json {
  if (isObject(applied)) {
    const result: JsonObject = isObject(live) ? { ...live } : {};
    for (const [key, value] of Object.entries(applied)) {
      if (value === null) delete result[key];
      else result[key] = mergeApplied(result[key] ?? null, value, [...names, key], builtIn);
    }
    return result;
  }
  if (Array.isArray(applied) && Array.isArray(live)) {
    const type = listTypeAt(names, builtIn);
    if (type.kind === 'set') {
      const result = [...live];
      for (const value of applied) if (!result.some((v) => JSON.stringify(v) === JSON.stringify(value))) result.push(clone(value));
      return result;
    }
    if (type.kind === 'map') {
      const keyText = (item: Json): string => JSON.stringify(itemKey(item, type.keys) ?? null);
      const result = [...live];
      for (const item of applied) {
        const at = result.findIndex((existing) => keyText(existing) === keyText(item));
        if (at >= 0) result[at] = mergeApplied(result[at], item, names, builtIn);
        else result.push(clone(item));
      }
      return result;
    }
  }
  return clone(applied);
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
