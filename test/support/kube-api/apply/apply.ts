import type { ResourceType } from '../catalogue';
import { clone, deepEqual, isObject, str, type Json, type JsonObject } from '../json';
import { errors, type ApplyConflict } from '../status-errors';
import { sameSet } from './fields-v1';
import { fieldsOf } from './fieldset';
import { formatPath, isUnder, lookup } from './lookup';
import { parsePathKey } from './path-keys';
import { readEntries, sameManager, type ManagerEntry } from './managed-fields';
import { mergeApplied, removePath } from './merge';

export interface ApplyRequest {
  type: ResourceType;
  live: JsonObject | undefined;
  config: JsonObject;
  manager: string;
  force: boolean;
  apiVersion: string;
  subresource?: string;
  now: string;
}

export interface ApplyResult {
  object: JsonObject;
  entries: ManagerEntry[];
}

/** Status is set through the status subresource only, so it is ignored in an apply to the main resource. */
function appliedPart(request: ApplyRequest): JsonObject {
  const { status: _status, ...rest } = request.config;
  if (!request.type.hasStatus) return request.config;
  if (request.subresource === 'status') {
    return { apiVersion: request.config.apiVersion, kind: request.config.kind, metadata: request.config.metadata, status: request.config.status ?? {} };
  }
  return rest;
}

/**
 * Server-side apply: merges the configuration, refuses (or with force, takes over) fields another manager
 * owns with a different value, and removes fields this manager dropped when nobody else owns them.
 */
export function serverSideApply(request: ApplyRequest): ApplyResult {
  const builtIn = !request.type.crdName;
  const config = appliedPart(request);
  const live: JsonObject = request.live ?? { apiVersion: config.apiVersion, kind: config.kind, metadata: {} };
  const entries = readEntries(request.live);
  const identity = { manager: request.manager, operation: 'Apply' as const, subresource: request.subresource };
  const applied = fieldsOf(config, builtIn);
  const previous = entries.find((e) => sameManager(e, identity))?.fields ?? new Set<string>();

  // 1. Conflicts: fields another manager owns whose value this configuration changes.
  const conflicts: (ApplyConflict & { entry: ManagerEntry; key: string })[] = [];
  for (const entry of entries) {
    if (sameManager(entry, identity)) continue;
    for (const key of applied) {
      if (!entry.fields.has(key)) continue;
      const path = parsePathKey(key);
      if (path[path.length - 1] === '.') continue;
      const before = lookup(live as Json, path);
      const after = lookup(config as Json, path);
      if (!before.found || !after.found || !deepEqual(before.value, after.value)) {
        // kube-apiserver names Update managers with the API version they wrote through.
        const using = entry.operation === 'Update' ? entry.apiVersion : undefined;
        conflicts.push({ manager: entry.manager, subresource: entry.subresource, using, field: formatPath(path), entry, key });
      }
    }
  }
  if (conflicts.length > 0 && !request.force) {
    throw errors.applyConflict({ group: request.type.group, resource: request.type.resource, name: str((config.metadata as JsonObject).name) }, conflicts);
  }
  // 2. With force, the conflicting fields move to this manager.
  for (const c of conflicts) c.entry.fields.delete(c.key);

  // 3. Merge the configuration onto the live object: the result shares what it leaves as it was with the live object
  // (stored, frozen), under a top level of its own.
  let object: JsonObject = { ...(mergeApplied(live, config, [], builtIn) as JsonObject) };

  // 4. Fields this manager applied before and dropped now are removed unless another manager owns them.
  const others = entries.filter((e) => !sameManager(e, identity));
  const dropped = [...previous]
    .filter((key) => !applied.has(key))
    .map(parsePathKey)
    .filter((path) => !others.some((e) => [...e.fields].some((k) => isUnder(parsePathKey(k), path))));
  // Removal edits in place, so it works on a copy of its own.
  if (dropped.length > 0) object = clone(object);
  for (const path of dropped) removePath(object, path);

  // 5. This manager's set becomes exactly what it applied.
  const kept = entries.filter((e) => !sameManager(e, identity));
  const existing = entries.find((e) => sameManager(e, identity));
  // An unchanged set keeps its time (and its FieldsV1, see writeEntries). Spelled out: spreading `identity` into an
  // object with more fields is a slow path in V8.
  const time = existing && sameSet(existing.fields, applied) ? existing.time : request.now;
  const { manager, operation, subresource } = identity;
  const mine: ManagerEntry = { manager, operation, subresource, apiVersion: request.apiVersion, time, fields: applied, source: existing?.source };
  const ordered = existing ? entries.map((e) => (e === existing ? mine : e)) : [...kept, mine];
  if (isObject(object.metadata) && isObject(config.metadata)) {
    object.metadata = { ...object.metadata, name: config.metadata.name ?? object.metadata.name };
  }
  return { object, entries: ordered };
}
