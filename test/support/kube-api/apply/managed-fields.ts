import { deepEqual, isObject, type Json, type JsonObject, str } from '../json';
import { fieldsOf, fromFieldsV1, lookup, parsePathKey, toFieldsV1, type FieldSet } from './fieldset';

/** One `metadata.managedFields` entry with its field set decoded. */
export interface ManagerEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time: string;
  subresource?: string;
  fields: FieldSet;
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
      fields: fromFieldsV1(e.fieldsV1 ?? {}),
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
      fieldsV1: toFieldsV1(e.fields),
    };
    if (e.subresource) out.subresource = e.subresource;
    return out;
  });
}

/** Fields set in `after` whose value differs from `before` (new list items count by their `.`). */
function changedFields(before: JsonObject | undefined, after: FieldSet, afterObj: JsonObject): FieldSet {
  const changed: FieldSet = new Set();
  for (const key of after) {
    const path = parsePathKey(key);
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

/**
 * Ownership after a non-apply write (create, update, patch): the writer takes every field it changed,
 * other managers lose those, and removed fields leave every manager.
 */
export function recordUpdate(before: JsonObject | undefined, after: JsonObject, builtIn: boolean, writer: Writer): void {
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
    mine = { ...identity, apiVersion: writer.apiVersion, time: writer.now, fields: new Set() };
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
}
