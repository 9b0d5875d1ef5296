import type { ApplicationEntity } from '../applications/application.entity';
import {
  type Application,
  type ApplicationsSyncPolicy,
  type ChangePlan,
  type Condition,
  type ExpansionContext,
  type ExpansionErrorCode,
  expand,
  planChanges,
  type RejectedApplication,
} from './engine';

export interface NameOwner {
  applicationSet: string | null;
  orphanedFrom: string | null;
}

export type ExpansionPlan =
  | { ok: false; code: ExpansionErrorCode; message: string; issues: { path: string; message: string }[] }
  | { ok: true; desired: Application[]; rejected: RejectedApplication[]; conditions: Condition[]; plan: ChangePlan; adopted: Set<string> };

export interface PlanInput {
  setName: string;
  manifest: unknown;
  context: ExpansionContext;
  /** The set's own applications and the orphans of a former set of the same name. */
  existing: ApplicationEntity[];
  /** Current holders of the desired names, hub-wide. */
  ownersOf: (names: string[]) => Promise<Map<string, NameOwner>>;
  deletionBudgetPercent: number;
}

/**
 * Expands a set and plans the changes against what exists. A failed expansion plans nothing (user need #1: an
 * error is never "zero results"); a name held by another set is rejected here, never overwritten (need #9).
 */
export async function planExpansion(input: PlanInput): Promise<ExpansionPlan> {
  const result = expand(input.manifest, input.context);
  if (!result.ok) return result;
  const rejected = [...result.rejected];
  const owners = await input.ownersOf(result.applications.map((app) => app.metadata.name));
  const desired = result.applications.filter((app) => {
    const conflict = ownershipConflict(input.setName, owners.get(app.metadata.name));
    if (conflict) rejected.push({ name: app.metadata.name, reason: conflict });
    return !conflict;
  });
  const desiredNames = new Set(desired.map((app) => app.metadata.name));
  // Orphans are adopted only when generated again; other orphans are not this set's to delete.
  const adopted = new Set(input.existing.filter((row) => row.applicationSet === null && desiredNames.has(row.name)).map((row) => row.name));
  const owned = input.existing.filter((row) => row.applicationSet === input.setName || adopted.has(row.name));
  const spec = (input.manifest as { spec?: { syncPolicy?: { applicationsSync?: ApplicationsSyncPolicy; preserveResourcesOnDeletion?: boolean } } }).spec;
  const plan = planChanges(desired, owned.map((row) => row.manifest), spec?.syncPolicy?.applicationsSync ?? 'sync', {
    deletionBudgetPercent: input.deletionBudgetPercent,
    preserveResourcesOnDeletion: spec?.syncPolicy?.preserveResourcesOnDeletion,
  });
  const conditions = rejected.length > result.rejected.length ? withConflictCondition(result.conditions, rejected) : result.conditions;
  return { ok: true, desired, rejected, conditions, plan, adopted };
}

function ownershipConflict(setName: string, owner: NameOwner | undefined): string | undefined {
  if (!owner || owner.applicationSet === setName) return undefined;
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
