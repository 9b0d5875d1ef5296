/** The resource types one instance serves: the built-in kinds plus kinds registered by CRDs. */
export interface ResourceType {
  group: string;
  version: string;
  /** Plural, lower-case: the path segment. */
  resource: string;
  singular: string;
  kind: string;
  listKind: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  /** Whether a `/status` subresource exists (status is then ignored on the main resource). */
  hasStatus: boolean;
  /** Whether a `/scale` subresource (autoscaling/v1 Scale over spec.replicas) exists. */
  hasScale: boolean;
  /** Whether `metadata.generation` is maintained (bumped on changes outside metadata and status). */
  tracksGeneration: boolean;
  /** Read-only kinds (pods here) answer writes with 405. */
  readOnly: boolean;
  /** The CRD that registered this kind, when it is not built in. */
  crdName?: string;
  /** The CRD version's `additionalPrinterColumns`, which replace the default Age column in server-side tables. */
  printerColumns?: PrinterColumn[];
}

/** One `additionalPrinterColumns` entry of a CRD version. */
export interface PrinterColumn {
  name: string;
  type: string;
  jsonPath: string;
  description: string;
  priority: number;
}

const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const READ_VERBS = ['get', 'list', 'watch'];

interface BuiltIn {
  gv: string;
  resource: string;
  kind: string;
  namespaced?: boolean;
  shortNames?: string[];
  categories?: string[];
  hasStatus?: boolean;
  hasScale?: boolean;
  tracksGeneration?: boolean;
  readOnly?: boolean;
}

const BUILT_INS: BuiltIn[] = [
  { gv: 'v1', resource: 'namespaces', kind: 'Namespace', namespaced: false, shortNames: ['ns'], hasStatus: true },
  { gv: 'v1', resource: 'configmaps', kind: 'ConfigMap', shortNames: ['cm'] },
  { gv: 'v1', resource: 'secrets', kind: 'Secret' },
  { gv: 'v1', resource: 'services', kind: 'Service', shortNames: ['svc'], categories: ['all'], hasStatus: true },
  { gv: 'v1', resource: 'serviceaccounts', kind: 'ServiceAccount', shortNames: ['sa'] },
  { gv: 'v1', resource: 'pods', kind: 'Pod', shortNames: ['po'], categories: ['all'], hasStatus: true, readOnly: true },
  { gv: 'v1', resource: 'persistentvolumeclaims', kind: 'PersistentVolumeClaim', shortNames: ['pvc'], hasStatus: true },
  { gv: 'apps/v1', resource: 'deployments', kind: 'Deployment', shortNames: ['deploy'], categories: ['all'], hasStatus: true, hasScale: true, tracksGeneration: true },
  { gv: 'apps/v1', resource: 'statefulsets', kind: 'StatefulSet', shortNames: ['sts'], categories: ['all'], hasStatus: true, hasScale: true, tracksGeneration: true },
  { gv: 'apps/v1', resource: 'daemonsets', kind: 'DaemonSet', shortNames: ['ds'], categories: ['all'], hasStatus: true, tracksGeneration: true },
  { gv: 'apps/v1', resource: 'replicasets', kind: 'ReplicaSet', shortNames: ['rs'], categories: ['all'], hasStatus: true, hasScale: true, tracksGeneration: true },
  { gv: 'batch/v1', resource: 'jobs', kind: 'Job', categories: ['all'], hasStatus: true, tracksGeneration: true },
  { gv: 'batch/v1', resource: 'cronjobs', kind: 'CronJob', shortNames: ['cj'], categories: ['all'], hasStatus: true, tracksGeneration: true },
  { gv: 'networking.k8s.io/v1', resource: 'ingresses', kind: 'Ingress', shortNames: ['ing'], hasStatus: true, tracksGeneration: true },
  { gv: 'policy/v1', resource: 'poddisruptionbudgets', kind: 'PodDisruptionBudget', shortNames: ['pdb'], hasStatus: true, tracksGeneration: true },
  { gv: 'autoscaling/v2', resource: 'horizontalpodautoscalers', kind: 'HorizontalPodAutoscaler', shortNames: ['hpa'], categories: ['all'], hasStatus: true, tracksGeneration: true },
  { gv: 'rbac.authorization.k8s.io/v1', resource: 'roles', kind: 'Role' },
  { gv: 'rbac.authorization.k8s.io/v1', resource: 'rolebindings', kind: 'RoleBinding' },
  { gv: 'rbac.authorization.k8s.io/v1', resource: 'clusterroles', kind: 'ClusterRole', namespaced: false },
  { gv: 'rbac.authorization.k8s.io/v1', resource: 'clusterrolebindings', kind: 'ClusterRoleBinding', namespaced: false },
  { gv: 'apiextensions.k8s.io/v1', resource: 'customresourcedefinitions', kind: 'CustomResourceDefinition', namespaced: false, shortNames: ['crd', 'crds'], categories: ['api-extensions'], hasStatus: true, tracksGeneration: true },
];

function splitGroupVersion(gv: string): { group: string; version: string } {
  const slash = gv.indexOf('/');
  return slash < 0 ? { group: '', version: gv } : { group: gv.slice(0, slash), version: gv.slice(slash + 1) };
}

function fromBuiltIn(b: BuiltIn): ResourceType {
  return {
    ...splitGroupVersion(b.gv),
    resource: b.resource,
    singular: b.kind.toLowerCase(),
    kind: b.kind,
    listKind: `${b.kind}List`,
    namespaced: b.namespaced ?? true,
    shortNames: b.shortNames ?? [],
    categories: b.categories ?? [],
    hasStatus: b.hasStatus ?? false,
    hasScale: b.hasScale ?? false,
    tracksGeneration: b.tracksGeneration ?? false,
    readOnly: b.readOnly ?? false,
  };
}

export function verbsOf(type: ResourceType): string[] {
  return type.readOnly ? READ_VERBS : ALL_VERBS;
}

export function groupVersionOf(type: { group: string; version: string }): string {
  return type.group ? `${type.group}/${type.version}` : type.version;
}

/** Lookup table of served kinds; CRD registration adds and removes entries at run time. */
export class Catalogue {
  private readonly types = new Map<string, ResourceType>();
  private changes = 0;

  constructor() {
    for (const b of BUILT_INS) this.add(fromBuiltIn(b));
  }

  private static key(group: string, version: string, resource: string): string {
    return `${group}/${version}/${resource}`;
  }

  /** Counts the changes to the served kinds, so what is derived from them (discovery) knows when to be redone. */
  get revision(): number {
    return this.changes;
  }

  add(type: ResourceType): void {
    this.types.set(Catalogue.key(type.group, type.version, type.resource), type);
    this.changes++;
  }

  removeCrd(crdName: string): void {
    for (const [key, type] of this.types) if (type.crdName === crdName) this.types.delete(key);
    this.changes++;
  }

  find(group: string, version: string, resource: string): ResourceType | undefined {
    return this.types.get(Catalogue.key(group, version, resource));
  }

  /** Finds the served type for an object's apiVersion + kind. */
  findKind(apiVersion: string, kind: string): ResourceType | undefined {
    const { group, version } = splitGroupVersion(apiVersion);
    for (const type of this.types.values()) {
      if (type.group === group && type.version === version && type.kind === kind) return type;
    }
    return undefined;
  }

  all(): ResourceType[] {
    return [...this.types.values()];
  }

  /** Group name → served versions, in registration order (the first is preferred). */
  groups(): Map<string, string[]> {
    const groups = new Map<string, string[]>();
    for (const type of this.types.values()) {
      if (!type.group) continue;
      const versions = groups.get(type.group) ?? [];
      if (!versions.includes(type.version)) versions.push(type.version);
      groups.set(type.group, versions);
    }
    return groups;
  }

  inGroupVersion(group: string, version: string): ResourceType[] {
    return this.all().filter((t) => t.group === group && t.version === version);
  }
}
