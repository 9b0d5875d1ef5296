import type { AppliedRevision, RevisionChange } from '../repositories/history-query.repository';
import type { DoraGroupView } from './dora';

export interface AppliedRevisionView {
  application: string;
  cluster: string;
  clusterLabels: Record<string, string>;
  applicationSet: string | null;
  project: string;
  repository: string;
  path: string;
  revision: string | null;
  revisionCommittedAt: string | null;
  appliedAt: string;
  syncRun: string;
  trigger: AppliedRevision['trigger'];
  triggeredBy: string | null;
  rollout: string | null;
}

export interface RevisionChangeView extends AppliedRevisionView {
  before: { revision: string | null; appliedAt: string; syncRun: string } | null;
}

export interface HistorySummaryView {
  since: string;
  until: string;
  groupBy: string | null;
  groups: DoraGroupView[];
}

export function toAppliedRevisionView(applied: AppliedRevision): AppliedRevisionView {
  return {
    application: applied.application,
    cluster: applied.cluster,
    clusterLabels: applied.clusterLabels,
    applicationSet: applied.applicationSet,
    project: applied.project,
    repository: applied.repository,
    path: applied.path,
    revision: applied.revision,
    revisionCommittedAt: applied.revisionCommittedAt?.toISOString() ?? null,
    appliedAt: applied.appliedAt.toISOString(),
    syncRun: applied.syncRun,
    trigger: applied.trigger,
    triggeredBy: applied.triggeredBy,
    rollout: applied.rollout,
  };
}

export function toRevisionChangeView(change: RevisionChange): RevisionChangeView {
  const { before } = change;
  return { ...toAppliedRevisionView(change), before: before && { revision: before.revision, appliedAt: before.appliedAt.toISOString(), syncRun: before.syncRun } };
}

/** A position in a list of applications on clusters (state, changes). */
export function subjectKeyOf(row: AppliedRevision): [string, string] {
  return [row.application, row.cluster];
}
