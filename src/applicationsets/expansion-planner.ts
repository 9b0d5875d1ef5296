import {
  type Application,
  type ApplicationSet,
  type ChangePlan,
  type Condition,
  type ExpansionContext,
  type ExpansionErrorCode,
  type ExpansionResult,
  expand,
  planChanges,
  planSettingsFor,
  type RejectedApplication,
} from './engine';
import type { ApplicationOrigin } from '../domain/application';
import { fingerprintOf, fingerprintOfJson } from './fingerprint';

export interface NameOwner {
  applicationSet: string | null;
  orphanedFrom: string | null;
}

/** Whoever holds a name hub-wide: a set, an orphan, or a user (an application created through the API). */
export interface NameHolder extends NameOwner {
  origin: ApplicationOrigin;
  /** Origin `Application`: the app of apps that owns it. */
  parentApplication?: string | null;
  /** Marked for deletion (Argo CD: it has a deletionTimestamp): nobody may take the name until it is gone. */
  beingDeleted?: boolean;
}

/** What exists of a set's applications, without their manifests (cheap to read for 10,000 rows). */
export interface ExistingApplication extends NameOwner {
  name: string;
  fingerprint: string;
}

export interface ExistingState {
  /** The set's own applications and the orphans of a former set of the same name. */
  rows: ExistingApplication[];
  manifestsOf(names: string[]): Promise<Application[]>;
  /** Current holders of these names, hub-wide. */
  ownersOf(names: string[]): Promise<Map<string, NameHolder>>;
}

export type ExpansionPlan =
  | { ok: false; code: ExpansionErrorCode; message: string; issues: { path: string; message: string }[] }
  | {
      ok: true;
      desired: Application[];
      /**
       * An application of the plan as its row stores it: its manifest as JSON, and the fingerprint of the application of
       * that name as generated (before any field a plan preserves), hashed once and only when asked: a preview of a new
       * set never hashes anything. A new application is the generated one itself, whose JSON is then what the
       * fingerprint hashes: it is serialised once, not twice.
       */
      serialised: (app: Application) => SerialisedApplication;
      rejected: RejectedApplication[];
      conditions: Condition[];
      plan: ChangePlan;
      adopted: Set<string>;
    };

export interface SerialisedApplication {
  manifestJson: string;
  fingerprint: string;
}

export interface PlanInput {
  setName: string;
  manifest: unknown;
  context: ExpansionContext;
  /** `manifest` already expanded with `context` (create's check): planned as it is rather than expanded again. */
  expansion?: ExpansionResult;
  existing: ExistingState;
  deletionBudgetPercent: number;
  /** The set's current `status.pendingDeletion` names (none when the deletions are being approved). */
  heldBack?: readonly string[];
}

/**
 * Expands a set and plans the changes against what exists. A failed expansion plans nothing (user need #1: an
 * error is never "zero results"); a name held by another set is rejected here, never overwritten (need #9).
 * Applications whose fingerprint matches what was last written are unchanged without loading their manifests.
 */
export async function planExpansion(input: PlanInput): Promise<ExpansionPlan> {
  const result = input.expansion ?? (await expand(input.manifest, input.context));
  if (!result.ok) return result;
  const { setName, existing } = input;
  const known = new Map(existing.rows.map((row) => [row.name, row]));
  const generated = new Map(result.applications.map((app) => [app.metadata.name, app]));
  const fingerprints = new Map<string, string>();
  const fingerprint = (name: string) => {
    let hash = fingerprints.get(name);
    if (hash === undefined) fingerprints.set(name, (hash = fingerprintOf(generated.get(name))));
    return hash;
  };
  // 1. Names held elsewhere are rejected (looked up only for names this set does not know yet).
  const rejected = [...result.rejected];
  const unknownNames = result.applications.map((app) => app.metadata.name).filter((name) => !known.has(name));
  const owners = unknownNames.length > 0 ? await existing.ownersOf(unknownNames) : new Map<string, NameHolder>();
  const desired = result.applications.filter((app) => {
    const conflict = ownershipConflict(setName, owners.get(app.metadata.name));
    if (conflict) rejected.push({ name: app.metadata.name, reason: conflict });
    return !conflict;
  });
  // 2. Unchanged since the last write: same owner, same fingerprint.
  const same = (app: Application) => {
    const row = known.get(app.metadata.name);
    return row?.applicationSet === setName && row.fingerprint === fingerprint(app.metadata.name);
  };
  const unchanged: Application[] = [];
  const toCompare: Application[] = [];
  for (const app of desired) (same(app) ? unchanged : toCompare).push(app);
  const desiredNames = new Set(desired.map((app) => app.metadata.name));
  // 3. Orphans are adopted only when generated again; other orphans are not this set's to delete.
  const adopted = new Set(existing.rows.filter((row) => row.applicationSet === null && desiredNames.has(row.name)).map((row) => row.name));
  const owned = existing.rows.filter((row) => row.applicationSet === setName || adopted.has(row.name));
  const compareNames = new Set(toCompare.map((app) => app.metadata.name));
  const needed = owned.filter((row) => !desiredNames.has(row.name) || compareNames.has(row.name));
  // The expansion succeeded, so the manifest has been validated as an ApplicationSet.
  const settings = planSettingsFor(input.manifest as ApplicationSet, rejected, input.deletionBudgetPercent);
  const plan = planChanges(toCompare, await existing.manifestsOf(needed.map((row) => row.name)), settings.policy, { ...settings.opts, budgetBase: owned.length, heldBack: input.heldBack });
  plan.unchanged.push(...unchanged);
  const conditions = rejected.length > result.rejected.length ? withConflictCondition(result.conditions, rejected) : result.conditions;
  const serialised = (app: Application): SerialisedApplication => {
    const manifestJson = JSON.stringify(app);
    const name = app.metadata.name;
    if (generated.get(name) === app && !fingerprints.has(name)) fingerprints.set(name, fingerprintOfJson(manifestJson));
    return { manifestJson, fingerprint: fingerprint(name) };
  };
  return { ok: true, desired, serialised, rejected, conditions, plan, adopted };
}

function ownershipConflict(setName: string, owner: NameHolder | undefined): string | undefined {
  if (!owner) return undefined;
  // Argo CD cannot update an Application that has a deletionTimestamp either; the name is free once it is gone.
  if (owner.beingDeleted) return 'an application of this name is being deleted (its resources are being removed); it is created again once that finished';
  if (owner.applicationSet === setName) return undefined;
  // Created through the API: the user's, never taken over (not even by a set of a name it once had).
  if (owner.origin === 'manual') return 'an application of this name was created directly (POST /api/v1/applications) and belongs to no ApplicationSet';
  if (owner.origin === 'Application') return `an application of this name is managed by Application "${owner.parentApplication ?? 'unknown'}" (app of apps)`;
  if (owner.applicationSet !== null) return `an application of this name belongs to ApplicationSet "${owner.applicationSet}"`;
  if (owner.orphanedFrom === setName) return undefined;
  return `an orphaned application of this name (from ApplicationSet "${owner.orphanedFrom ?? 'unknown'}") exists`;
}

function withConflictCondition(conditions: Condition[], rejected: RejectedApplication[]): Condition[] {
  const examples = rejected.slice(0, 3).map((item) => `${item.name}: ${item.reason}`).join('; ');
  return conditions.map((condition) =>
    condition.type === 'ErrorOccurred'
      ? { ...condition, status: 'True', reason: 'ApplicationValidationError', message: `${rejected.length} generated applications were rejected (${examples}${rejected.length > 3 ? '; ...' : ''})` }
      : condition,
  );
}
