import { randomUUID } from 'node:crypto';
import { groupVersionOf, type Catalogue, type ResourceType } from './catalogue';
import { applyDefaults } from './defaults';
import { clone, copySharingFrozen, deepEqual, isObject, str, type Json, type JsonObject } from './json';
import { rememberFields, type FieldSet } from './apply/fieldset';
import { recordUpdate, writeEntries, type ManagerEntry } from './apply/managed-fields';
import { errors, type ObjectRef } from './status-errors';
import { validate } from './validation';
import type { ObjectStore } from './store';

/** How a write is attributed and whether it is persisted. */
export interface WriteContext {
  manager: string;
  dryRun: boolean;
  subresource?: string;
  /** Ownership already computed by server-side apply; otherwise the write is recorded as an Update. */
  appliedEntries?: ManagerEntry[];
}

/** Reacts to stored changes (simulated controllers, CRD registration, garbage collection). */
export type ChangeHook = (type: ResourceType, obj: JsonObject, deleted: boolean) => void;

export function typeKeyOf(type: ResourceType): string {
  return `${type.group}/${type.resource}`;
}

export function refOf(type: ResourceType, name?: string): ObjectRef {
  return { group: type.group, resource: type.resource, name };
}

export function metadataOf(obj: JsonObject): JsonObject {
  if (!isObject(obj.metadata)) obj.metadata = {};
  return obj.metadata as JsonObject;
}

/** A timestamp as the API serializes one (whole seconds); the current time unless `at` is given. */
export function nowIso(at: Date = new Date()): string {
  return at.toISOString().replace(/\.\d+Z$/, 'Z');
}

/**
 * Everything a client could change in one write, minus what the server maintains itself. A shallow view (only
 * metadata and the managedFields entries are new objects), so comparing two versions that share parts is cheap.
 */
function comparable(obj: JsonObject): JsonObject {
  const { resourceVersion: _rv, ...metadata } = isObject(obj.metadata) ? obj.metadata : {};
  if (Array.isArray(metadata.managedFields)) metadata.managedFields = metadata.managedFields.map(withoutTime);
  return { ...obj, metadata };
}

function withoutTime(entry: Json): Json {
  if (!isObject(entry)) return entry;
  const { time: _time, ...rest } = entry;
  return rest;
}

/**
 * The managedFields an update starts from: the client's when it sent a well-formed non-empty list
 * (kubectl's client-side-apply upgrade rewrites them with a JSON patch), none when it sent `[{}]`
 * (the documented reset), else the stored ones — as kube-apiserver's field manager decides.
 */
function baseManagedFields(incoming: Json | undefined, stored: Json | undefined): Json {
  if (Array.isArray(incoming) && incoming.length === 1 && isObject(incoming[0]) && Object.keys(incoming[0]).length === 0) return [];
  const wellFormed = (e: Json): boolean => isObject(e) && typeof e.manager === 'string' && (e.operation === 'Apply' || e.operation === 'Update') && isObject(e.fieldsV1);
  // Not copied: the list is only read, then replaced by the entries written for this write (see `commit`).
  if (Array.isArray(incoming) && incoming.length > 0 && incoming.every(wellFormed)) return incoming;
  return stored ?? [];
}

function specOf(obj: JsonObject): JsonObject {
  const { metadata: _m, status: _s, apiVersion: _a, kind: _k, ...rest } = obj;
  return rest;
}

/** Create, update and delete with kube-apiserver's bookkeeping; all writers (HTTP, controllers) go through here. */
export class ObjectService {
  constructor(
    readonly catalogue: Catalogue,
    readonly store: ObjectStore,
    private readonly onChange: ChangeHook,
  ) {}

  /** The stored object served as the requested version (custom resources are stored without conversion). */
  read(type: ResourceType, namespace: string, name: string): JsonObject | undefined {
    const obj = this.store.get(typeKeyOf(type), namespace, name);
    if (!obj || obj.apiVersion === groupVersionOf(type)) return obj;
    return { ...obj, apiVersion: groupVersionOf(type) };
  }

  mustRead(type: ResourceType, namespace: string, name: string): JsonObject {
    const obj = this.read(type, namespace, name);
    if (!obj) throw errors.notFound(refOf(type, name));
    return obj;
  }

  /** Creating in a missing namespace is 404, in a terminating one 403, as in kube-apiserver. */
  private checkNamespace(type: ResourceType, namespace: string, name: string): void {
    if (!type.namespaced) return;
    const ns = this.store.get('/namespaces', '', namespace);
    if (!ns) throw errors.notFound({ group: '', resource: 'namespaces', name: namespace });
    if (isObject(ns.metadata) && ns.metadata.deletionTimestamp) throw errors.namespaceTerminating(refOf(type, name), namespace);
  }

  /** Validates identity fields of an incoming object against the request path. */
  prepareIncoming(type: ResourceType, namespace: string | undefined, body: unknown, name?: string): JsonObject {
    if (!isObject(body)) throw errors.badRequest('the request body must be a JSON or YAML object');
    const obj = clone(body);
    if (obj.kind !== undefined && obj.kind !== type.kind) {
      throw errors.badRequest(`the API version in the data (${str(obj.apiVersion)}) and kind (${str(obj.kind)}) do not match the request (${type.kind})`);
    }
    obj.apiVersion = groupVersionOf(type);
    obj.kind = type.kind;
    const metadata = metadataOf(obj);
    if (type.namespaced) {
      if (metadata.namespace !== undefined && metadata.namespace !== '' && metadata.namespace !== namespace) {
        throw errors.badRequest('the namespace of the provided object does not match the namespace sent on the request');
      }
      metadata.namespace = namespace ?? '';
    } else {
      delete metadata.namespace;
    }
    if (name !== undefined && metadata.name !== undefined && metadata.name !== name) {
      throw errors.badRequest('the name of the object does not match the name on the URL');
    }
    if (name !== undefined) metadata.name = name;
    if (!metadata.name && typeof metadata.generateName === 'string') {
      metadata.name = `${metadata.generateName}${randomUUID().replace(/-/g, '').slice(0, 5)}`;
    }
    return obj;
  }

  create(type: ResourceType, draft: JsonObject, ctx: WriteContext): JsonObject {
    const metadata = metadataOf(draft);
    const namespace = (metadata.namespace as string | undefined) ?? '';
    const name = metadata.name as string;
    if (this.store.get(typeKeyOf(type), namespace, name)) throw errors.alreadyExists(refOf(type, name));
    this.checkNamespace(type, namespace, name);
    return this.commit(type, undefined, draft, ctx);
  }

  /** Creates an object of any served kind directly (status included), for test set-up. */
  seed(obj: JsonObject): JsonObject {
    const type = this.catalogue.findKind(str(obj.apiVersion), str(obj.kind));
    if (!type) throw errors.badRequest(`no kind "${str(obj.kind)}" is registered for version "${str(obj.apiVersion)}"`);
    const namespace = isObject(obj.metadata) && typeof obj.metadata.namespace === 'string' ? obj.metadata.namespace : undefined;
    const draft = this.prepareIncoming(type, type.namespaced ? (namespace ?? 'default') : undefined, obj);
    const created = this.create(type, draft, { manager: 'seed', dryRun: false });
    if (!type.hasStatus || obj.status === undefined) return created;
    return this.commit(type, created, { ...created, status: clone(obj.status) }, { manager: 'seed', subresource: 'status', dryRun: false });
  }

  /** Replaces an existing object; a stale `metadata.resourceVersion` is a 409 Conflict. */
  update(type: ResourceType, draft: JsonObject, ctx: WriteContext): JsonObject {
    const metadata = metadataOf(draft);
    const before = this.mustRead(type, (metadata.namespace as string | undefined) ?? '', metadata.name as string);
    const rv = metadata.resourceVersion;
    if (rv !== undefined && rv !== '' && rv !== metadataOf(before).resourceVersion) {
      throw errors.staleResourceVersion(refOf(type, metadata.name as string));
    }
    return this.commit(type, before, draft, ctx);
  }

  /** Stores `draft` as the next state of `before` (undefined for a create). */
  commit(type: ResourceType, before: JsonObject | undefined, draft: JsonObject, ctx: WriteContext): JsonObject {
    const obj = this.withServerFields(type, before, draft, ctx);
    validate(type, obj, before);
    let fields: FieldSet | undefined;
    if (ctx.appliedEntries) writeEntries(obj, ctx.appliedEntries);
    else {
      fields = recordUpdate(before, obj, !type.crdName, {
        manager: ctx.manager,
        apiVersion: groupVersionOf(type),
        subresource: ctx.subresource,
        now: nowIso(),
      });
    }
    // A write that changes nothing keeps the stored object and its resourceVersion, like kube-apiserver.
    if (before && deepEqual(comparable(before), comparable(obj))) return before;
    const metadata = metadataOf(obj);
    const finalizers = Array.isArray(metadata.finalizers) ? metadata.finalizers : [];
    if (before && metadata.deletionTimestamp && finalizers.length === 0 && type.resource !== 'namespaces') return this.removeNow(type, obj, ctx.dryRun);
    if (ctx.dryRun) {
      if (!before) delete metadata.resourceVersion;
      return obj;
    }
    const stored = this.store.put(typeKeyOf(type), obj);
    // Since recordUpdate worked them out, only managedFields and resourceVersion changed: the fields still hold.
    if (fields) rememberFields(stored, !type.crdName, fields);
    this.onChange(type, stored, false);
    return stored;
  }

  /**
   * The object to store: a private copy of the draft, except for the parts it shares with stored objects (frozen,
   * so they stay shared). Only the top level, metadata and parts new in this write are edited below; defaulting
   * also reaches into stored parts, but finds them defaulted already and changes nothing there.
   */
  private withServerFields(type: ResourceType, before: JsonObject | undefined, draft: JsonObject, ctx: WriteContext): JsonObject {
    let obj = copySharingFrozen(draft);
    if (type.hasStatus && before) {
      // Status and the main resource are written through separate endpoints.
      obj = ctx.subresource === 'status' ? { ...before, status: obj.status ?? {} } : { ...obj, status: before.status };
      if (obj.status === undefined) delete obj.status;
    } else if (type.hasStatus && ctx.subresource !== 'status') {
      delete obj.status;
    }
    obj.apiVersion = groupVersionOf(type);
    obj.kind = type.kind;
    const metadata: JsonObject = isObject(obj.metadata) ? { ...obj.metadata } : {};
    obj.metadata = metadata;
    if (before) {
      const old = metadataOf(before);
      for (const key of ['name', 'namespace', 'uid', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds'] as const) {
        if (old[key] === undefined) delete metadata[key];
        else metadata[key] = old[key];
      }
      metadata.managedFields = baseManagedFields(metadata.managedFields, old.managedFields);
      if (type.tracksGeneration) {
        const generation = typeof old.generation === 'number' ? old.generation : 1;
        metadata.generation = deepEqual(specOf(before), specOf(applyDefaults(type, obj))) ? generation : generation + 1;
      } else delete metadata.generation;
      metadata.resourceVersion = old.resourceVersion;
    } else {
      metadata.uid = randomUUID();
      metadata.creationTimestamp = nowIso();
      for (const key of ['resourceVersion', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'managedFields'] as const) delete metadata[key];
      if (type.tracksGeneration) metadata.generation = 1;
      else delete metadata.generation;
    }
    return applyDefaults(type, obj);
  }

  /** Starts deletion: immediate without finalizers, otherwise marks `deletionTimestamp` and waits. */
  delete(type: ResourceType, obj: JsonObject, extraFinalizers: string[], dryRun: boolean): { object: JsonObject; deleted: boolean } {
    const metadata = metadataOf(obj);
    const finalizers = [...(Array.isArray(metadata.finalizers) ? (metadata.finalizers as string[]) : [])];
    for (const f of extraFinalizers) if (!finalizers.includes(f)) finalizers.push(f);
    // Namespaces always wait for the namespace controller to empty them (spec.finalizers: kubernetes).
    if (finalizers.length === 0 && type.resource !== 'namespaces') return { object: this.removeNow(type, obj, dryRun), deleted: true };
    if (metadata.deletionTimestamp) return { object: obj, deleted: false };
    // A new top level and metadata; the rest stays shared with the stored object (frozen, never edited).
    const markedMeta: JsonObject = { ...metadata };
    const marked: JsonObject = { ...obj, metadata: markedMeta };
    if (finalizers.length > 0) markedMeta.finalizers = finalizers;
    markedMeta.deletionTimestamp = nowIso();
    markedMeta.deletionGracePeriodSeconds = 0;
    if (type.resource === 'namespaces') marked.status = { ...(isObject(marked.status) ? marked.status : {}), phase: 'Terminating' };
    if (dryRun) return { object: marked, deleted: false };
    const stored = this.store.put(typeKeyOf(type), marked);
    this.onChange(type, stored, false);
    return { object: stored, deleted: false };
  }

  removeNow(type: ResourceType, obj: JsonObject, dryRun: boolean): JsonObject {
    if (dryRun) return obj;
    const gone = this.store.remove(typeKeyOf(type), obj);
    this.onChange(type, gone, true);
    return gone;
  }
}
