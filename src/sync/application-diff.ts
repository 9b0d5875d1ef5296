import { stringify } from 'yaml';
import { unifiedDiff } from '../common/unified-diff';
import type { ClusterApi } from './cluster-api';
import { compareWithLive } from './diff';
import { ignoredDifferencesOf, type IgnoredDifferences, withoutIgnoredFields } from './ignore-differences';
import { buildPlan, type Orphan, type PlanOptions, type PlannedResource } from './plan';
import { maskSecretValues } from './secret-masking';
import { keyString } from './tracking';
import type { ApplicationIdentity, DesiredObject, KubeObject, ResourceKey } from './types';

/**
 * added: rendered, not live; modified: live and differing; removed: live, tracked by the application and no longer
 * rendered (a sync with prune deletes it); unchanged: live and equal.
 */
export type DiffState = 'added' | 'modified' | 'removed' | 'unchanged';

export interface ResourceDiff extends ResourceKey {
  readonly state: DiffState;
  /** Unified diff of the normalised YAML, live (`---`) to desired (`+++`); absent when unchanged. Secret values masked. */
  readonly diff?: string;
  /** Why the resource needs attention beyond its diff: it cannot be applied as rendered, or prune is disabled on it. */
  readonly message?: string;
}

const NAMES = { before: 'live', after: 'desired' };

/**
 * Argo CD's `app diff`: live against desired for every object of the application, read-only. Both sides are the
 * sync status's own comparison (`compareWithLive`: fields Flotilla does not set are left out, equal quantities
 * print alike, fields `spec.ignoreDifferences` names are taken out of both), so an object is modified here exactly
 * when the status calls it OutOfSync. Throws a SyncError when live state cannot be read.
 */
export async function diffApplication(app: ApplicationIdentity, desired: readonly DesiredObject[], api: ClusterApi, options: PlanOptions = {}): Promise<ResourceDiff[]> {
  const plan = await buildPlan(app, desired, api, options);
  const ignored = ignoredDifferencesOf(app);
  const resources = [...plan.resources.map((resource) => renderedDiff(resource, ignored)), ...plan.orphans.map(removedDiff)];
  return resources.sort((a, b) => (keyString(a) < keyString(b) ? -1 : keyString(a) > keyString(b) ? 1 : 0));
}

/** Ignored fields (`spec.ignoreDifferences`) are left out of both sides, as out of the comparison. */
function renderedDiff(resource: PlannedResource, ignored: IgnoredDifferences): ResourceDiff {
  const { key, error } = resource;
  const message = error === undefined ? {} : { message: error.message };
  const { desired, live } = withoutIgnoredFields(ignored, key, resource.object, resource.live);
  if (live === undefined) return { ...key, state: 'added', diff: textDiff(undefined, desired), ...message };
  if (resource.status === 'Synced' && error === undefined) return { ...key, state: 'unchanged' };
  const { liveView, desiredView } = compareWithLive(desired, live);
  return { ...key, state: 'modified', diff: textDiff(liveView, desiredView), ...message };
}

function removedDiff(orphan: Orphan): ResourceDiff {
  // As it is live, less what only the server writes about it.
  const { managedFields: _managedFields, ...metadata } = orphan.object.metadata;
  const { status: _status, ...rest } = orphan.object;
  const live: KubeObject = { ...rest, metadata } as KubeObject;
  const message = orphan.pruneDisabled ? { message: 'Prune=false: a sync with prune leaves it in place' } : {};
  return { ...orphan.key, state: 'removed', diff: textDiff(live, undefined), ...message };
}

function textDiff(live: KubeObject | undefined, desired: KubeObject | undefined): string {
  const [maskedLive, maskedDesired] = maskSecretValues(live, desired);
  return unifiedDiff(yamlOf(maskedLive), yamlOf(maskedDesired), NAMES);
}

/** Keys sorted, as kubectl and Argo CD print objects, so both sides line up field by field. */
function yamlOf(object: KubeObject | undefined): string {
  return object === undefined ? '' : stringify(object, { sortMapEntries: true });
}
