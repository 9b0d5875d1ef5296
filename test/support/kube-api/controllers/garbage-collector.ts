import type { Catalogue, ResourceType } from '../catalogue';
import { clone, isObject, str, type JsonObject } from '../json';
import { metadataOf, typeKeyOf, type ObjectService } from '../objects';
import type { Timers } from './timers';

interface Entry {
  type: ResourceType;
  obj: JsonObject;
}

function ownerUids(obj: JsonObject): string[] {
  const refs = metadataOf(obj).ownerReferences;
  return Array.isArray(refs) ? refs.filter(isObject).map((r) => str(r.uid)) : [];
}

function finalizersOf(obj: JsonObject): string[] {
  const f = metadataOf(obj).finalizers;
  return Array.isArray(f) ? (f as string[]) : [];
}

/**
 * Owner-reference garbage collection: dependents of deleted owners are deleted (Background),
 * deleted before their owner (Foreground, `foregroundDeletion`), or released (Orphan, `orphan`).
 */
export class GarbageCollector {
  constructor(
    private readonly catalogue: Catalogue,
    private readonly objects: ObjectService,
    private readonly timers: Timers,
  ) {}

  onChange(_type: ResourceType, obj: JsonObject, deleted: boolean): void {
    const fins = finalizersOf(obj);
    if (deleted || fins.includes('orphan') || fins.includes('foregroundDeletion')) this.timers.once('gc', 0, () => this.sweep());
  }

  private everything(): Entry[] {
    const seen = new Set<string>();
    const out: Entry[] = [];
    for (const type of this.catalogue.all()) {
      if (seen.has(typeKeyOf(type))) continue;
      seen.add(typeKeyOf(type));
      for (const obj of this.objects.store.list(typeKeyOf(type))) out.push({ type, obj });
    }
    return out;
  }

  private sweep(): void {
    const all = this.everything();
    const live = new Set(all.map((e) => str(metadataOf(e.obj).uid)));
    const dependentsOf = (uid: string): Entry[] => all.filter((e) => ownerUids(e.obj).includes(uid));
    for (const { type, obj } of all) {
      const metadata = metadataOf(obj);
      const uid = str(metadata.uid);
      const fins = finalizersOf(obj);
      if (metadata.deletionTimestamp && fins.includes('orphan')) {
        for (const dep of dependentsOf(uid)) this.releaseFrom(dep, uid);
        this.dropFinalizer(type, 'orphan', obj);
      } else if (metadata.deletionTimestamp && fins.includes('foregroundDeletion')) {
        const deps = dependentsOf(uid);
        for (const dep of deps) if (!metadataOf(dep.obj).deletionTimestamp) this.objects.delete(dep.type, dep.obj, ['foregroundDeletion'], false);
        if (deps.length === 0) this.dropFinalizer(type, 'foregroundDeletion', obj);
        else this.timers.once('gc', 20, () => this.sweep());
      }
      const owners = ownerUids(obj);
      if (owners.length > 0 && owners.every((o) => !live.has(o)) && !metadata.deletionTimestamp) this.objects.delete(type, obj, [], false);
    }
  }

  private current(type: ResourceType, obj: JsonObject): JsonObject | undefined {
    const metadata = metadataOf(obj);
    return this.objects.read(type, str(metadata.namespace ?? ''), str(metadata.name));
  }

  private dropFinalizer(type: ResourceType, finalizer: string, obj: JsonObject): void {
    const current = this.current(type, obj);
    if (!current) return;
    const next = clone(current);
    metadataOf(next).finalizers = finalizersOf(current).filter((f) => f !== finalizer);
    this.objects.commit(type, current, next, { manager: 'kube-controller-manager', dryRun: false });
  }

  private releaseFrom(dep: Entry, ownerUid: string): void {
    const current = this.current(dep.type, dep.obj);
    if (!current) return;
    const next = clone(current);
    const refs = metadataOf(current).ownerReferences;
    const left = Array.isArray(refs) ? refs.filter((r) => !isObject(r) || r.uid !== ownerUid) : [];
    // An emptied list is dropped, as the real API omits empty ownerReferences.
    if (left.length > 0) metadataOf(next).ownerReferences = left;
    else delete metadataOf(next).ownerReferences;
    this.objects.commit(dep.type, current, next, { manager: 'kube-controller-manager', dryRun: false });
  }
}
