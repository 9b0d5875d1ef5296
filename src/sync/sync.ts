import { mapBounded } from '../common/run-bounded';
import type { ClusterApi } from './cluster-api';
import { kindsWhenUnread, roughKey } from './compare';
import { asSyncError, type SyncError } from './errors';
import { aggregateHealth, resourceHealth } from './health';
import { ignoredDifferencesOf, type IgnoredDifferences, withLiveIgnoredFields } from './ignore-differences';
import { compareApplyOrder, comparePruneOrder } from './ordering';
import { afterApplies, buildPlan, trackedKindsOf, type Orphan, type Plan, type PlannedResource, type PlanOptions } from './plan';
import { parseSyncOptions, type SyncOptions } from './sync-options';
import { keyString, withTracking } from './tracking';
import type { ApplicationIdentity, DesiredObject, KindRef, KubeObject, ResourceResult, SyncPhase, SyncResult } from './types';

export interface SyncRunOptions extends PlanOptions {
  /**
   * Argo CD starts a wave only once the previous one is healthy. With this on (the default) a pass
   * stops after a wave that is still progressing (phase Running) or degraded (phase Failed); the next
   * pass finds the earlier waves in sync and carries on, so no state is kept between passes.
   */
  readonly waitForWaveHealth?: boolean;
  /**
   * Live state as a comparison read it moments ago (`comparePlanned`), so the sync does not read it again: as Argo
   * CD syncs from its cached live state. Without it the sync reads live state itself.
   */
  readonly plan?: Plan;
}

interface Context {
  readonly app: ApplicationIdentity;
  readonly api: ClusterApi;
  readonly options: SyncOptions;
  /** `spec.ignoreDifferences`: with `RespectIgnoreDifferences=true` the applies leave those fields as they are live. */
  readonly ignored: IgnoredDifferences;
  /** Dry run only: the destination namespace does not exist yet, so objects in it cannot be dry-run applied. */
  readonly namespacePending?: string;
  /** The server's answer to each apply, by key string: live state after the sync without reading it again. */
  readonly applied: Map<string, KubeObject>;
}

/**
 * One sync pass: server-side apply of the rendered objects in wave and kind order, then pruning.
 * Only objects that differ from live state are written, so a pass over an app in sync only reads.
 */
export async function syncApplication(
  app: ApplicationIdentity,
  desired: readonly DesiredObject[],
  api: ClusterApi,
  runOptions: SyncRunOptions = {},
): Promise<SyncResult> {
  return (await syncPlanned(app, desired, api, runOptions)).result;
}

/**
 * A sync, and the plan as the sync left it when that is known without reading live state again: the server answered
 * every apply with the object as stored. Not after a dry run, nor when anything was pruned (an object with
 * finalizers stays, being deleted, for a while), nor when live state could not be read.
 */
export async function syncPlanned(
  app: ApplicationIdentity,
  desired: readonly DesiredObject[],
  api: ClusterApi,
  runOptions: SyncRunOptions = {},
): Promise<{ result: SyncResult; planAfter?: Plan }> {
  // Step 1: read live state and compare; nothing is written when this fails (or spec.ignoreDifferences is unusable).
  let plan: Plan;
  let ignored: IgnoredDifferences;
  try {
    ignored = ignoredDifferencesOf(app);
    plan = runOptions.plan ?? (await buildPlan(app, desired, api, runOptions));
  } catch (error) {
    return { result: errorResult(app, desired, asSyncError(error), kindsWhenUnread(desired, runOptions)) };
  }
  const applied = new Map<string, KubeObject>();
  const result = await syncFromPlan(app, ignored, plan, api, runOptions, applied);
  const pruned = result.resources.some((r) => r.action === 'pruned');
  return { result, planAfter: app.dryRun || pruned ? undefined : afterApplies(app, ignored, plan, applied) };
}

async function syncFromPlan(
  app: ApplicationIdentity,
  ignored: IgnoredDifferences,
  plan: Plan,
  api: ClusterApi,
  runOptions: SyncRunOptions,
  applied: Map<string, KubeObject>,
): Promise<SyncResult> {
  const options = parseSyncOptions(app.syncOptions);
  const results: ResourceResult[] = [];
  // Step 2: the destination namespace first, when CreateNamespace=true and it is missing.
  let namespacePending: string | undefined;
  if (options.createNamespace && !rendersNamespace(plan, app.destinationNamespace) && !hasLiveObjectsIn(plan, app.destinationNamespace)) {
    const lowestWave = Math.min(0, ...plan.resources.map((r) => r.wave));
    const outcome = await ensureNamespace(app, api, lowestWave, plan.namespaces?.get(app.destinationNamespace));
    if (outcome.result !== undefined) results.push(outcome.result);
    if (outcome.result?.action === 'failed') {
      return result(app, 'Failed', `creating namespace ${app.destinationNamespace} failed`, results, plan.trackedKinds, outcome.result.error);
    }
    namespacePending = outcome.pending ? app.destinationNamespace : undefined;
  }
  const context: Context = { app, api, options, ignored, namespacePending, applied };
  const finish = (phase: SyncPhase, message: string, error?: SyncError): SyncResult => {
    // Kinds whose last objects were just pruned need not be searched any more.
    const pruned = new Set(results.filter((r) => r.action === 'pruned' && !app.dryRun).map((r) => keyString(r)));
    const remaining = plan.orphans.filter((o) => !pruned.has(keyString(o.key)));
    return result(app, phase, message, results, trackedKindsOf(plan.resources, remaining), error);
  };
  // Step 3: waves in ascending order; within a wave every resource is tried, a failed wave stops the rest.
  const pruneWave = options.pruneLast ? new Map<Orphan, number>() : reversedPruneWaves(plan.orphans);
  const waves = [...new Set([...plan.resources.map((r) => r.wave), ...pruneWave.values()])].sort((a, b) => a - b);
  // Argo CD runs PruneLast deletions as one more wave, so they too wait for the last wave to be healthy.
  const pruneLastStep = options.pruneLast && app.prune && plan.orphans.some((o) => !o.pruneDisabled);
  for (const [index, wave] of waves.entries()) {
    const waveResults: ResourceResult[] = [];
    for (const sameKind of runsOfOneKind(plan.resources.filter((r) => r.wave === wave).sort(compareApplyOrder))) {
      waveResults.push(...(await mapBounded(sameKind, WRITES_IN_FLIGHT, (resource) => applyOne(context, resource))));
    }
    if (!options.pruneLast) {
      waveResults.push(...(await pruneInOrder(context, plan.orphans.filter((o) => pruneWave.get(o) === wave))));
    }
    results.push(...waveResults);
    const failed = waveResults.find((r) => r.action === 'failed');
    if (failed !== undefined) {
      return finish('Failed', `wave ${wave} failed (${failed.kind} ${failed.name}: ${failed.message}); later waves were not applied`, failed.error);
    }
    const isLast = index === waves.length - 1 && !pruneLastStep;
    if (!isLast && !app.dryRun && runOptions.waitForWaveHealth !== false) {
      // Orphans left in place (prune off) are not part of what the next wave depends on.
      const health = aggregateHealth(waveResults.filter((r) => r.action !== 'pruned' && r.requiresPruning !== true).map((r) => r.health));
      if (health.status === 'Degraded') {
        return finish('Failed', `wave ${wave} is degraded (${health.message ?? ''}); later waves were not applied`);
      }
      if (health.status !== 'Healthy' && health.status !== 'Suspended') {
        return finish('Running', `waiting for wave ${wave} to become healthy before ${isLastWave(index, waves) ? 'pruning' : `wave ${waves[index + 1]}`}`);
      }
    }
  }
  // Step 4: with PruneLast=true, pruning waits until every wave is applied.
  if (options.pruneLast) {
    results.push(...(await pruneInOrder(context, plan.orphans)));
    const failed = results.find((r) => r.action === 'failed');
    if (failed !== undefined) {
      return finish('Failed', `pruning failed (${failed.kind} ${failed.name}: ${failed.message})`, failed.error);
    }
  }
  return finish('Succeeded', app.dryRun ? 'dry run: nothing was changed' : 'successfully synced');
}

/**
 * Writes of one application in flight at once: the cluster agent's socket count. The cluster's token bucket
 * still paces them; this only stops one big wave from queueing hundreds of requests on the agent.
 */
const WRITES_IN_FLIGHT = 8;

/**
 * Items already in apply (or prune) order, cut where the kind changes. As in Argo CD's sync (gitops-engine
 * `runTasks`), objects of one kind are written together and the next kind starts when they are all answered, so
 * a Namespace or CRD is in place before what lives in it. Prunes keep the reverse order the same way (Argo CD
 * sends a wave's deletions all at once; removing dependents first leaves nothing briefly orphaned).
 */
function runsOfOneKind<T extends { readonly object: { readonly kind: string } }>(items: readonly T[]): T[][] {
  const runs: T[][] = [];
  for (const item of items) {
    const last = runs.at(-1);
    if (last !== undefined && last[0].object.kind === item.object.kind) last.push(item);
    else runs.push([item]);
  }
  return runs;
}

async function pruneInOrder(context: Context, orphans: readonly Orphan[]): Promise<ResourceResult[]> {
  const results: ResourceResult[] = [];
  for (const sameKind of runsOfOneKind([...orphans].sort(comparePruneOrder))) {
    results.push(...(await mapBounded(sameKind, WRITES_IN_FLIGHT, (orphan) => pruneOne(context, orphan))));
  }
  return results;
}

function isLastWave(index: number, waves: readonly number[]): boolean {
  return index === waves.length - 1;
}

/**
 * Deletion runs in the reverse of creation order, as in Argo CD: the orphans' waves are mirrored
 * (the highest orphan wave is pruned in the slot of the lowest, and so on), so what was created
 * last is removed first while pruning still interleaves with the applies.
 */
function reversedPruneWaves(orphans: readonly Orphan[]): Map<Orphan, number> {
  const waves = [...new Set(orphans.map((o) => o.wave))].sort((a, b) => a - b);
  return new Map(orphans.map((o) => [o, waves[waves.length - 1 - waves.indexOf(o.wave)]]));
}

async function applyOne(context: Context, resource: PlannedResource): Promise<ResourceResult> {
  const { key, wave, live, error } = resource;
  const base = { ...key, wave };
  if (error !== undefined) {
    return { ...base, action: 'failed', message: error.message, health: resourceHealth(live), error };
  }
  if (resource.status === 'Synced') {
    return { ...base, action: 'unchanged', message: 'in sync', health: resourceHealth(live) };
  }
  if (context.namespacePending !== undefined && key.namespace === context.namespacePending) {
    return { ...base, action: 'created', message: 'would be created (dry run; the namespace does not exist yet)', health: { status: 'Missing' } };
  }
  const { dryRun } = context.app;
  // RespectIgnoreDifferences: ignored fields keep their live values and owners; tracking is set again, should they hold it.
  const object = context.options.respectIgnoreDifferences ? withTracking(withLiveIgnoredFields(context.ignored, key, resource.object, live), context.app.name) : resource.object;
  try {
    const applied = await context.api.apply(object, { dryRun });
    if (!dryRun) context.applied.set(keyString(key), applied);
    const health = resourceHealth(dryRun ? live : applied);
    const prefix = dryRun ? 'would be ' : '';
    if (live === undefined) {
      return { ...base, action: 'created', message: `${prefix}created`, health };
    }
    if (!dryRun && applied.metadata.resourceVersion === live.metadata.resourceVersion) {
      return { ...base, action: 'unchanged', message: 'applied; the server found nothing to change', health };
    }
    return { ...base, action: 'configured', message: `${prefix}configured: ${resource.diff.join(', ')}`, health };
  } catch (cause) {
    const failure = asSyncError(cause);
    return { ...base, action: 'failed', message: failure.message, health: resourceHealth(live), error: failure };
  }
}

async function pruneOne(context: Context, orphan: Orphan): Promise<ResourceResult> {
  const base = { ...orphan.key, wave: orphan.wave, health: resourceHealth(orphan.object) };
  if (!context.app.prune) {
    return { ...base, action: 'unchanged', requiresPruning: true, message: 'no longer rendered; requires pruning (prune is disabled)' };
  }
  if (orphan.pruneDisabled) {
    return { ...base, action: 'unchanged', requiresPruning: true, message: 'no longer rendered; kept by its Prune=false sync option' };
  }
  const { dryRun } = context.app;
  try {
    await context.api.delete(
      { apiVersion: orphan.object.apiVersion, kind: orphan.key.kind, namespace: orphan.key.namespace, name: orphan.key.name },
      { dryRun, propagationPolicy: context.options.propagationPolicy, uid: orphan.object.metadata.uid },
    );
    return { ...base, action: 'pruned', message: `${dryRun ? 'would be ' : ''}pruned (propagation ${context.options.propagationPolicy})` };
  } catch (cause) {
    const failure = asSyncError(cause);
    return { ...base, action: 'failed', message: failure.message, error: failure };
  }
}

/**
 * The namespace Flotilla creates for CreateNamespace=true carries no tracking, as in Argo CD: it is
 * never pruned, because other applications or people may have put things in it.
 */
async function ensureNamespace(app: ApplicationIdentity, api: ClusterApi, wave: number, known: boolean | undefined): Promise<{ result?: ResourceResult; pending: boolean }> {
  const name = app.destinationNamespace;
  const base = { group: '', kind: 'Namespace', namespace: '', name, wave };
  try {
    // `known`: the plan read it moments ago.
    const exists = known ?? (await api.get({ apiVersion: 'v1', kind: 'Namespace', name })) !== undefined;
    if (exists) return { pending: false };
    const created = await api.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }, { dryRun: app.dryRun });
    const message = `${app.dryRun ? 'would be ' : ''}created (CreateNamespace=true)`;
    return { result: { ...base, action: 'created', message, health: resourceHealth(created) }, pending: app.dryRun };
  } catch (cause) {
    const error = asSyncError(cause);
    return { result: { ...base, action: 'failed', message: error.message, health: { status: 'Unknown' }, error }, pending: false };
  }
}

/** Objects live in the namespace, so it exists: no need to ask for it (every later sync of an application). */
function hasLiveObjectsIn(plan: Plan, namespace: string): boolean {
  return plan.resources.some((r) => r.live !== undefined && r.key.namespace === namespace) || plan.orphans.some((o) => o.key.namespace === namespace);
}

function rendersNamespace(plan: Plan, name: string): boolean {
  return plan.resources.some((r) => r.key.kind === 'Namespace' && r.key.group === '' && r.key.name === name);
}

function result(app: ApplicationIdentity, phase: SyncPhase, message: string, resources: ResourceResult[], trackedKinds: readonly KindRef[], error?: SyncError): SyncResult {
  const health = aggregateHealth(resources.filter((r) => r.action !== 'pruned').map((r) => r.health));
  return { phase, message, dryRun: app.dryRun, resources, health, trackedKinds, ...(error !== undefined && { error }) };
}

function errorResult(app: ApplicationIdentity, desired: readonly DesiredObject[], error: SyncError, trackedKinds: readonly KindRef[]): SyncResult {
  const health = { status: 'Unknown' as const, message: error.message };
  const resources = desired.map((obj) => ({ ...roughKey(app, obj), wave: 0, action: 'failed' as const, message: error.message, health, error }));
  return { phase: 'Error', message: `live state could not be read: ${error.message}`, dryRun: app.dryRun, resources, health, trackedKinds, error };
}
