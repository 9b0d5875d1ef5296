import { isObject, type Json, type JsonObject } from '../json';
import { listTypeAt } from '../schema';
import { itemKey } from './lookup';
import { appendText, childKey, fieldText, itemText } from './path-keys';

/** A set of field paths, each serialized as JSON (see path-keys.ts). */
export type FieldSet = Set<string>;

// Metadata the server owns; never attributed to a manager (as in kube-apiserver's managedFields).
const IGNORED_METADATA = new Set([
  'name',
  'namespace',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'managedFields',
  'selfLink',
]);

/**
 * Adds the fields under `value` to `out`. `parent` is the key text of its path (see `childKey`) and `names` the field
 * names along it, a stack pushed and popped on the way down.
 */
function collect(value: Json, parent: string, names: string[], builtIn: boolean, out: FieldSet): void {
  if (isObject(value)) {
    const keys = Object.keys(value);
    if (keys.length === 0 && parent !== '') out.add(`[${parent}]`);
    for (const k of keys) collectField(value[k], parent, k, names, builtIn, out);
    return;
  }
  if (Array.isArray(value)) {
    const type = listTypeAt(names, builtIn);
    if (type.kind === 'set' && value.every((v) => !isObject(v) && !Array.isArray(v))) {
      for (const v of value) out.add(`[${childKey(parent, `v:${JSON.stringify(v)}`)}]`);
      return;
    }
    if (type.kind === 'map') {
      const keyed = value.map((item) => itemKey(item, type.keys));
      if (keyed.every((k) => k !== undefined)) {
        value.forEach((item, i) => {
          const element = appendText(parent, itemText(JSON.stringify(keyed[i])));
          out.add(`[${childKey(element, '.')}]`);
          for (const [k, v] of Object.entries(item as JsonObject)) collectField(v, element, k, names, builtIn, out);
        });
        return;
      }
    }
  }
  out.add(`[${parent}]`);
}

function collectField(value: Json, parent: string, name: string, names: string[], builtIn: boolean, out: FieldSet): void {
  names.push(name);
  collect(value, appendText(parent, fieldText(name)), names, builtIn, out);
  names.pop();
}

// The fields under a value of a stored (frozen, unchanging) object, by the value and then by path and builtIn.
const storedFields = new WeakMap<object, Map<string, readonly string[]>>();

/**
 * `collectField` for a top-level field or a metadata field. The values there are often shared, unchanged, by
 * successive versions of an object (a status write keeps the spec), so for a frozen value the result is kept.
 */
function collectTopField(value: Json, parent: string, name: string, names: string[], builtIn: boolean, out: FieldSet): void {
  if (typeof value !== 'object' || value === null || !Object.isFrozen(value)) {
    collectField(value, parent, name, names, builtIn, out);
    return;
  }
  let byPath = storedFields.get(value);
  if (!byPath) {
    byPath = new Map();
    storedFields.set(value, byPath);
  }
  const memoKey = `${String(builtIn)}${appendText(parent, fieldText(name))}`;
  let keys = byPath.get(memoKey);
  if (!keys) {
    const own: FieldSet = new Set();
    collectField(value, parent, name, names, builtIn, own);
    keys = [...own];
    byPath.set(memoKey, keys);
  }
  for (const key of keys) out.add(key);
}

// The fields of stored objects, as the writes that stored them worked them out (see `rememberFields`).
const storedObjectFields = new WeakMap<object, { builtIn: boolean; fields: FieldSet }>();

/**
 * Keeps the fields a write worked out for an object with the object once stored (frozen): they still hold when
 * nothing but server-owned metadata, which sets no fields, changed in between.
 */
export function rememberFields(stored: JsonObject, builtIn: boolean, fields: FieldSet): void {
  if (Object.isFrozen(stored)) storedObjectFields.set(stored, { builtIn, fields });
}

/** Every field an object sets, except server-owned metadata, apiVersion and kind. */
export function fieldsOf(obj: JsonObject, builtIn: boolean): FieldSet {
  const remembered = storedObjectFields.get(obj);
  if (remembered?.builtIn === builtIn) return new Set(remembered.fields);
  const out: FieldSet = new Set();
  for (const [k, v] of Object.entries(obj)) {
    if (k === 'apiVersion' || k === 'kind') continue;
    if (k === 'metadata' && isObject(v)) {
      const parent = childKey('', 'f:metadata');
      for (const [mk, mv] of Object.entries(v)) {
        if (!IGNORED_METADATA.has(mk)) collectTopField(mv, parent, mk, ['metadata'], builtIn, out);
      }
      continue;
    }
    collectTopField(v, '', k, [], builtIn, out);
  }
  return out;
}
