import { isPlainObject } from '../common/json';
import { type JsonPath, ownField, setOwnField } from './json-paths';
import type { KubeObject, ManagedFieldsEntry } from './types';

/*
 * FieldsV1, the set format of `metadata.managedFields`: `f:<field>` for an object field, `k:<json of key fields>` for
 * an item of a list merged by key, `v:<json value>` for a member of a set, `i:<index>` for an item by position, and
 * `.` inside an item for the item itself. A key with no children (`{}`) is a field owned whole.
 * The keys come from the cluster: a field is read and written as the object's own (`f:__proto__` is a field named
 * `__proto__`, never Object.prototype).
 */

/** The field manager Flotilla applies with. */
export const FIELD_MANAGER = 'flotilla';

/** Flotilla's own server-side apply entry of a live object (not a subresource's). */
export function flotillaEntry(live: KubeObject): ManagedFieldsEntry | undefined {
  return live.metadata.managedFields?.find((entry) => entry.manager === FIELD_MANAGER && entry.operation === 'Apply' && !entry.subresource);
}

/** The child of `value` a FieldsV1 key names, or undefined. */
export function lookupKey(key: string, value: unknown): unknown {
  if (key.startsWith('f:')) return ownField(value, key.slice(2));
  if (!Array.isArray(value)) return undefined;
  const index = keyIndex(key, value);
  return index < 0 ? undefined : key.startsWith('v:') ? parseJson(key.slice(2)) : value[index];
}

/** `.a` for a field, `[<key>]` for a list item: how a FieldsV1 key reads in a difference's path. */
export function describeKey(key: string): string {
  return key.startsWith('f:') ? `.${key.slice(2)}` : `[${key.slice(2)}]`;
}

/** A field a FieldsV1 set owns in a document: where it is there, and the FieldsV1 keys that lead to it. */
export interface OwnedField {
  readonly path: JsonPath;
  readonly keys: readonly string[];
  /** The item of a list itself (its `.`), not one of its fields. */
  readonly item: boolean;
}

/**
 * The fields of `doc` the set owns (those `doc` has). Without `items`, only fields whose values can be taken away
 * without losing the item they are in: no `.` entries, and no key fields of list items (an item keeps its `name`).
 */
export function ownedFields(fields: Record<string, unknown>, doc: unknown, options: { items: boolean }): OwnedField[] {
  const out: OwnedField[] = [];
  walk(fields, doc, { path: [], keys: [], keyFields: new Set() }, options.items, out);
  return out;
}

interface Position {
  readonly path: JsonPath;
  readonly keys: readonly string[];
  /** When the position is an item of a list merged by key: the names of its key fields. */
  readonly keyFields: ReadonlySet<string>;
}

function walk(fields: Record<string, unknown>, value: unknown, at: Position, items: boolean, out: OwnedField[]): void {
  for (const [key, children] of Object.entries(fields)) {
    if (key === '.') {
      if (items && at.path.length > 0) out.push({ path: at.path, keys: at.keys, item: true });
      continue;
    }
    const step = stepOf(key, value);
    if (step === undefined) continue;
    const path = [...at.path, step];
    const keys = [...at.keys, key];
    const nested = isPlainObject(children) ? children : {};
    if (Object.keys(nested).length > 0) {
      const keyFields = key.startsWith('k:') ? new Set(Object.keys(asObject(parseJson(key.slice(2))))) : new Set<string>();
      walk(nested, lookupKey(key, value), { path, keys, keyFields }, items, out);
    } else if (items || !(key.startsWith('f:') && at.keyFields.has(key.slice(2)))) {
      out.push({ path, keys, item: false });
    }
  }
}

function stepOf(key: string, value: unknown): string | number | undefined {
  if (key.startsWith('f:')) return isPlainObject(value) && Object.hasOwn(value, key.slice(2)) ? key.slice(2) : undefined;
  if (!Array.isArray(value)) return undefined;
  const index = keyIndex(key, value);
  return index < 0 ? undefined : index;
}

/**
 * Writes `value` where the FieldsV1 keys lead in `target`, making the objects and list items on the way (an item
 * merged by key starts as its key fields, placed after the item that precedes it in `live`, so the list keeps live
 * order). Without `value` only the item the keys name is made. Nothing is made when the end cannot be reached.
 */
export function setOwnedField(target: Record<string, unknown>, keys: readonly string[], value: unknown, live: unknown): void {
  place(target, keys, value, live);
}

function place(node: unknown, keys: readonly string[], value: unknown, live: unknown): boolean {
  const [key, ...rest] = keys;
  if (key.startsWith('f:')) {
    const field = key.slice(2);
    if (!isPlainObject(node)) return false;
    if (rest.length === 0) {
      if (value !== undefined) setOwnField(node, field, structuredClone(value));
      return true;
    }
    const liveChild = ownField(live, field);
    const child = ownField(node, field);
    if (child !== undefined) return place(child, rest, value, liveChild);
    const made = rest[0].startsWith('f:') ? {} : [];
    if (!place(made, rest, value, liveChild)) return false;
    setOwnField(node, field, made);
    return true;
  }
  if (!Array.isArray(node)) return false;
  const liveIndex = Array.isArray(live) ? keyIndex(key, live) : -1;
  const liveItem = Array.isArray(live) ? live[liveIndex] : undefined;
  const position = keyIndex(key, node);
  if (position >= 0) {
    if (rest.length > 0) return place(node[position], rest, value, liveItem);
    if (value !== undefined) node[position] = structuredClone(value);
    return true;
  }
  // An item by position can only be the next one.
  if (key.startsWith('i:') && Number.parseInt(key.slice(2), 10) !== node.length) return false;
  const made = newItem(key, rest.length === 0 ? value : undefined);
  if (made === undefined || (rest.length > 0 && !place(made, rest, value, liveItem))) return false;
  placeAfterLivePredecessor(node, made, key, live, liveIndex);
  return true;
}

function newItem(key: string, value: unknown): unknown {
  if (value !== undefined) return structuredClone(value);
  const parsed = parseJson(key.slice(2));
  if (key.startsWith('k:') && isPlainObject(parsed)) return parsed;
  return key.startsWith('v:') ? parsed : undefined;
}

function placeAfterLivePredecessor(list: unknown[], item: unknown, key: string, live: unknown, liveIndex: number): void {
  const keyFields = key.startsWith('k:') ? Object.keys(asObject(parseJson(key.slice(2)))) : [];
  for (let before = liveIndex - 1; Array.isArray(live) && keyFields.length > 0 && before >= 0; before--) {
    const predecessor = live[before];
    const found = list.findIndex((candidate) => isPlainObject(candidate) && isPlainObject(predecessor) && keyFields.every((field) => sameScalar(ownField(candidate, field), ownField(predecessor, field))));
    if (found >= 0) {
      list.splice(found + 1, 0, item);
      return;
    }
  }
  if (keyFields.length > 0 && liveIndex >= 0) list.unshift(item);
  else list.push(item);
}

/** The index of the item a list key (`k:`, `v:`, `i:`) names, or -1. */
export function keyIndex(key: string, list: readonly unknown[]): number {
  const parsed = parseJson(key.slice(2));
  if (key.startsWith('k:') && isPlainObject(parsed)) {
    // Key fields the server defaulted (e.g. a port's protocol) may be absent from the desired item.
    return list.findIndex(
      (item) =>
        isPlainObject(item) &&
        Object.keys(parsed).some((field) => ownField(item, field) !== undefined) &&
        Object.entries(parsed).every(([field, wanted]) => ownField(item, field) === undefined || sameScalar(ownField(item, field), wanted)),
    );
  }
  if (key.startsWith('v:')) return list.findIndex((item) => sameScalar(item, parsed));
  if (key.startsWith('i:')) {
    const index = Number.parseInt(key.slice(2), 10);
    return index >= 0 && index < list.length ? index : -1;
  }
  return -1;
}

// Keys in FieldsV1 carry the server's typed value (e.g. containerPort 8080); desired YAML may say "8080".
function sameScalar(a: unknown, b: unknown): boolean {
  const scalar = (value: unknown): value is string | number | boolean => ['string', 'number', 'boolean'].includes(typeof value);
  return a === b || (scalar(a) && scalar(b) && String(a) === String(b));
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function asObject(value: unknown): Record<string, unknown> {
  return isPlainObject(value) ? value : {};
}

/** What FieldsV1 sets say of a document's values: which are owned whole, which lists merge item by item. */
export interface FieldsShape {
  /** The paths (as JSON) of fields some set owns whole (a key with no children): scalars, and atomic lists, maps and structs. */
  readonly leaves: Set<string>;
  /** The paths (as JSON) of lists some set names items of by key (`k:`, `v:`, `i:`): merged item by item. */
  readonly keyedLists: Set<string>;
  /** The FieldsV1 key of each list item some set names, by the JSON of the item's path. */
  readonly itemKeys: Map<string, string>;
}

/** The shape of `doc` (the fields it has) as all the sets given read it. */
export function fieldsShape(sets: readonly unknown[], doc: unknown): FieldsShape {
  const shape: FieldsShape = { leaves: new Set(), keyedLists: new Set(), itemKeys: new Map() };
  for (const fields of sets) if (isPlainObject(fields)) addShape(fields, doc, [], shape);
  return shape;
}

function addShape(fields: Record<string, unknown>, value: unknown, path: JsonPath, shape: FieldsShape): void {
  for (const [key, children] of Object.entries(fields)) {
    if (key === '.') continue;
    if (!key.startsWith('f:') && Array.isArray(value)) shape.keyedLists.add(JSON.stringify(path));
    const step = stepOf(key, value);
    if (step === undefined) continue;
    const childPath = [...path, step];
    if (!key.startsWith('f:')) shape.itemKeys.set(JSON.stringify(childPath), key);
    const nested = isPlainObject(children) ? children : {};
    if (Object.keys(nested).length === 0) shape.leaves.add(JSON.stringify(childPath));
    else addShape(nested, lookupKey(key, value), childPath, shape);
  }
}
