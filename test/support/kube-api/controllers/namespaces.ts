import { str } from '../json';
import type { Catalogue, ResourceType } from '../catalogue';
import type { JsonObject } from '../json';
import { metadataOf, typeKeyOf, type ObjectService } from '../objects';
import type { Timers } from './timers';

// How often a terminating namespace is re-checked while objects with finalizers remain in it.
const RETRY_MS = 50;

/** Empties a terminating namespace, then removes it once nothing (and no finalizer) is left. */
export class NamespaceController {
  constructor(
    private readonly catalogue: Catalogue,
    private readonly objects: ObjectService,
    private readonly timers: Timers,
  ) {}

  onChange(type: ResourceType, obj: JsonObject, deleted: boolean): void {
    if (type.resource !== 'namespaces' || type.group !== '' || deleted) return;
    if (metadataOf(obj).deletionTimestamp) this.schedule(str(metadataOf(obj).name), 0);
  }

  private schedule(name: string, delayMs: number): void {
    this.timers.replace(`namespace/${name}`, [[delayMs, () => this.sweep(name)]]);
  }

  private sweep(name: string): void {
    const nsType = this.catalogue.find('', 'v1', 'namespaces')!;
    const ns = this.objects.read(nsType, '', name);
    if (!ns || !metadataOf(ns).deletionTimestamp) return;
    const seen = new Set<string>();
    for (const type of this.catalogue.all()) {
      const typeKey = typeKeyOf(type);
      if (!type.namespaced || seen.has(typeKey)) continue;
      seen.add(typeKey);
      for (const obj of this.objects.store.list(typeKey, name)) {
        if (!metadataOf(obj).deletionTimestamp) this.objects.delete(type, obj, [], false);
      }
    }
    const finalizers = metadataOf(ns).finalizers;
    const empty = this.objects.store.countInNamespace(name) === 0;
    if (empty && (!Array.isArray(finalizers) || finalizers.length === 0)) this.objects.removeNow(nsType, ns, false);
    else this.schedule(name, RETRY_MS);
  }
}
