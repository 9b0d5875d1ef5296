import type { ExportColumns } from '../common/http/export';
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

/** The CSV columns of a state export, in the JSON order. */
export const APPLIED_REVISION_COLUMNS: ExportColumns<AppliedRevisionView> = [
  'application',
  'cluster',
  'clusterLabels',
  'applicationSet',
  'project',
  'repository',
  'path',
  'revision',
  'revisionCommittedAt',
  'appliedAt',
  'syncRun',
  'trigger',
  'triggeredBy',
  'rollout',
];

/** The CSV columns of a changes export: the state's, then what was applied before (as JSON text). */
export const REVISION_CHANGE_COLUMNS: ExportColumns<RevisionChangeView> = [...APPLIED_REVISION_COLUMNS, 'before'];

/** The CSV columns of a summary export: one row per group, the nested figures as JSON text. */
export const SUMMARY_GROUP_COLUMNS: ExportColumns<DoraGroupView> = [
  'key',
  'syncs',
  'deployments',
  'deploymentsPerDay',
  'changeFailureRate',
  'syncDurationSeconds',
  'leadTimeSeconds',
  'timeToRestoreSeconds',
];

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
