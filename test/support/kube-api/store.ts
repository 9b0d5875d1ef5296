import { freezeDeep, type JsonObject } from './json';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoredEvent {
  rv: number;
  type: WatchEventType;
  /** `group/resource` of the object. */
  typeKey: string;
  namespace: string;
  object: JsonObject;
  /** The state before a MODIFIED event (watches use it to see objects enter or leave a selector). */
  previous?: JsonObject;
}

export type EventListener = (event: StoredEvent) => void;

function nameOf(obj: JsonObject): { namespace: string; name: string } {
  const metadata = obj.metadata as JsonObject;
  return { namespace: (metadata.namespace as string | undefined) ?? '', name: metadata.name as string };
}

/**
 * In-memory objects of one instance, one resourceVersion counter and a bounded event log for watches.
 * Stored objects are never mutated: every write stores a new object, frozen (deeply) as it is stored, so no caller
 * can change the store through an object it was given, and what is derived from a stored object (its JSON text,
 * its field sets) can be kept with it. A new version may share its unchanged, already frozen, parts with the old.
 */
export class ObjectStore {
  private readonly byType = new Map<string, Map<string, JsonObject>>();
  private readonly log: StoredEvent[] = [];
  private readonly listeners = new Set<EventListener>();
  private revision = 1;
  /** Events at or below this revision have been compacted away. */
  private compactedAt = 1;

  constructor(private readonly historyLimit: number) {}

  get resourceVersion(): number {
    return this.revision;
  }

  get oldestWatchableRevision(): number {
    return this.compactedAt;
  }

  get(typeKey: string, namespace: string, name: string): JsonObject | undefined {
    return this.byType.get(typeKey)?.get(`${namespace}/${name}`);
  }

  /** Objects of a type sorted by namespace then name (etcd key order); `namespace` undefined means all. */
  list(typeKey: string, namespace?: string): JsonObject[] {
    const objects = this.byType.get(typeKey);
    if (!objects) return [];
    const prefix = namespace === undefined ? '' : `${namespace}/`;
    return [...objects.entries()]
      .filter(([key]) => key.startsWith(prefix))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, obj]) => obj);
  }

  countInNamespace(namespace: string): number {
    let count = 0;
    for (const objects of this.byType.values()) {
      for (const key of objects.keys()) if (key.startsWith(`${namespace}/`)) count++;
    }
    return count;
  }

  /** Stores a created or changed object under a fresh resourceVersion and announces it. */
  put(typeKey: string, obj: JsonObject): JsonObject {
    const { namespace, name } = nameOf(obj);
    let objects = this.byType.get(typeKey);
    if (!objects) {
      objects = new Map();
      this.byType.set(typeKey, objects);
    }
    const previous = objects.get(`${namespace}/${name}`);
    const rv = ++this.revision;
    (obj.metadata as JsonObject).resourceVersion = String(rv);
    freezeDeep(obj);
    objects.set(`${namespace}/${name}`, obj);
    this.record(previous ? { rv, type: 'MODIFIED', typeKey, namespace, object: obj, previous } : { rv, type: 'ADDED', typeKey, namespace, object: obj });
    return obj;
  }

  /** Removes an object; the DELETED event carries it with the deletion's resourceVersion. */
  remove(typeKey: string, obj: JsonObject): JsonObject {
    const { namespace, name } = nameOf(obj);
    this.byType.get(typeKey)?.delete(`${namespace}/${name}`);
    const rv = ++this.revision;
    const gone = freezeDeep({ ...obj, metadata: { ...(obj.metadata as JsonObject), resourceVersion: String(rv) } });
    this.record({ rv, type: 'DELETED', typeKey, namespace, object: gone });
    return gone;
  }

  /** Events after `rv` for one type, or undefined when they were compacted (the caller answers 410). */
  eventsSince(rv: number, typeKey: string): StoredEvent[] | undefined {
    if (rv < this.compactedAt) return undefined;
    return this.log.filter((e) => e.rv > rv && e.typeKey === typeKey);
  }

  /** Drops the whole event log, so any older resourceVersion is "too old" (for 410 tests). */
  compact(): void {
    this.log.length = 0;
    this.compactedAt = this.revision;
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private record(event: StoredEvent): void {
    this.log.push(event);
    if (this.log.length > this.historyLimit) {
      const dropped = this.log.splice(0, this.log.length - this.historyLimit);
      this.compactedAt = dropped[dropped.length - 1].rv;
    }
    for (const listener of this.listeners) listener(event);
  }
}
