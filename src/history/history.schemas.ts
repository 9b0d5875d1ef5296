import { z } from 'zod';
import { formatQuery } from '../common/http/export';
import { kubeObjectKey, nameFilter, pageSchema, resourceActionSchema, responseComponent, rfc3339Time, timestamp } from '../common/http/openapi';
import { pageQuery } from '../common/http/pagination';
import type { DoraGroupView } from './dora';
import type { AppliedRevisionView, HistorySummaryView, RevisionChangeView } from './history.views';
import type { SyncRunView } from './sync-run.view';


export const syncTriggerSchema = z.enum(['automated', 'self-heal', 'manual', 'retry', 'rollout']);
const syncPhaseSchema = z.enum(['Running', 'Succeeded', 'Failed', 'Error', 'Interrupted']);
const GROUP_BY_PATTERN = /^(cluster|application|applicationSet|project|label:.+)$/;

/** The filters every history query takes; each narrows to the sync runs (or applied revisions) that match. */
const runFilterFields = {
  application: nameFilter.optional(),
  applicationSet: nameFilter.optional().describe('Applications this ApplicationSet generated'),
  project: nameFilter.optional(),
  cluster: nameFilter.optional().describe('The destination cluster'),
  selector: z.string().max(4096).optional().describe("Kubernetes label selector over the cluster's labels as they were at each sync (deleted clusters too)"),
  repository: z.string().min(1).max(2048).optional().describe("The source repository URL, as the application's source names it"),
  revision: z
    .string()
    .regex(/^[0-9a-fA-F]{4,64}$/, 'must be a commit SHA or its first 4 or more hex digits')
    .optional()
    .describe('A full commit SHA, or a prefix of at least 4 hex digits'),
  trigger: syncTriggerSchema.optional(),
  triggeredBy: nameFilter.optional().describe('The API token behind manual syncs (or the rollout behind rollout syncs)'),
  rollout: z.uuid().optional().describe('The fleet rollout the syncs ran for'),
};

export const historyListQuerySchema = z.strictObject({
  ...runFilterFields,
  phase: syncPhaseSchema.optional(),
  since: rfc3339Time().optional().describe('Runs started at or after this time (RFC 3339)'),
  until: rfc3339Time().optional().describe('Runs started before this time (RFC 3339)'),
  resources: z.enum(['true', 'false']).optional().describe("true: each run with its per-resource results"),
  ...formatQuery,
  ...pageQuery(1000, 100),
});

export const historyStateQuerySchema = z.strictObject({
  at: rfc3339Time().optional().describe('The moment to look at (RFC 3339); default: now'),
  ...runFilterFields,
  ...formatQuery,
  ...pageQuery(10_000, 1000),
});

export const historyChangesQuerySchema = z.strictObject({
  from: rfc3339Time().describe('The earlier moment (RFC 3339)'),
  to: rfc3339Time().optional().describe('The later moment (RFC 3339); default: now'),
  ...runFilterFields,
  ...formatQuery,
  ...pageQuery(10_000, 1000),
});

export const historySummaryQuerySchema = z.strictObject({
  since: rfc3339Time().optional().describe('Runs started at or after this time (RFC 3339); default: 30 days before `until`'),
  until: rfc3339Time().optional().describe('Runs started before this time (RFC 3339); default: now'),
  groupBy: z
    .string()
    .max(330)
    .regex(GROUP_BY_PATTERN, 'must be cluster, application, applicationSet, project or label:<key>')
    .optional()
    .describe("cluster, application, applicationSet, project, or label:<key> (the cluster's label at the time); default: one group"),
  ...runFilterFields,
  format: formatQuery.format.describe('json: the summary; ndjson (one JSON object a line) or csv (RFC 4180 with a header row): its groups, one a row'),
});

export type HistoryListQuery = z.infer<typeof historyListQuerySchema>;
export type HistoryStateQuery = z.infer<typeof historyStateQuerySchema>;
export type HistoryChangesQuery = z.infer<typeof historyChangesQuerySchema>;
export type HistorySummaryQuery = z.infer<typeof historySummaryQuerySchema>;
/** The filter fields alone, as every query has them. */
export type RunFilterQuery = Pick<HistoryListQuery, keyof typeof runFilterFields>;

const labels = z.record(z.string(), z.string());

export const syncRunSchema = responseComponent(
  'SyncRun',
  z.object({
    id: z.uuid(),
    application: z.string(),
    applicationSet: z.string().nullable(),
    cluster: z.string(),
    clusterLabels: labels.describe("The cluster's labels when the run started"),
    project: z.string(),
    repository: z.string(),
    path: z.string(),
    revision: z.string().nullable().describe('The commit applied (null when it could not be resolved)'),
    sources: z
      .array(z.object({ repoURL: z.string(), path: z.string(), ref: z.string().optional(), revision: z.string() }))
      .optional()
      .describe('With spec.sources: every source at the commit applied, in order (repository, path and revision are the first one\'s)'),
    revisionCommittedAt: timestamp().nullable().describe("The commit's committer date (null when unknown)"),
    previousRevision: z.string().nullable().describe('The revision the last successful sync of this application on this cluster had applied before this run'),
    trigger: syncTriggerSchema,
    triggeredBy: z.string().nullable().describe('The API token behind a manual sync, or the rollout behind a rollout sync'),
    rollout: z.uuid().nullable().describe('The fleet rollout this sync ran for'),
    phase: syncPhaseSchema,
    message: z.string().nullable(),
    changed: z.boolean().describe('Whether it created, configured or pruned anything (a Succeeded run that did is a deployment)'),
    resources: z
      .array(z.object({ ...kubeObjectKey, action: resourceActionSchema, message: z.string().optional() }))
      .optional()
      .describe('Per-resource results (the fleet-wide list includes them with ?resources=true)'),
    startedAt: timestamp(),
    finishedAt: timestamp().nullable(),
  }) satisfies z.ZodType<SyncRunView>,
);

export const syncRunPageSchema = responseComponent('SyncRunPage', pageSchema(syncRunSchema));

const appliedRevisionFields = {
  application: z.string(),
  cluster: z.string(),
  clusterLabels: labels.describe("The cluster's labels when that run started"),
  applicationSet: z.string().nullable(),
  project: z.string(),
  repository: z.string(),
  path: z.string(),
  revision: z.string().nullable(),
  revisionCommittedAt: timestamp().nullable(),
  appliedAt: timestamp().describe('When the sync that applied it finished'),
  syncRun: z.uuid().describe('The sync run that applied it'),
  trigger: syncTriggerSchema,
  triggeredBy: z.string().nullable(),
  rollout: z.uuid().nullable(),
};

export const appliedRevisionSchema = responseComponent(
  'AppliedRevision',
  z.object(appliedRevisionFields).describe('The last revision successfully applied to an application on a cluster') satisfies z.ZodType<AppliedRevisionView>,
);
export const appliedRevisionPageSchema = responseComponent('AppliedRevisionPage', pageSchema(appliedRevisionSchema));

export const revisionChangeSchema = responseComponent(
  'RevisionChange',
  z.object({
    ...appliedRevisionFields,
    before: z
      .object({ revision: z.string().nullable(), appliedAt: timestamp(), syncRun: z.uuid() })
      .nullable()
      .describe('What was applied at `from` (null: nothing yet); the other fields are what was applied at `to`'),
  }) satisfies z.ZodType<RevisionChangeView>,
);
export const revisionChangePageSchema = responseComponent('RevisionChangePage', pageSchema(revisionChangeSchema));

const seconds = z.number().nullable();
export const historySummaryGroupSchema = responseComponent(
  'HistorySummaryGroup',
  z.object({
    key: z.string().nullable().describe('The group (null: runs without that label or ApplicationSet, or the single group)'),
    syncs: z.object({ total: z.int(), Running: z.int(), Succeeded: z.int(), Failed: z.int(), Error: z.int(), Interrupted: z.int() }),
    deployments: z.int().describe('Succeeded syncs that created, configured or pruned something'),
    deploymentsPerDay: z.number(),
    changeFailureRate: z.number().nullable().describe('Failed and Error syncs ÷ (deployments + Failed and Error syncs); null without either'),
    syncDurationSeconds: z.object({ median: seconds, p95: seconds }),
    leadTimeSeconds: z.object({ median: seconds, deployments: z.int() }).describe('Commit time → applied, over deployments that brought a new revision'),
    timeToRestoreSeconds: z.object({ mean: seconds, restores: z.int() }).describe('First failed sync → next successful sync of the same application on the same cluster'),
  }) satisfies z.ZodType<DoraGroupView>,
);
export const historySummarySchema = responseComponent(
  'HistorySummary',
  z.object({ since: timestamp(), until: timestamp(), groupBy: z.string().nullable(), groups: z.array(historySummaryGroupSchema) }) satisfies z.ZodType<HistorySummaryView>,
);
