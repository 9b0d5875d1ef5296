import type { ExportColumns } from '../common/http/export';
import type { SyncRunEntity } from '../database/entities/sync-run.entity';
import type { ListedRun } from '../repositories/history-query.repository';

/** A sync run as the API shows it; `resources` is left out of fleet-wide lists unless asked for. */
export interface SyncRunView {
  id: string;
  application: string;
  applicationSet: string | null;
  cluster: string;
  clusterLabels: Record<string, string>;
  project: string;
  repository: string;
  path: string;
  revision: string | null;
  /** With multiple sources: each source at the commit the run applied (then repository, path and revision are the first's). */
  sources?: SyncRunEntity['sources'];
  revisionCommittedAt: string | null;
  previousRevision: string | null;
  trigger: SyncRunEntity['trigger'];
  triggeredBy: string | null;
  rollout: string | null;
  phase: SyncRunEntity['phase'];
  message: string | null;
  changed: boolean;
  resources?: SyncRunEntity['resources'];
  startedAt: string;
  finishedAt: string | null;
}

/** The CSV columns of a runs export, in the JSON order; `resources` (as JSON text) only when the runs have them. */
export function syncRunColumns(withResources: boolean): ExportColumns<SyncRunView> {
  return [
    'id',
    'application',
    'applicationSet',
    'cluster',
    'clusterLabels',
    'project',
    'repository',
    'path',
    'revision',
    'revisionCommittedAt',
    'previousRevision',
    'trigger',
    'triggeredBy',
    'rollout',
    'phase',
    'message',
    'changed',
    ...(withResources ? (['resources'] as const) : []),
    'startedAt',
    'finishedAt',
  ];
}

/** A run as the API shows it, as the history queries read it (times already as text). */
export function toSyncRunView(run: ListedRun): SyncRunView {
  return {
    id: run.id,
    application: run.application,
    applicationSet: run.applicationSet,
    cluster: run.cluster,
    clusterLabels: run.clusterLabels,
    project: run.project,
    repository: run.repository,
    path: run.path,
    revision: run.revision,
    ...(run.sources ? { sources: run.sources } : {}),
    revisionCommittedAt: run.revisionCommittedAt,
    previousRevision: run.previousRevision,
    trigger: run.trigger,
    triggeredBy: run.triggeredBy,
    rollout: run.rollout,
    phase: run.phase,
    message: run.message,
    changed: run.changed,
    ...(run.resources !== undefined ? { resources: run.resources } : {}),
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
  };
}

/** A list position: after this run, newest first. */
export function runKeyOf(run: ListedRun): [string, string] {
  return [run.startedAt, run.id];
}
