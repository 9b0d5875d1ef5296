import type { FieldChange } from '../common/field-diff';
import type { Application } from '../domain/application';
import type { Condition, RejectedApplication } from '../domain/application-set';
import type { ExpansionPlan } from './expansion-planner';

export type PreviewAction = 'create' | 'update' | 'unchanged' | 'delete' | 'pendingDeletion' | 'skipped';

export interface PreviewApplication {
  name: string;
  action: PreviewAction;
  /** The generated application (absent for a skipped deletion, which is no longer generated). */
  application?: Application;
  /** Field-level differences, for `update`. */
  changes?: FieldChange[];
  /** Why a change is skipped (policy) or waits (deletion budget). */
  reason?: string;
}

export interface PreviewResult {
  /** Whether a set of this name exists, i.e. whether the actions compare against real applications. */
  exists: boolean;
  applications: PreviewApplication[];
  rejected: RejectedApplication[];
  conditions: Condition[];
  summary: Record<PreviewAction, number>;
}

/** The blast radius of a manifest: every generated application and every application it would remove. */
export function toPreview(plan: Extract<ExpansionPlan, { ok: true }>, exists: boolean): PreviewResult {
  const { create, update, unchanged, skipped } = plan.plan;
  const desiredByName = new Map(plan.desired.map((app) => [app.metadata.name, app]));
  const entry = (action: PreviewAction, application: Application, extra: Partial<PreviewApplication> = {}): PreviewApplication => ({
    name: application.metadata.name,
    action,
    application,
    ...extra,
  });
  const applications: PreviewApplication[] = [
    ...create.map((application) => entry('create', application)),
    ...update.map((item) => entry('update', item.application, { changes: item.changes })),
    ...unchanged.map((application) => entry('unchanged', application)),
    ...plan.plan.delete.map((item) => entry('delete', item.application)),
    ...plan.plan.pendingDeletion.map((item) => entry('pendingDeletion', item.application, { reason: 'beyond the deletion budget: waits for approve-deletions' })),
    ...skipped.map((item) => ({ name: item.name, action: 'skipped' as const, application: desiredByName.get(item.name), reason: item.reason })),
  ];
  const summary = { create: 0, update: 0, unchanged: 0, delete: 0, pendingDeletion: 0, skipped: 0 };
  for (const item of applications) summary[item.action] += 1;
  return { exists, applications, rejected: plan.rejected, conditions: plan.conditions, summary };
}
