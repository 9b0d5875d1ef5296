import type { KubeObject } from './types';

// Argo CD's key is `argocd.argoproj.io/sync-wave`; the shorter `argoproj.io/sync-wave` is accepted too, and
// wins when both are present, because Flotilla's own documents use it.
export const SYNC_WAVE_ANNOTATION = 'argoproj.io/sync-wave';
const ARGO_SYNC_WAVE_ANNOTATION = 'argocd.argoproj.io/sync-wave';

/**
 * Helm's install order, which Argo CD uses inside a wave, except that CRDs move up right after
 * Namespaces so custom resources of the same wave can follow them. Unlisted kinds (custom resources)
 * come after every listed kind.
 */
const KIND_ORDER = [
  'Namespace',
  'CustomResourceDefinition',
  'NetworkPolicy',
  'ResourceQuota',
  'LimitRange',
  'PodSecurityPolicy',
  'PodDisruptionBudget',
  'ServiceAccount',
  'Secret',
  'SecretList',
  'ConfigMap',
  'StorageClass',
  'PersistentVolume',
  'PersistentVolumeClaim',
  'ClusterRole',
  'ClusterRoleList',
  'ClusterRoleBinding',
  'ClusterRoleBindingList',
  'Role',
  'RoleList',
  'RoleBinding',
  'RoleBindingList',
  'Service',
  'DaemonSet',
  'Pod',
  'ReplicationController',
  'ReplicaSet',
  'Deployment',
  'HorizontalPodAutoscaler',
  'StatefulSet',
  'Job',
  'CronJob',
  'IngressClass',
  'Ingress',
  'APIService',
];
const KIND_RANK = new Map(KIND_ORDER.map((kind, index) => [kind, index]));

export function kindRank(kind: string): number {
  return KIND_RANK.get(kind) ?? KIND_ORDER.length;
}

/** The object's sync wave; absent means 0. A malformed value is an error, as in Argo CD. */
export function syncWaveOf(obj: KubeObject): number {
  const annotations = obj.metadata.annotations ?? {};
  const raw = annotations[SYNC_WAVE_ANNOTATION] ?? annotations[ARGO_SYNC_WAVE_ANNOTATION];
  if (raw === undefined) return 0;
  if (!/^\s*[-+]?\d+\s*$/.test(raw)) {
    throw new InvalidSyncWaveError(obj.metadata.name, raw);
  }
  return Number.parseInt(raw, 10);
}

export class InvalidSyncWaveError extends Error {
  override readonly name = 'InvalidSyncWaveError';

  constructor(
    readonly objectName: string,
    readonly value: string,
  ) {
    super(`sync wave "${value}" of ${objectName} is not an integer`);
  }
}

export interface Ordered {
  readonly wave: number;
  readonly object: KubeObject;
}

/** Apply order: wave ascending, then kind order, then namespace and name for a stable result. */
export function compareApplyOrder(a: Ordered, b: Ordered): number {
  return (
    a.wave - b.wave ||
    kindRank(a.object.kind) - kindRank(b.object.kind) ||
    (a.object.metadata.namespace ?? '').localeCompare(b.object.metadata.namespace ?? '') ||
    a.object.metadata.name.localeCompare(b.object.metadata.name)
  );
}

/** Prune order is the reverse (dependents before what they depend on, e.g. Deployments before their Namespace). */
export function comparePruneOrder(a: Ordered, b: Ordered): number {
  return compareApplyOrder(b, a);
}

/** Groups already sorted items into waves, ascending. */
export function groupByWave<T extends Ordered>(items: readonly T[]): Map<number, T[]> {
  const waves = new Map<number, T[]>();
  for (const item of [...items].sort(compareApplyOrder)) {
    const wave = waves.get(item.wave) ?? [];
    wave.push(item);
    waves.set(item.wave, wave);
  }
  return new Map([...waves.entries()].sort(([a], [b]) => a - b));
}
