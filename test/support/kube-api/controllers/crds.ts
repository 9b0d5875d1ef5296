import type { Catalogue, PrinterColumn, ResourceType } from '../catalogue';
import { isObject, type JsonObject, str } from '../json';
import { metadataOf, nowIso, typeKeyOf, type ObjectService } from '../objects';
import type { Timers } from './timers';

function printerColumnsOf(version: JsonObject): PrinterColumn[] | undefined {
  if (!Array.isArray(version.additionalPrinterColumns)) return undefined;
  return version.additionalPrinterColumns.filter(isObject).map((c) => ({
    name: str(c.name),
    type: str(c.type),
    jsonPath: str(c.jsonPath),
    description: str(c.description ?? ''),
    priority: typeof c.priority === 'number' ? c.priority : 0,
  }));
}

/** Serves the kinds a CustomResourceDefinition declares (every served version, stored without conversion). */
export function typesOfCrd(crd: JsonObject): ResourceType[] {
  const spec = isObject(crd.spec) ? crd.spec : {};
  const names = isObject(spec.names) ? spec.names : {};
  const versions = Array.isArray(spec.versions) ? spec.versions.filter(isObject) : [];
  const kind = str(names.kind ?? '');
  const plural = str(names.plural ?? '');
  if (!spec.group || !kind || !plural) return [];
  return versions
    .filter((v) => v.served !== false)
    .map((v) => ({
      group: str(spec.group),
      version: str(v.name),
      resource: plural,
      singular: str(names.singular ?? kind.toLowerCase()),
      kind,
      listKind: str(names.listKind ?? `${kind}List`),
      namespaced: spec.scope !== 'Cluster',
      shortNames: Array.isArray(names.shortNames) ? names.shortNames.map(String) : [],
      categories: Array.isArray(names.categories) ? names.categories.map(String) : [],
      hasStatus: isObject(v.subresources) && isObject(v.subresources.status),
      hasScale: false,
      tracksGeneration: true,
      readOnly: false,
      crdName: str(metadataOf(crd).name),
      printerColumns: printerColumnsOf(v),
    }));
}

/** Registers CRD kinds on write, reports them Established, and removes them with their objects on delete. */
export class CrdController {
  constructor(
    private readonly catalogue: Catalogue,
    private readonly objects: ObjectService,
    private readonly timers: Timers,
  ) {}

  onChange(type: ResourceType, crd: JsonObject, deleted: boolean): void {
    if (type.resource !== 'customresourcedefinitions' || type.group !== 'apiextensions.k8s.io') return;
    const name = str(metadataOf(crd).name);
    const served = typesOfCrd(crd);
    if (deleted) {
      for (const t of served) for (const obj of this.objects.store.list(typeKeyOf(t))) this.objects.removeNow(t, obj, false);
      this.catalogue.removeCrd(name);
      return;
    }
    this.catalogue.removeCrd(name);
    for (const t of served) this.catalogue.add(t);
    const status = isObject(crd.status) ? crd.status : {};
    if (!Array.isArray(status.conditions)) this.timers.replace(`crd/${name}`, [[0, () => this.establish(type, name)]]);
  }

  private establish(type: ResourceType, name: string): void {
    const crd = this.objects.read(type, '', name);
    if (!crd) return;
    const spec = isObject(crd.spec) ? crd.spec : {};
    const now = nowIso();
    const status = {
      acceptedNames: spec.names ?? {},
      storedVersions: (Array.isArray(spec.versions) ? spec.versions.filter(isObject) : []).filter((v) => v.storage).map((v) => str(v.name)),
      conditions: [
        { type: 'NamesAccepted', status: 'True', lastTransitionTime: now, reason: 'NoConflicts', message: 'no conflicts found' },
        { type: 'Established', status: 'True', lastTransitionTime: now, reason: 'InitialNamesAccepted', message: 'the initial names have been accepted' },
      ],
    };
    this.objects.commit(type, crd, { ...crd, status }, { manager: 'kube-apiserver', subresource: 'status', dryRun: false });
  }
}
