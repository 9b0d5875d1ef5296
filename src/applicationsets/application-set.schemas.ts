import { z } from 'zod';
import { pageSchema, requestComponent, responseComponent, timestamp } from '../common/http/openapi';
import { pageQuery } from '../common/http/pagination';
import type { DeletionResult } from './application-sets.service';
import { applicationSetSchema, createDefaultRegistry } from './engine';
import { rolloutStrategySchema } from '../rollouts/strategy';
import { TARGET_STATES } from '../domain/rollout';
import type { Application } from '../domain/application';

export const listApplicationSetsQuerySchema = z.strictObject(pageQuery(1000, 100));

export const deleteApplicationSetQuerySchema = z.strictObject({
  cascade: z.enum(['true', 'false']).optional().describe('true: delete the generated applications too (default: orphan them)'),
  dryRun: z.enum(['true', 'false']).optional().describe('true: only show what would be deleted or orphaned'),
});

/**
 * An Argo CD ApplicationSet as posted: the fields Flotilla reads are typed, every other one (goTemplateOptions,
 * ...) is kept as given. Each generator entry names one of the supported generators; `strategy` is Argo CD's
 * Progressive Syncs with Flotilla's documented step extensions (docs/rollouts.md).
 */
export const applicationSetManifestBody = requestComponent(
  'ApplicationSetManifest',
  applicationSetSchema.extend({
    spec: applicationSetSchema.shape.spec.extend({
      generators: z.array(createDefaultRegistry().entrySchema()).min(1),
      strategy: rolloutStrategySchema.optional().describe('RollingSync: the applications roll out in steps (a 422 InvalidRolloutConfig names each invalid field)'),
    }),
  }),
);

const stringMap = z.record(z.string(), z.string());

/**
 * An Argo CD Application as an ApplicationSet generates it (and as a user writes one: the applications routes use it
 * too, which is why it lives here: the applications folder depends on this one, never the reverse).
 */
export const applicationManifestSchema = responseComponent(
  'ApplicationManifest',
  z.looseObject({
    apiVersion: z.literal('argoproj.io/v1alpha1'),
    kind: z.literal('Application'),
    metadata: z.looseObject({
      name: z.string(),
      namespace: z.string().optional(),
      labels: stringMap.optional(),
      annotations: stringMap.optional(),
      finalizers: z.array(z.string()).optional(),
    }),
    spec: z.looseObject({
      project: z.string(),
      source: z.looseObject({ repoURL: z.string() }).optional(),
      sources: z.array(z.looseObject({ repoURL: z.string() })).optional(),
      destination: z.looseObject({ server: z.string().optional(), name: z.string().optional(), namespace: z.string().optional() }),
      syncPolicy: z.record(z.string(), z.unknown()).optional(),
    }),
  }) satisfies z.ZodType<Application>,
);

const rejected = z.object({ name: z.string(), reason: z.string() });
const conditionFields = { status: z.enum(['True', 'False']), reason: z.string(), message: z.string() };

const applicationSetStatusSchema = z.object({
  observedGeneration: z.int(),
  conditions: z.array(z.object({ type: z.enum(['ErrorOccurred', 'ParametersGenerated', 'DeletionPending', 'RolloutProgressing']), ...conditionFields, lastTransitionTime: timestamp() })),
  desired: z.int().describe('Applications the last successful expansion generated and accepted'),
  rejected: z.array(rejected).describe('Generated applications refused one by one (invalid, not permitted, or a name another set holds)'),
  pendingDeletion: z.array(z.object({ name: z.string(), cascade: z.boolean() })).describe('Deletions beyond the budget, waiting for approve-deletions'),
  skipped: z.array(rejected).describe('Changes the sync policy forbids'),
  applicationStatus: z
    .array(
      z.object({
        application: z.string(),
        status: z.enum(TARGET_STATES).describe("Argo CD's Waiting, Pending, Progressing, Healthy; Flotilla adds Failed and RolledBack"),
        step: z.string().describe('1-based; "0" when the application matches no step'),
        targetRevisions: z.array(z.string()),
        message: z.string(),
        lastTransitionTime: timestamp(),
      }),
    )
    .optional()
    .describe("A RollingSync set's applications in its latest rollout (see GET /api/v1/rollouts)"),
});

export const applicationSetViewSchema = responseComponent(
  'ApplicationSet',
  applicationSetManifestBody.extend({ status: applicationSetStatusSchema }),
);

export const applicationSetPageSchema = responseComponent('ApplicationSetPage', pageSchema(applicationSetViewSchema));

const PREVIEW_ACTIONS = ['create', 'update', 'unchanged', 'delete', 'pendingDeletion', 'skipped'] as const;

export const previewSchema = responseComponent(
  'ApplicationSetPreview',
  z.object({
    exists: z.boolean().describe('Whether a set of this name exists, i.e. whether the actions compare against real applications'),
    applications: z.array(
      z.object({
        name: z.string(),
        action: z.enum(PREVIEW_ACTIONS),
        application: applicationManifestSchema.optional().describe('The generated application (absent for a deletion no longer generated)'),
        changes: z
          .array(z.object({ path: z.string(), from: z.unknown().optional().describe('Absent for an added field'), to: z.unknown().optional().describe('Absent for a removed field') }))
          .optional()
          .describe('Field-level differences, for update'),
        reason: z.string().optional().describe('Why a change is skipped (policy) or waits (deletion budget)'),
      }),
    ),
    rejected: z.array(rejected),
    conditions: z.array(z.object({ type: z.enum(['ErrorOccurred', 'ParametersGenerated']), ...conditionFields })),
    summary: z.object(Object.fromEntries(PREVIEW_ACTIONS.map((action) => [action, z.int()])) as Record<(typeof PREVIEW_ACTIONS)[number], z.ZodInt>),
  }),
);

export const deletionResultSchema = responseComponent(
  'ApplicationSetDeletion',
  z.object({
    applicationSet: z.string(),
    dryRun: z.boolean(),
    deleted: z.array(z.string()).describe('Applications deleted with the set (cascade), or that would be'),
    orphaned: z.array(z.string()).describe('Applications left in place and marked orphaned (the default), or that would be'),
  }) satisfies z.ZodType<DeletionResult>,
);
