import { isObject, type Json, type JsonObject } from '../json';
import { KEY_DEFAULTS, listTypeAt } from '../schema';

/**
 * A field path as in FieldsV1: `f:<field>`, `k:<json of key fields>` for an associative-list item,
 * `v:<json>` for a set member, and `.` for "the item itself". A FieldSet holds paths serialized as JSON.
 */
export type FieldPath = string[];
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

export function pathKey(path: FieldPath): string {
  return JSON.stringify(path);
}

export function parsePathKey(key: string): FieldPath {
  return JSON.parse(key) as FieldPath;
}

/** The field names along a path (what the schema is keyed by). */
function namesOf(path: FieldPath): string[] {
  return path.filter((e) => e.startsWith('f:')).map((e) => e.slice(2));
}

/** The key object of an associative-list item, or undefined when a key field is missing. */
export function itemKey(item: unknown, keys: string[]): JsonObject | undefined {
  if (!isObject(item)) return undefined;
  const key: JsonObject = {};
  for (const k of [...keys].sort()) {
    const value = item[k] ?? (KEY_DEFAULTS[k] as Json | undefined);
    if (value === undefined) return undefined;
    key[k] = value;
  }
  return key;
}

function collect(value: Json, path: FieldPath, builtIn: boolean, out: FieldSet): void {
  if (isObject(value)) {
    const keys = Object.keys(value);
    if (keys.length === 0 && path.length > 0) out.add(pathKey(path));
    for (const k of keys) collect(value[k], [...path, `f:${k}`], builtIn, out);
    return;
  }
  if (Array.isArray(value)) {
    const type = listTypeAt(namesOf(path), builtIn);
    if (type.kind === 'set' && value.every((v) => !isObject(v) && !Array.isArray(v))) {
      for (const v of value) out.add(pathKey([...path, `v:${JSON.stringify(v)}`]));
      return;
    }
    if (type.kind === 'map') {
      const keyed = value.map((item) => itemKey(item, type.keys));
      if (keyed.every((k) => k !== undefined)) {
        value.forEach((item, i) => {
          const element = `k:${JSON.stringify(keyed[i])}`;
          out.add(pathKey([...path, element, '.']));
          for (const [k, v] of Object.entries(item as JsonObject)) collect(v, [...path, element, `f:${k}`], builtIn, out);
        });
        return;
      }
    }
  }
  out.add(pathKey(path));
}

/** Every field an object sets, except server-owned metadata, apiVersion and kind. */
export function fieldsOf(obj: JsonObject, builtIn: boolean): FieldSet {
  const out: FieldSet = new Set();
  for (const [k, v] of Object.entries(obj)) {
    if (k === 'apiVersion' || k === 'kind') continue;
    if (k === 'metadata' && isObject(v)) {
      for (const [mk, mv] of Object.entries(v)) {
        if (!IGNORED_METADATA.has(mk)) collect(mv, ['f:metadata', `f:${mk}`], builtIn, out);
      }
      continue;
    }
    collect(v, [`f:${k}`], builtIn, out);
  }
  return out;
}

export type Lookup = { found: true; value: Json; parent: Json; index: string | number } | { found: false };

/** Resolves a path in an object; `parent`/`index` locate the value for removal. */
export function lookup(root: Json, path: FieldPath): Lookup {
  let current: Json = root;
  let parent: Json = null;
  let index: string | number = '';
  for (const element of path) {
    if (element === '.') continue;
    const body = element.slice(2);
    if (element.startsWith('f:')) {
      if (!isObject(current) || !(body in current)) return { found: false };
      parent = current;
      index = body;
      current = current[body];
    } else if (element.startsWith('k:')) {
      if (!Array.isArray(current)) return { found: false };
      const key = JSON.parse(body) as JsonObject;
      const keys = Object.keys(key);
      const at = current.findIndex((item) => {
        const k = itemKey(item, keys);
        return k !== undefined && JSON.stringify(k) === JSON.stringify(key);
      });
      if (at < 0) return { found: false };
      parent = current;
      index = at;
      current = current[at];
    } else if (element.startsWith('v:')) {
      if (!Array.isArray(current)) return { found: false };
      const wanted = JSON.stringify(JSON.parse(body));
      const at = current.findIndex((item) => JSON.stringify(item) === wanted);
      if (at < 0) return { found: false };
      parent = current;
      index = at;
      current = current[at];
    } else {
      return { found: false };
    }
  }
  return { found: true, value: current, parent, index };
}

/** Builds the FieldsV1 JSON tree for a set. */
export function toFieldsV1(set: FieldSet): JsonObject {
  const root: JsonObject = {};
  for (const key of [...set].sort()) {
    let node = root;
    for (const element of parsePathKey(key)) {
      const next = node[element];
      if (isObject(next)) {
        node = next;
      } else {
        const created: JsonObject = {};
        node[element] = created;
        node = created;
      }
    }
  }
  return root;
}

/** Reads a FieldsV1 tree back into a set: every empty node is a leaf path. */
export function fromFieldsV1(tree: Json, prefix: FieldPath = [], out: FieldSet = new Set()): FieldSet {
  if (!isObject(tree)) return out;
  for (const [element, child] of Object.entries(tree)) {
    const path = [...prefix, element];
    if (isObject(child) && Object.keys(child).length > 0) fromFieldsV1(child, path, out);
    else out.add(pathKey(path));
  }
  return out;
}

/** Formats a path the way kube-apiserver names fields in conflict messages: `.spec.template.spec.containers[name="web"].image`. */
export function formatPath(path: FieldPath): string {
  let text = '';
  for (const element of path) {
    if (element === '.') continue;
    const body = element.slice(2);
    if (element.startsWith('f:')) text += `.${body}`;
    else if (element.startsWith('k:')) {
      const key = JSON.parse(body) as JsonObject;
      text += `[${Object.entries(key).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',')}]`;
    } else if (element.startsWith('v:')) text += `[=${body}]`;
  }
  return text;
}

/** True when `path` equals `prefix` or lies below it. */
export function isUnder(path: FieldPath, prefix: FieldPath): boolean {
  const effective = prefix[prefix.length - 1] === '.' ? prefix.slice(0, -1) : prefix;
  if (path.length < effective.length) return false;
  return effective.every((e, i) => path[i] === e);
}
