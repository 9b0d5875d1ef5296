import { deepEqual, isObject, type Json, type JsonObject, str } from '../json';
import { fieldsOfTree, reusableTree, toFieldsV1 } from './fields-v1';
import { fieldsOf, type FieldSet } from './fieldset';
import { lookup } from './lookup';
import { parsePathKey, type FieldPath } from './path-keys';

/** One `metadata.managedFields` entry with its field set decoded. */
export interface ManagerEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time: string;
  subresource?: string;
  fields: FieldSet;
  /** The FieldsV1 the entry was read from: written back as it is while `fields` stays the same set. */
  source?: Json;
}

export interface Writer {
  manager: string;
  apiVersion: string;
  subresource?: string;
  now: string;
}

export function sameManager(a: Pick<ManagerEntry, 'manager' | 'operation' | 'subresource'>, b: typeof a): boolean {
  return a.manager === b.manager && a.operation === b.operation && (a.subresource ?? '') === (b.subresource ?? '');
}

export function readEntries(obj: JsonObject | undefined): ManagerEntry[] {
  const metadata = obj?.metadata;
  const raw = isObject(metadata) && Array.isArray(metadata.managedFields) ? metadata.managedFields : [];
  return raw.filter(isObject).map((e) => {
    const entry: ManagerEntry = {
      manager: str(e.manager ?? ''),
      operation: e.operation === 'Apply' ? 'Apply' : 'Update',
      apiVersion: str(e.apiVersion ?? ''),
      time: str(e.time ?? ''),
      fields: new Set(fieldsOfTree(e.fieldsV1 ?? {})),
      source: e.fieldsV1,
    };
    if (typeof e.subresource === 'string' && e.subresource) entry.subresource = e.subresource;
    return entry;
  });
}

export function writeEntries(obj: JsonObject, entries: ManagerEntry[]): void {
  const metadata = obj.metadata as JsonObject;
  const kept = entries.filter((e) => e.fields.size > 0);
  if (kept.length === 0) {
    delete metadata.managedFields;
    return;
  }
  metadata.managedFields = kept.map((e) => {
    const out: JsonObject = {
      manager: e.manager,
      operation: e.operation,
      apiVersion: e.apiVersion,
      time: e.time,
      fieldsType: 'FieldsV1',
      fieldsV1: (e.source !== undefined ? reusableTree(e.source, e.fields) : undefined) ?? toFieldsV1(e.fields),
    };
    if (e.subresource) out.subresource = e.subresource;
    return out;
  });
}

/** Fields set in `after` whose value differs from `before` (new list items count by their `.`). */
function changedFields(before: JsonObject | undefined, after: FieldSet, afterObj: JsonObject): FieldSet {
  const changed: FieldSet = new Set();
  const starts = new SharedStarts();
  for (const key of after) {
    const path = parsePathKey(key);
    const start = before && starts.of(before, afterObj, path);
    if (start) {
      // Both versions resolve the path to the same value (or both miss it): changed only when it is missing.
      if (!resolvesFrom(start, key, path)) changed.add(key);
      continue;
    }
    const old = before ? lookup(before as Json, path) : { found: false as const };
    if (!old.found) {
      changed.add(key);
      continue;
    }
    if (path[path.length - 1] === '.') continue;
    const now = lookup(afterObj as Json, path);
    if (!now.found || !deepEqual(old.value, now.value)) changed.add(key);
  }
  return changed;
}

interface SharedStart {
  value: object;
  depth: number;
}

/**
 * Where a path starts (its top-level field, or its metadata field), when that is one and the same stored object in
 * both versions, as most of an object is between two writes (a status write keeps the spec). Each start is looked at
 * once per write.
 */
class SharedStarts {
  private readonly top = new Map<string, SharedStart | undefined>();
  private readonly metadata = new Map<string, SharedStart | undefined>();

  of(before: JsonObject, after: JsonObject, path: FieldPath): SharedStart | undefined {
    const depth = path[0] === 'f:metadata' && path.length > 1 ? 2 : 1;
    const seen = depth === 1 ? this.top : this.metadata;
    const name = path[depth - 1];
    if (!seen.has(name)) seen.set(name, sharedStart(before, after, path, depth));
    return seen.get(name);
  }
}

function sharedStart(before: JsonObject, after: JsonObject, path: FieldPath, depth: number): SharedStart | undefined {
  const old = lookup(before as Json, path, 0, depth);
  const now = lookup(after as Json, path, 0, depth);
  if (!old.found || !now.found || old.value !== now.value) return undefined;
  const value = old.value;
  return typeof value === 'object' && value !== null && Object.isFrozen(value) ? { value, depth } : undefined;
}

// Whether a path resolves from a stored (frozen, unchanging) value, by the value and then the path's key.
const resolvedFrom = new WeakMap<object, Map<string, boolean>>();

function resolvesFrom(start: SharedStart, key: string, path: FieldPath): boolean {
  let byKey = resolvedFrom.get(start.value);
  if (!byKey) {
    byKey = new Map();
    resolvedFrom.set(start.value, byKey);
  }
  let found = byKey.get(key);
  if (found === undefined) {
    found = lookup(start.value as Json, path, start.depth).found;
    byKey.set(key, found);
  }
  return found;
}

/**
 * Ownership after a non-apply write (create, update, patch): the writer takes every field it changed,
 * other managers lose those, and removed fields leave every manager. Returns the fields of `after`.
 */
export function recordUpdate(before: JsonObject | undefined, after: JsonObject, builtIn: boolean, writer: Writer): FieldSet {
  // `after` carries the entries to start from (the stored ones, or the client's own list).
  const entries = readEntries(after);
  const afterFields = fieldsOf(after, builtIn);
  const beforeFields = before ? fieldsOf(before, builtIn) : new Set<string>();
  const changed = changedFields(before, afterFields, after);
  const removed = new Set([...beforeFields].filter((k) => !afterFields.has(k)));
  const identity = { manager: writer.manager, operation: 'Update' as const, subresource: writer.subresource };
  let mine = entries.find((e) => sameManager(e, identity));
  for (const entry of entries) {
    if (entry === mine) continue;
    for (const key of changed) entry.fields.delete(key);
    for (const key of removed) entry.fields.delete(key);
  }
  if (changed.size > 0 && !mine) {
    mine = { manager: writer.manager, operation: 'Update', subresource: writer.subresource, apiVersion: writer.apiVersion, time: writer.now, fields: new Set() };
    entries.push(mine);
  }
  if (mine) {
    for (const key of removed) mine.fields.delete(key);
    if (changed.size > 0) {
      for (const key of changed) mine.fields.add(key);
      mine.time = writer.now;
      mine.apiVersion = writer.apiVersion;
    }
  }
  writeEntries(after, entries);
  return afterFields;
}
