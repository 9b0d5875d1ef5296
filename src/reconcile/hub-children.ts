import { IN_CLUSTER_NAME } from '../domain/in-cluster';
import { aggregateHealth, type ComparisonResult, type KubeObject, type ResourceResult, type ResourceStatus, type SyncResult } from '../sync';
import type { HubChildResult, HubChildStatus, HubKind, HubSyncOutcome } from './hub-objects';

const ARGO_API_VERSION = 'argoproj.io/v1alpha1';
const HUB_KINDS: ReadonlySet<string> = new Set<HubKind>(['AppProject', 'ApplicationSet', 'Application']);
const ARGO_GROUP = 'argoproj.io';

/** Where a parent's rendered objects would go: the hub's Argo CD namespace, and the parent's destination cluster. */
export interface HubTarget {
  argoNamespace: string;
  /** The registered name of the parent's destination (`in-cluster` for https://kubernetes.default.svc). */
  destinationCluster: string;
}

/**
 * Argo CD's app of apps: an Argo CD object is the hub's own when it is put where Argo CD itself would read it —
 * into Argo CD's namespace, or into the cluster Argo CD runs in (the in-cluster destination), which is this hub.
 * Anything else, Argo kinds for a remote Argo CD included, is an ordinary object of the destination cluster.
 */
export function isHubObject(object: KubeObject, target: HubTarget): boolean {
  if (object.apiVersion !== ARGO_API_VERSION || !HUB_KINDS.has(object.kind)) return false;
  return object.metadata?.namespace === target.argoNamespace || target.destinationCluster === IN_CLUSTER_NAME;
}

/** The rendered objects split into the hub's children (adopted) and those applied to the destination cluster. */
export function splitRendered(objects: readonly KubeObject[], target: HubTarget): { hub: KubeObject[]; cluster: KubeObject[] } {
  const hub: KubeObject[] = [];
  const cluster: KubeObject[] = [];
  for (const object of objects) (isHubObject(object, target) ? hub : cluster).push(object);
  return { hub, cluster };
}

/** The comparison with the children listed as resources: any child not Synced makes the parent OutOfSync. */
export function withHubChildren(comparison: ComparisonResult, children: readonly HubChildStatus[], namespace: string): ComparisonResult {
  if (children.length === 0) return comparison;
  const resources: ResourceStatus[] = children.map((child) => ({
    group: ARGO_GROUP,
    kind: child.kind,
    namespace,
    name: child.name,
    status: child.status,
    health: child.status === 'Missing' ? { status: 'Missing', ...(child.conflict ? { message: child.conflict } : {}) } : { status: 'Healthy' },
    ...(child.requiresPruning ? { requiresPruning: true } : {}),
  }));
  const all = [...comparison.resources, ...resources];
  const rendered = all.filter((resource) => !resource.requiresPruning);
  const outOfSync = children.some((child) => child.status !== 'Synced');
  return {
    ...comparison,
    sync: { status: comparison.error ? comparison.sync.status : outOfSync ? 'OutOfSync' : comparison.sync.status },
    health: comparison.error ? comparison.health : aggregateHealth(rendered.map((resource) => resource.health)),
    resources: all,
  };
}

/** The hub's side of a sync for a parent that renders and owns no children: nothing to do. */
export function noHubChanges(): HubSyncOutcome {
  return { phase: 'Succeeded', message: '0 hub object(s) synced', resources: [], rejected: false };
}

/** One sync's result: the children's outcomes first (they were written first), then the cluster's. */
export function withHubResults(result: SyncResult, hub: HubSyncOutcome, namespace: string): SyncResult {
  if (hub.resources.length === 0) return result;
  const failed = hub.phase === 'Failed';
  return {
    ...result,
    phase: failed && result.phase !== 'Error' ? 'Failed' : result.phase,
    message: failed ? (result.resources.length > 0 ? `${hub.message}; ${result.message}` : hub.message) : result.message,
    resources: [...hub.resources.map((child) => hubResourceResult(child, namespace)), ...result.resources],
  };
}

/** The result of a sync that did not reach the cluster: a child failed validation. */
export function rejectedSync(hub: HubSyncOutcome, namespace: string, dryRun: boolean, trackedKinds: SyncResult['trackedKinds']): SyncResult {
  return { phase: 'Failed', message: hub.message, dryRun, resources: hub.resources.map((child) => hubResourceResult(child, namespace)), health: { status: 'Unknown', message: hub.message }, trackedKinds };
}

function hubResourceResult(child: HubChildResult, namespace: string): ResourceResult {
  return {
    group: ARGO_GROUP,
    kind: child.kind,
    namespace,
    name: child.name,
    action: child.action,
    message: child.message,
    wave: 0,
    health: child.action === 'failed' ? { status: 'Missing' } : { status: 'Healthy' },
    ...(child.requiresPruning ? { requiresPruning: true } : {}),
  };
}
