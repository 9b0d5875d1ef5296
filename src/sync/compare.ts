import type { ClusterApi } from './cluster-api';
import { asSyncError, type SyncError } from './errors';
import { aggregateHealth, resourceHealth } from './health';
import { buildPlan, uniqueKinds, type Plan, type PlanOptions } from './plan';
import type { ApplicationIdentity, ComparisonResult, DesiredObject, KindRef, ResourceKey, ResourceStatus } from './types';
import { groupOf } from './tracking';

/**
 * A refresh: reads live state and reports per-resource sync status and health without writing anything.
 * When live state cannot be read the result says Unknown (never Healthy) and carries the error.
 */
export async function compareApplication(
  app: ApplicationIdentity,
  desired: readonly DesiredObject[],
  api: ClusterApi,
  options: PlanOptions = {},
): Promise<ComparisonResult> {
  return (await comparePlanned(app, desired, api, options)).comparison;
}

/** The comparison and the plan it was made from (none when live state could not be read), for a sync that follows at once. */
export async function comparePlanned(
  app: ApplicationIdentity,
  desired: readonly DesiredObject[],
  api: ClusterApi,
  options: PlanOptions = {},
): Promise<{ comparison: ComparisonResult; plan?: Plan }> {
  let plan: Plan;
  try {
    plan = await buildPlan(app, desired, api, options);
  } catch (error) {
    return { comparison: unknownComparison(app, desired, asSyncError(error), options) };
  }
  return { comparison: comparisonFromPlan(plan), plan };
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
  return { sync: { status: synced ? 'Synced' : 'OutOfSync' }, trackedKinds: plan.trackedKinds, health: aggregateHealth(resources.map((r) => r.health)), resources };
}

function unknownComparison(app: ApplicationIdentity, desired: readonly DesiredObject[], error: SyncError, options: PlanOptions): ComparisonResult {
  const health = { status: 'Unknown' as const, message: error.message };
  const resources = desired.map((obj) => ({ ...roughKey(app, obj), status: 'Unknown' as const, health }));
  return { sync: { status: 'Unknown' }, trackedKinds: kindsWhenUnread(desired, options), health, resources, error };
}

/** Without live state, keep what the caller knew plus what is rendered, so no kind is forgotten after an outage. */
export function kindsWhenUnread(desired: readonly DesiredObject[], options: PlanOptions): KindRef[] {
  const rendered = desired.filter((obj) => typeof obj?.apiVersion === 'string' && typeof obj.kind === 'string' && obj.kind !== '');
  return uniqueKinds([...(options.extraKinds ?? []), ...rendered.map(({ apiVersion, kind }) => ({ apiVersion, kind }))]);
}

/** Best-effort identity when discovery could not say whether the kind is namespaced. */
export function roughKey(app: ApplicationIdentity, obj: DesiredObject): ResourceKey {
  return {
    group: groupOf(String(obj?.apiVersion ?? '')),
    kind: String(obj?.kind ?? ''),
    namespace: typeof obj?.metadata?.namespace === 'string' ? obj.metadata.namespace : obj?.kind === 'Namespace' ? '' : app.destinationNamespace,
    name: String(obj?.metadata?.name ?? ''),
  };
}
