import { setDeletionCascades } from './application';
import { diffFields, type FieldChange } from '../../common/field-diff';
import { applyIgnoredDifferences, type IgnoreApplicationDifference } from './ignore-differences';
import type { Application, ApplicationSet, ApplicationsSyncPolicy, RejectedApplication } from './types';

/*
 * Plans what one expansion may change, given the Applications this ApplicationSet owns now. Only a successful
 * expansion may be planned: a failed one has no authoritative desired state. Policies (Argo CD `applicationsSync`):
 *   sync          create, update, delete
 *   create-update create, update (never delete)
 *   create-delete create, delete (never update)
 *   create-only   create only
 * Deletions per expansion are capped by a budget; the excess waits as `pendingDeletion`. The hold is sticky: while
 * any Application held back by an earlier expansion is still to be deleted, no expansion deletes anything (otherwise
 * every later pass would spend a fresh budget and drain the set without the approval the hold asks for).
 */

export interface PlanOptions {
  /** Percentage of the existing Applications that one expansion may delete (default 25, at least one). */
  deletionBudgetPercent?: number;
  /**
   * How many Applications the set owns in all, when `existing` holds only those that need a field comparison
   * (the caller has already recognised the unchanged ones by fingerprint). Defaults to `existing.length`.
   */
  budgetBase?: number;
  /** From the ApplicationSet's syncPolicy: deleting an Application leaves its resources in place. */
  preserveResourcesOnDeletion?: boolean;
  /** Names an earlier expansion held back as `pendingDeletion` and nobody approved yet. */
  heldBack?: Iterable<string>;
  /**
   * Names the expansion rejected (`ExpansionResult.rejected`). An existing Application with such a name is left
   * exactly as it is: a duplicate or a failed check must never turn into a deletion.
   */
  rejectedNames?: Iterable<string>;
  /** The ApplicationSet's `spec.preservedFields`: keys whose live values survive an update. */
  preservedFields?: { annotations?: string[]; labels?: string[] };
  /** The ApplicationSet's `spec.ignoreApplicationDifferences`: fields whose live values survive an update. */
  ignoreApplicationDifferences?: IgnoreApplicationDifference[];
}

export interface PlannedUpdate {
  name: string;
  application: Application;
  changes: FieldChange[];
}

export interface PlannedDeletion {
  name: string;
  application: Application;
  /** True when deleting the Application also deletes its resources (it carries the resources finalizer). */
  cascade: boolean;
}

export interface SkippedChange {
  name: string;
  reason: string;
}

export interface ChangePlan {
  create: Application[];
  update: PlannedUpdate[];
  delete: PlannedDeletion[];
  pendingDeletion: PlannedDeletion[];
  unchanged: Application[];
  /** Changes the policy forbids, reported rather than silently dropped. */
  skipped: SkippedChange[];
}

export const DEFAULT_DELETION_BUDGET_PERCENT = 25;

/** Annotations other Argo CD controllers write on Applications; Argo CD's ApplicationSet controller keeps them. */
export const DEFAULT_PRESERVED_ANNOTATIONS: readonly string[] = [
  'notified.notifications.argoproj.io',
  'argocd.argoproj.io/refresh',
  'argocd.argoproj.io/hydrate',
];

const ALLOWS_UPDATE: Record<ApplicationsSyncPolicy, boolean> = {
  sync: true,
  'create-update': true,
  'create-delete': false,
  'create-only': false,
};

const ALLOWS_DELETE: Record<ApplicationsSyncPolicy, boolean> = {
  sync: true,
  'create-update': false,
  'create-delete': true,
  'create-only': false,
};

/** The fields an ApplicationSet owns on its Applications; everything else (status, uid, ...) is ignored. */
function managedFields(app: Application): Record<string, unknown> {
  return {
    metadata: {
      labels: app.metadata.labels ?? {},
      annotations: app.metadata.annotations ?? {},
      finalizers: app.metadata.finalizers ?? [],
    },
    spec: app.spec,
  };
}

function copyPreserved(from: Record<string, string> | undefined, into: Record<string, string> | undefined, keys: string[]) {
  const present = keys.filter((key) => from !== undefined && Object.prototype.hasOwnProperty.call(from, key));
  if (present.length === 0) return into;
  const out = { ...(into ?? {}) };
  for (const key of present) out[key] = (from as Record<string, string>)[key];
  return out;
}

/** The desired Application with the preserved annotations and labels of the live one carried over. */
function withPreservedFields(desired: Application, current: Application, opts: PlanOptions): Application {
  const annotationKeys = [...(opts.preservedFields?.annotations ?? []), ...DEFAULT_PRESERVED_ANNOTATIONS];
  const labelKeys = opts.preservedFields?.labels ?? [];
  const annotations = copyPreserved(current.metadata.annotations, desired.metadata.annotations, annotationKeys);
  const labels = copyPreserved(current.metadata.labels, desired.metadata.labels, labelKeys);
  if (annotations === desired.metadata.annotations && labels === desired.metadata.labels) return desired;
  const metadata = { ...desired.metadata };
  if (annotations !== undefined) metadata.annotations = annotations;
  if (labels !== undefined) metadata.labels = labels;
  return { ...desired, metadata };
}

export function deletionBudget(existingCount: number, percent: number): number {
  return Math.max(1, Math.floor((percent / 100) * existingCount));
}

export function planChanges(
  desired: Application[],
  existing: Application[],
  policy: ApplicationsSyncPolicy = 'sync',
  opts: PlanOptions = {},
): ChangePlan {
  const plan: ChangePlan = { create: [], update: [], delete: [], pendingDeletion: [], unchanged: [], skipped: [] };
  const existingByName = new Map(existing.map((app) => [app.metadata.name, app]));
  const desiredNames = new Set<string>();
  // 1. Create what is missing, update what differs (when the policy allows).
  for (const generated of desired) {
    const name = generated.metadata.name;
    desiredNames.add(name);
    const current = existingByName.get(name);
    if (current === undefined) {
      plan.create.push(generated);
      continue;
    }
    const app = applyIgnoredDifferences(withPreservedFields(generated, current, opts), current, opts.ignoreApplicationDifferences ?? []);
    const changes = diffFields(managedFields(current), managedFields(app), '');
    if (changes.length === 0) plan.unchanged.push(app);
    else if (ALLOWS_UPDATE[policy]) plan.update.push({ name, application: app, changes });
    else plan.skipped.push({ name, reason: `policy ${policy} never updates (${changes.length} field(s) differ)` });
  }
  // 2. Keep Applications whose new version was rejected untouched.
  const rejected = new Set(opts.rejectedNames ?? []);
  for (const app of existing) {
    if (rejected.has(app.metadata.name) && !desiredNames.has(app.metadata.name)) {
      plan.skipped.push({ name: app.metadata.name, reason: 'rejected by this expansion; the existing Application is kept as it is' });
    }
  }
  // 3. Delete what is no longer generated, within the budget (sorted by name so the order is stable).
  const stale = existing
    .filter((app) => !desiredNames.has(app.metadata.name) && !rejected.has(app.metadata.name))
    .sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0));
  if (!ALLOWS_DELETE[policy]) {
    for (const app of stale) plan.skipped.push({ name: app.metadata.name, reason: `policy ${policy} never deletes` });
    return plan;
  }
  const held = new Set(opts.heldBack ?? []);
  const awaitingApproval = stale.some((app) => held.has(app.metadata.name));
  const budget = awaitingApproval ? 0 : deletionBudget(opts.budgetBase ?? existing.length, opts.deletionBudgetPercent ?? DEFAULT_DELETION_BUDGET_PERCENT);
  for (const app of stale) {
    const deletion: PlannedDeletion = { name: app.metadata.name, application: app, cascade: setDeletionCascades(app, opts.preserveResourcesOnDeletion === true) };
    if (plan.delete.length < budget) plan.delete.push(deletion);
    else plan.pendingDeletion.push(deletion);
  }
  return plan;
}

/** The policy and options an ApplicationSet asks for, with the names its latest expansion rejected. */
export function planSettingsFor(
  appSet: ApplicationSet,
  rejected: RejectedApplication[],
  deletionBudgetPercent: number = DEFAULT_DELETION_BUDGET_PERCENT,
): { policy: ApplicationsSyncPolicy; opts: PlanOptions } {
  return {
    policy: appSet.spec.syncPolicy?.applicationsSync ?? 'sync',
    opts: {
      deletionBudgetPercent,
      preserveResourcesOnDeletion: appSet.spec.syncPolicy?.preserveResourcesOnDeletion === true,
      rejectedNames: rejected.map((item) => item.name),
      preservedFields: appSet.spec.preservedFields,
      ignoreApplicationDifferences: appSet.spec.ignoreApplicationDifferences,
    },
  };
}
