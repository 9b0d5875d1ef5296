import type { ClusterApi } from './cluster-api';
import { diffAgainstLive } from './diff';
import { SyncError } from './errors';
import { ignoredDifferencesOf, type IgnoredDifferences, withoutIgnoredFields } from './ignore-differences';
import { syncWaveOf } from './ordering';
import { pruneDisabledOn } from './sync-options';
import { applicationSelector, groupOf, isTrackedBy, keyOf, keyString, TRACKING_ANNOTATION, withTracking } from './tracking';
import type { ApplicationIdentity, DesiredObject, KindRef, KubeObject, ResourceKey, ResourceSyncStatus } from './types';
import { readUnlisted } from './unlisted-objects';

/** One rendered object, prepared for apply and compared with its live counterpart. */
export interface PlannedResource {
  readonly key: ResourceKey;
  readonly wave: number;
  /**
   * The object as rendered for apply (namespace defaulted, tracking added, server fields removed); with
   * `RespectIgnoreDifferences=true` the sync takes its ignored fields from `live` first (`withLiveIgnoredFields`).
   */
  readonly object: KubeObject;
  readonly live?: KubeObject;
  readonly status: ResourceSyncStatus;
  readonly diff: readonly string[];
  /** Set when the object cannot be applied as rendered (bad wave, unknown kind, duplicate, owned by another app). */
  readonly error?: SyncError;
}

/** A live object tracked by this application that is no longer rendered. */
export interface Orphan {
  readonly key: ResourceKey;
  readonly wave: number;
  readonly object: KubeObject;
  readonly pruneDisabled: boolean;
}

export interface Plan {
  readonly resources: readonly PlannedResource[];
  readonly orphans: readonly Orphan[];
  readonly trackedKinds: readonly KindRef[];
  /** Namespaces whose existence the plan read (true: it exists), so the sync need not ask again. */
  readonly namespaces?: ReadonlyMap<string, boolean>;
}

export interface PlanOptions {
  /**
   * Kinds (as `apiVersion` + `kind`) to search for objects to prune besides the rendered ones, e.g. every
   * kind the application's last sync applied. Without them, a kind that vanished from Git entirely
   * cannot be found again, as the engine only lists kinds it is told about.
   */
  readonly extraKinds?: readonly KindRef[];
}

// Written by the API server; sending them back would pin stale values or be rejected.
const SERVER_METADATA = ['uid', 'resourceVersion', 'generation', 'creationTimestamp', 'deletionTimestamp', 'managedFields', 'selfLink'];

interface Prepared {
  readonly object: KubeObject;
  readonly wave: number;
  readonly error?: SyncError;
}

/**
 * Reads live state and compares it with the rendered objects. Throws a SyncError when live state cannot be read, or
 * (terminal, before any read) when the application's `spec.ignoreDifferences` cannot be used.
 */
export async function buildPlan(app: ApplicationIdentity, desired: readonly DesiredObject[], api: ClusterApi, options: PlanOptions = {}): Promise<Plan> {
  const ignored = ignoredDifferencesOf(app);
  const prepared = await prepareAll(app, desired, api);
  const live = await listTracked(app, prepared, api, options);
  const unlisted = prepared.filter((item) => item.error === undefined && !live.has(keyString(keyOf(item.object)))).map((item) => item.object);
  const read = await readUnlisted(unlisted, [...live.values()], api);
  const resources: PlannedResource[] = [];
  for (const item of prepared) {
    const key = keyOf(item.object);
    if (item.error !== undefined) {
      resources.push({ key, wave: item.wave, object: item.object, status: 'OutOfSync', diff: [], error: item.error });
      continue;
    }
    const current = live.get(keyString(key)) ?? read.live.get(keyString(key));
    resources.push(compareOne(app, ignored, item, key, current));
  }
  const desiredKeys = new Set(resources.map((r) => keyString(r.key)));
  const orphans = [...live.values()]
    .filter((obj) => isTrackedBy(obj, app.name) && !desiredKeys.has(keyString(keyOf(obj))))
    .map((obj) => ({ key: keyOf(obj), wave: waveOrZero(obj), object: obj, pruneDisabled: pruneDisabledOn(obj.metadata.annotations) }));
  return { resources, orphans, trackedKinds: trackedKindsOf(resources, orphans), namespaces: read.namespaces };
}

/**
 * The plan as it stands once a sync has applied objects, from the server's answers (`applied`, by key string)
 * instead of reading live state again. The others keep the live state the plan was made from.
 */
export function afterApplies(app: ApplicationIdentity, ignored: IgnoredDifferences, plan: Plan, applied: ReadonlyMap<string, KubeObject>): Plan {
  const resources = plan.resources.map((resource) => {
    const live = applied.get(keyString(resource.key));
    return live === undefined ? resource : compareOne(app, ignored, resource, resource.key, live);
  });
  // What the plan knew of namespaces is left behind: the sync may have just created one.
  return { resources, orphans: plan.orphans, trackedKinds: trackedKindsOf(resources, plan.orphans) };
}

/** The kinds this application has objects of: rendered ones, plus orphans still live. */
export function trackedKindsOf(resources: readonly PlannedResource[], orphans: readonly Orphan[]): KindRef[] {
  const rendered = resources.filter((r) => r.error?.reason !== 'UnknownKind' && r.error?.reason !== 'Invalid').map((r) => r.object);
  return uniqueKinds([...rendered, ...orphans.map((o) => o.object)]);
}

/** Distinct kinds by group and kind (two versions of one kind address the same objects); the first version wins. */
export function uniqueKinds(kinds: readonly KindRef[]): KindRef[] {
  const byGroupKind = new Map<string, KindRef>();
  for (const { apiVersion, kind } of kinds) {
    const groupKind = `${groupOf(apiVersion)}/${kind}`;
    if (!byGroupKind.has(groupKind)) byGroupKind.set(groupKind, { apiVersion, kind });
  }
  return [...byGroupKind.values()];
}

function compareOne(app: ApplicationIdentity, ignored: IgnoredDifferences, item: Prepared, key: ResourceKey, live: KubeObject | undefined): PlannedResource {
  const base = { key, wave: item.wave, object: item.object };
  if (live === undefined) {
    return { ...base, status: 'Missing', diff: [] };
  }
  const owner = ownerOf(live);
  if (owner !== undefined && owner !== app.name) {
    // Two applications rendering one object would overwrite and prune each other in turn: report, write nothing.
    const error = new SyncError('Conflict', `${key.kind} ${key.name} is already managed by application "${owner}"`);
    return { ...base, live, status: 'OutOfSync', diff: [], error };
  }
  if (!isTrackedBy(live, app.name)) {
    return { ...base, live, status: 'OutOfSync', diff: ['.metadata.annotations (not tracked by this application yet)'] };
  }
  // Both sides without the fields spec.ignoreDifferences names, as Argo CD normalizes them before comparing.
  const compared = withoutIgnoredFields(ignored, key, item.object, live);
  const diff = diffAgainstLive(compared.desired, compared.live);
  return { ...base, live, status: diff.length === 0 ? 'Synced' : 'OutOfSync', diff };
}

async function prepareAll(app: ApplicationIdentity, desired: readonly DesiredObject[], api: ClusterApi): Promise<Prepared[]> {
  const seen = new Set<string>();
  const result: Prepared[] = [];
  for (const raw of desired) {
    const item = await prepare(app, raw, desired, api);
    const key = keyString(keyOf(item.object));
    if (item.error === undefined && seen.has(key)) {
      result.push({ ...item, error: new SyncError('Invalid', `${item.object.kind} ${item.object.metadata.name} is rendered more than once`) });
      continue;
    }
    seen.add(key);
    result.push(item);
  }
  return result;
}

async function prepare(app: ApplicationIdentity, rendered: DesiredObject, all: readonly DesiredObject[], api: ClusterApi): Promise<Prepared> {
  const shapeError = shapeProblem(rendered);
  if (shapeError !== undefined) {
    const object = { apiVersion: String(rendered?.apiVersion ?? ''), kind: String(rendered?.kind ?? ''), metadata: { name: String(rendered?.metadata?.name ?? '') } };
    return { object, wave: 0, error: new SyncError('Invalid', shapeError) };
  }
  // Checked by shapeProblem: apiVersion, kind and metadata.name are non-empty strings.
  const raw = rendered as KubeObject;
  const metadata = Object.fromEntries(Object.entries(raw.metadata).filter(([field]) => !SERVER_METADATA.includes(field)));
  const { status: _status, ...body } = raw;
  let wave = 0;
  let error: SyncError | undefined;
  try {
    wave = syncWaveOf(raw);
  } catch (cause) {
    error = new SyncError('Invalid', (cause as Error).message);
  }
  const namespaced = (await api.isNamespaced(raw.apiVersion, raw.kind)) ?? namespacedByRenderedCrd(raw, all);
  if (namespaced === undefined) {
    error ??= new SyncError('UnknownKind', `the cluster does not serve ${raw.apiVersion} ${raw.kind}`);
  }
  const { namespace: _namespace, ...rest } = metadata;
  // Namespaced objects default to the destination namespace; cluster-scoped ones never carry one.
  const placed = namespaced === false ? rest : { ...rest, namespace: raw.metadata.namespace ?? app.destinationNamespace };
  const object = withTracking({ ...body, metadata: placed } as KubeObject, app.name);
  return { object, wave, ...(error !== undefined && { error }) };
}

/** A custom resource whose CRD is rendered in the same application takes its scope from that CRD. */
function namespacedByRenderedCrd(obj: KubeObject, all: readonly DesiredObject[]): boolean | undefined {
  const group = groupOf(obj.apiVersion);
  const crd = all.find((candidate) => {
    const spec = candidate.kind === 'CustomResourceDefinition' ? (candidate.spec as { group?: string; names?: { kind?: string } } | undefined) : undefined;
    return spec?.group === group && spec.names?.kind === obj.kind;
  });
  const scope = (crd?.spec as { scope?: string } | undefined)?.scope;
  return scope === undefined ? undefined : scope === 'Namespaced';
}

function shapeProblem(obj: DesiredObject | undefined): string | undefined {
  if (typeof obj !== 'object' || obj === null) return 'rendered document is not an object';
  if (typeof obj.apiVersion !== 'string' || obj.apiVersion === '') return 'rendered object has no apiVersion';
  if (typeof obj.kind !== 'string' || obj.kind === '') return 'rendered object has no kind';
  if (typeof obj.metadata?.name !== 'string' || obj.metadata.name === '') return `rendered ${obj.kind} has no metadata.name`;
  return undefined;
}

/** Lists this application's objects of every rendered (and extra) kind, keyed by resource key. */
async function listTracked(app: ApplicationIdentity, prepared: readonly Prepared[], api: ClusterApi, options: PlanOptions): Promise<Map<string, KubeObject>> {
  const rendered = prepared.filter(({ error }) => error?.reason !== 'UnknownKind' && error?.reason !== 'Invalid').map(({ object }) => object);
  const kinds = uniqueKinds([...rendered, ...(options.extraKinds ?? [])]);
  // One after another, on one keep-alive connection: reads in flight together would each open a TLS connection of
  // their own, which costs the hub more CPU than the latency they save (a profile at 1,000 clusters).
  const live = new Map<string, KubeObject>();
  for (const { apiVersion, kind } of kinds) {
    for (const obj of await api.list(apiVersion, kind, applicationSelector(app.name))) live.set(keyString(keyOf(obj)), obj);
  }
  return live;
}

function ownerOf(live: KubeObject): string | undefined {
  const id = live.metadata.annotations?.[TRACKING_ANNOTATION];
  const colon = id?.indexOf(':') ?? -1;
  return id === undefined || colon < 0 ? undefined : id.slice(0, colon);
}

function waveOrZero(obj: KubeObject): number {
  try {
    return syncWaveOf(obj);
  } catch {
    return 0;
  }
}
