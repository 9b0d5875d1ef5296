import { clone, deepEqual, isObject, type Json, type JsonObject } from '../json';
import { strategicListAt, type StrategicList } from '../schema';

/**
 * Strategic merge patch as kubectl sends it: maps merge, `null` deletes, lists with a patch merge key
 * (containers, ports, env, volumes, ...) merge item by item, `$patch: replace|delete` and
 * `$deleteFromPrimitiveList/<field>` directives; `$setElementOrder/<field>` and `$retainKeys` are honoured.
 */
export function strategicMergePatch(target: Json, patch: Json, builtIn: boolean): Json {
  return mergeValue(target, patch, [], builtIn);
}

function mergeValue(target: Json, patch: Json, names: string[], builtIn: boolean): Json {
  if (!isObject(patch)) return clone(patch);
  return mergeObject(isObject(target) ? target : {}, patch, names, builtIn);
}

function mergeObject(target: JsonObject, patch: JsonObject, names: string[], builtIn: boolean): Json {
  if (patch.$patch === 'replace') {
    const { $patch: _directive, ...rest } = patch;
    return clone(rest);
  }
  if (patch.$patch === 'delete') return null;
  const result: JsonObject = { ...target };
  const orders: Record<string, Json[]> = {};
  for (const [key, value] of Object.entries(patch)) {
    if (key === '$patch') continue;
    if (key === '$retainKeys') {
      const keep = new Set(Array.isArray(value) ? value.map(String) : []);
      for (const existing of Object.keys(result)) if (!keep.has(existing) && !(existing in patch)) delete result[existing];
      continue;
    }
    if (key.startsWith('$setElementOrder/')) {
      if (Array.isArray(value)) orders[key.slice('$setElementOrder/'.length)] = value;
      continue;
    }
    if (key.startsWith('$deleteFromPrimitiveList/')) {
      const field = key.slice('$deleteFromPrimitiveList/'.length);
      const current = result[field];
      if (Array.isArray(current) && Array.isArray(value)) result[field] = current.filter((v) => !value.some((d) => deepEqual(d, v)));
      continue;
    }
    if (value === null) {
      delete result[key];
      continue;
    }
    const path = [...names, key];
    const merged = Array.isArray(value) ? mergeList(result[key], value, path, builtIn) : mergeValue(result[key] ?? null, value, path, builtIn);
    if (merged === null) delete result[key];
    else result[key] = merged;
  }
  for (const [field, order] of Object.entries(orders)) {
    const list = result[field];
    if (Array.isArray(list)) result[field] = reorder(list, order, strategicListAt([...names, field], builtIn));
  }
  return result;
}

function matchesKey(item: Json, probe: Json, key: string): boolean {
  return isObject(item) && isObject(probe) && deepEqual(item[key], probe[key]);
}

function mergeList(target: Json | undefined, patch: Json[], names: string[], builtIn: boolean): Json {
  const list = strategicListAt(names, builtIn);
  const current = Array.isArray(target) ? target : [];
  if (patch.some((item) => isObject(item) && item.$patch === 'replace')) {
    return clone(patch.filter((item) => !(isObject(item) && item.$patch === 'replace')));
  }
  if (list.kind === 'set') {
    const union = [...current];
    for (const value of patch) if (!union.some((v) => deepEqual(v, value))) union.push(clone(value));
    return union;
  }
  if (list.kind === 'atomic') return clone(patch);
  const key = list.key;
  const result = [...current];
  for (const item of patch) {
    const at = result.findIndex((existing) => matchesKey(existing, item, key));
    if (isObject(item) && item.$patch === 'delete') {
      if (at >= 0) result.splice(at, 1);
      continue;
    }
    if (at >= 0) result[at] = mergeValue(result[at], item, names, builtIn);
    else result.push(mergeValue(null, item, names, builtIn));
  }
  return result;
}

/** Applies `$setElementOrder`: listed items first in the given order, the rest after in their old order. */
function reorder(list: Json[], order: Json[], type: StrategicList): Json[] {
  const same = (item: Json, probe: Json): boolean => (type.kind === 'keyed' ? matchesKey(item, probe, type.key) : deepEqual(item, probe));
  const ordered: Json[] = [];
  for (const probe of order) {
    const found = list.find((item) => same(item, probe));
    if (found !== undefined && !ordered.includes(found)) ordered.push(found);
  }
  return [...ordered, ...list.filter((item) => !ordered.includes(item))];
}
