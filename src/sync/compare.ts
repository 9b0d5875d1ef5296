import type { ClusterApi } from './cluster-api';
import { asSyncError, type SyncError } from './errors';
import { aggregateHealth, resourceHealth } from './health';
import { buildPlan, type Plan, type PlanOptions } from './plan';
import type { ApplicationIdentity, ComparisonResult, KubeObject, ResourceKey, ResourceStatus } from './types';
import { groupOf } from './tracking';

/**
 * A refresh: reads live state and reports per-resource sync status and health without writing anything.
 * When live state cannot be read the result says Unknown (never Healthy) and carries the error.
 */
export async function compareApplication(
  app: ApplicationIdentity,
  desired: readonly KubeObject[],
  api: ClusterApi,
  options: PlanOptions = {},
): Promise<ComparisonResult> {
  let plan: Plan;
  try {
    plan = await buildPlan(app, desired, api, options);
  } catch (error) {
    return unknownComparison(app, desired, asSyncError(error));
  }
  return comparisonFromPlan(plan);
}

export function comparisonFromPlan(plan: Plan): ComparisonResult {
  const resources: ResourceStatus[] = [
    ...plan.resources.map((r) => ({
      ...r.key,
      status: r.status,
      health: r.error !== undefined && r.live === undefined ? { status: 'Missing' as const, message: r.error.message } : resourceHealth(r.live),
      ...(r.diff.length > 0 && { diff: r.diff }),
    })),
    ...plan.orphans.map((o) => ({ ...o.key, status: 'OutOfSync' as const, health: resourceHealth(o.object), requiresPruning: true })),
  ];
  const synced = resources.every((r) => r.status === 'Synced');
  return { sync: { status: synced ? 'Synced' : 'OutOfSync' }, health: aggregateHealth(resources.map((r) => r.health)), resources };
}

export function unknownComparison(app: ApplicationIdentity, desired: readonly KubeObject[], error: SyncError): ComparisonResult {
  const health = { status: 'Unknown' as const, message: error.message };
  const resources = desired.map((obj) => ({ ...roughKey(app, obj), status: 'Unknown' as const, health }));
  return { sync: { status: 'Unknown' }, health, resources, error };
}

/** Best-effort identity when discovery could not say whether the kind is namespaced. */
export function roughKey(app: ApplicationIdentity, obj: KubeObject): ResourceKey {
  return {
    group: groupOf(String(obj?.apiVersion ?? '')),
    kind: String(obj?.kind ?? ''),
    namespace: obj?.metadata?.namespace ?? (obj?.kind === 'Namespace' ? '' : app.destinationNamespace),
    name: String(obj?.metadata?.name ?? ''),
  };
}
