/**
 * The little of the OpenAPI schema that merge semantics need: how each list is merged.
 * Keys follow the `x-kubernetes-list-map-keys` / `patchMergeKey` markers of the built-in types;
 * lists not named here (and every list of a custom resource) are atomic, as for a CRD without markers.
 */
export type ListType = { kind: 'map'; keys: string[] } | { kind: 'set' } | { kind: 'atomic' };

const BY_NAME: Record<string, ListType> = {
  containers: { kind: 'map', keys: ['name'] },
  initContainers: { kind: 'map', keys: ['name'] },
  ephemeralContainers: { kind: 'map', keys: ['name'] },
  env: { kind: 'map', keys: ['name'] },
  volumes: { kind: 'map', keys: ['name'] },
  volumeMounts: { kind: 'map', keys: ['mountPath'] },
  volumeDevices: { kind: 'map', keys: ['devicePath'] },
  imagePullSecrets: { kind: 'map', keys: ['name'] },
  hostAliases: { kind: 'map', keys: ['ip'] },
  conditions: { kind: 'map', keys: ['type'] },
  topologySpreadConstraints: { kind: 'map', keys: ['topologyKey', 'whenUnsatisfiable'] },
};

// Metadata lists behave the same for every kind, custom resources included.
const METADATA: Record<string, ListType> = {
  ownerReferences: { kind: 'map', keys: ['uid'] },
  finalizers: { kind: 'set' },
};

/** Default values that take part in list keys (kube-apiserver defaults them before merging). */
export const KEY_DEFAULTS: Record<string, unknown> = { protocol: 'TCP' };

/**
 * The list type at a path of field names (list items are not part of `names`).
 * `builtIn` is false for custom resources.
 */
export function listTypeAt(names: readonly string[], builtIn: boolean): ListType {
  const field = names[names.length - 1];
  if (names.length === 2 && names[0] === 'metadata') return METADATA[field] ?? { kind: 'atomic' };
  if (!builtIn) return { kind: 'atomic' };
  if (field === 'ports') {
    // Container ports are keyed by port and protocol, service ports by port and protocol too.
    return names.includes('containers') || names.includes('initContainers') || names.includes('ephemeralContainers')
      ? { kind: 'map', keys: ['containerPort', 'protocol'] }
      : { kind: 'map', keys: ['port', 'protocol'] };
  }
  return BY_NAME[field] ?? { kind: 'atomic' };
}

export type StrategicList = { kind: 'keyed'; key: string } | { kind: 'set' } | { kind: 'atomic' };

/** How strategic merge patch treats a list: by its single `patchMergeKey`, as a merged set, or replaced. */
export function strategicListAt(names: readonly string[], builtIn: boolean): StrategicList {
  const type = listTypeAt(names, builtIn);
  if (type.kind !== 'map') return type;
  // Strategic merge keys by the first marker only (containerPort for container ports, port for service ports).
  return { kind: 'keyed', key: type.keys[0] };
}
