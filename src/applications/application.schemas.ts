import { z } from 'zod';
import { kubeObjectKey, nameFilter, pageSchema, requestComponent, resourceActionSchema, responseComponent, timestamp } from '../common/http/openapi';
import { pageQuery } from '../common/http/pagination';
import type { ApplicationStatusRecord } from '../domain/application';
import { applicationManifestSchema } from '../applicationsets/application-set.schemas';
import { syncTriggerSchema } from '../history/history.schemas';
import type { ApplicationView } from './application.view';


export const listApplicationsQuerySchema = z.strictObject({
  applicationSet: nameFilter.optional().describe('Only the applications this ApplicationSet generated (or orphaned)'),
  origin: z
    .enum(['ApplicationSet', 'manual', 'Application'])
    .optional()
    .describe('ApplicationSet: generated (orphans included); manual: created through POST /api/v1/applications; Application: adopted from an app of apps'),
  cluster: nameFilter.optional().describe('Only the applications deployed to this cluster'),
  project: nameFilter.optional(),
  selector: z.string().max(4096).optional().describe('Kubernetes label selector over the applications\' labels'),
  ...pageQuery(1000, 100),
});

export const historyQuerySchema = z.strictObject(pageQuery(500, 50));

export const refreshQuerySchema = z.strictObject({
  hard: z.enum(['true', 'false']).optional().describe('true: render the source again instead of using the cached render (Argo CD hard refresh)'),
});

export const diffQuerySchema = z.strictObject({
  all: z.enum(['true', 'false']).optional().describe('true: list unchanged resources too (they are always counted)'),
});

export const syncRequestSchema = z.strictObject({
  revision: z.string().min(1).max(256).optional().describe('A commit SHA, branch or tag (default: the target revision)'),
  prune: z.boolean().optional().describe('Delete tracked objects that are no longer rendered'),
  dryRun: z.boolean().optional().describe('Server-side dry run: report what would change, change nothing'),
});

/**
 * An Argo CD Application as a user writes it (`argocd app create`, a manifest kept in Git): stored unchanged,
 * unknown fields included. Beyond this structure it is checked as a generated one is: a DNS-1123 name, valid labels,
 * a project that exists and permits its sources and destination, a destination naming one registered cluster.
 */
export const applicationManifestBody = requestComponent('ApplicationManifestBody', applicationManifestSchema.describe('An argoproj.io/v1alpha1 Application'));

/** Argo CD's Application status, as far as Flotilla fills it in. */
export const applicationStatusSchema = responseComponent(
  'ApplicationStatus',
  z.object({
    sync: z.object({
      status: z.enum(['Unknown', 'Synced', 'OutOfSync']),
      revision: z.string().optional(),
      revisions: z.array(z.string()).optional().describe('With spec.sources: the commit of every source, in their order'),
    }),
    health: z.object({ status: z.enum(['Unknown', 'Healthy', 'Progressing', 'Degraded', 'Missing', 'Suspended']), message: z.string().optional() }),
    conditions: z.array(z.object({ type: z.string(), message: z.string(), lastTransitionTime: timestamp() })),
    resources: z
      .array(
        z.object({
          ...kubeObjectKey,
          status: z.string(),
          health: z.object({ status: z.string(), message: z.string().optional() }),
          requiresPruning: z.boolean().optional(),
        }),
      )
      .optional(),
    operationState: z
      .object({
        phase: z.enum(['Running', 'Succeeded', 'Failed', 'Error']),
        message: z.string(),
        trigger: syncTriggerSchema,
        triggeredBy: z.string().optional(),
        revision: z.string(),
        revisions: z.array(z.string()).optional(),
        syncRunId: z.string(),
        startedAt: timestamp(),
        finishedAt: timestamp().optional(),
        retryable: z.boolean().optional(),
      })
      .optional()
      .describe('The last sync'),
    retry: z
      .object({ attempts: z.int(), nextAttemptAt: timestamp(), revision: z.string(), revisions: z.array(z.string()).optional() })
      .optional()
      .describe('Failed syncs retried under syncPolicy.retry'),
    reconciledAt: timestamp().optional(),
    deletion: z
      .object({ attempts: z.int(), nextAttemptAt: timestamp() })
      .optional()
      .describe('Deleting its resources failed (see the DeletionError condition): attempts so far and when the next is due'),
    trackedKinds: z.array(z.object({ apiVersion: z.string(), kind: z.string() })).optional(),
  }) satisfies z.ZodType<ApplicationStatusRecord>,
);

export const applicationSchema = responseComponent(
  'Application',
  applicationManifestSchema.extend({
    metadata: applicationManifestSchema.shape.metadata.extend({
      creationTimestamp: timestamp(),
      deletionTimestamp: timestamp().optional().describe('Set while it is being deleted: its cluster objects are deleted first (the resources finalizer), then the application'),
      ownerReferences: z.array(z.object({ apiVersion: z.string(), kind: z.literal('ApplicationSet'), name: z.string() })).optional(),
    }),
    status: applicationStatusSchema.extend({
      applicationSet: z.string().nullable().describe('The set that generated it (for an orphan: the set it came from); null for one created by hand'),
      orphaned: z.boolean(),
      origin: z.enum(['ApplicationSet', 'manual', 'Application']).describe('manual: created through POST /api/v1/applications, owned by no set; Application: adopted from an app of apps'),
      parentApplication: z.string().nullable().describe('The app of apps whose manifests hold this application (origin Application); null otherwise'),
      cluster: z.string().describe('The registered cluster it is deployed to'),
    }),
  }) satisfies z.ZodType<ApplicationView>,
);

export const applicationPageSchema = responseComponent('ApplicationPage', pageSchema(applicationSchema));

export const syncResultSchema = responseComponent(
  'SyncResult',
  z.object({
    dryRun: z.boolean(),
    phase: z.enum(['Succeeded', 'Failed', 'Running', 'Error']).describe('Running: a wave is not healthy yet; later waves follow on the next passes'),
    message: z.string(),
    revision: z.string().optional().describe('The commit that was synced'),
    resources: z.array(z.object({ ...kubeObjectKey, action: resourceActionSchema, message: z.string() })),
    status: applicationStatusSchema,
  }),
);

export const applicationDeletionSchema = responseComponent(
  'ApplicationDeletion',
  z.object({
    name: z.string(),
    cascade: z.boolean().describe('The resources finalizer was set: the cluster objects were deleted first (else they stay, untracked)'),
    resources: z.array(z.object({ ...kubeObjectKey, action: resourceActionSchema, message: z.string() })).describe('What the cascading deletion did to each object'),
  }),
);

export const applicationDiffSchema = responseComponent(
  'ApplicationDiff',
  z.object({
    revision: z.string().describe('The commit the desired state was rendered from: the one the hub would sync now'),
    revisions: z.array(z.string()).optional().describe('With spec.sources: the commit of every source, in their order'),
    cluster: z.string().describe('The cluster the live objects were read from'),
    summary: z.object({ added: z.int(), modified: z.int(), removed: z.int(), unchanged: z.int() }),
    resources: z.array(
      z.object({
        ...kubeObjectKey,
        state: z
          .enum(['added', 'modified', 'removed', 'unchanged'])
          .describe('added: rendered, not live; modified: live and different; removed: tracked live, no longer rendered (prune deletes it); unchanged: only with ?all=true'),
        diff: z.string().optional().describe('Unified diff of the normalised YAML, live (---) to desired (+++); values of Secrets masked as ++++++++'),
        message: z.string().optional().describe('Why it needs attention beyond its diff (cannot be applied as rendered, prune disabled)'),
      }),
    ),
  }),
);
