import { z } from 'zod';
import { nameFilter, pageSchema, responseComponent, timestamp } from '../common/http/openapi';
import { pageQuery } from '../common/http/pagination';
import { ROLLOUT_STATES, STEP_STATES, TARGET_STATES } from '../domain/rollout';
import type { RolloutSummaryView, RolloutView } from './rollout.view';

export const listRolloutsQuerySchema = z.strictObject({
  applicationSet: nameFilter.optional().describe('Only the rollouts of this ApplicationSet'),
  state: z.enum(ROLLOUT_STATES).optional(),
  ...pageQuery(500, 50),
});

const rolloutAction = z.enum(['Created', 'Superseded', 'StepStarted', 'StepCompleted', 'ApplicationFailed', 'Halted', 'RolledBack', 'Completed', 'Paused', 'Resumed', 'Aborted', 'Approved']);

const summaryFields = {
  id: z.uuid(),
  applicationSet: z.string(),
  state: z.enum(ROLLOUT_STATES),
  reason: z.string().nullable().describe('Why it halted, is blocked or waits (a sync window and when it opens, an approval), or who paused or aborted it'),
  revision: z.string().nullable().describe('The commit every application rolls to, when they share one'),
  onFailure: z.enum(['halt', 'rollback']),
  createdAt: timestamp(),
  updatedAt: timestamp(),
  finishedAt: timestamp().nullable(),
  supersededBy: z.uuid().nullable().describe('The rollout of the newer change that replaced this one'),
  counts: z.object(Object.fromEntries(TARGET_STATES.map((state) => [state, z.int()])) as Record<(typeof TARGET_STATES)[number], z.ZodInt>).describe('Applications in each state'),
};

const rolloutSummarySchema = z.object(summaryFields) satisfies z.ZodType<RolloutSummaryView>;

const stepSchema = z.object({
  step: z.int().describe('1-based'),
  state: z.enum(STEP_STATES),
  message: z.string().nullable().describe('Why it waits (approval, a sync window and when it opens), its bake clock, or how it failed'),
  matchExpressions: z.array(z.object({ key: z.string(), operator: z.enum(['In', 'NotIn']), values: z.array(z.string()) })),
  maxUpdate: z.union([z.int(), z.string()]).optional(),
  bake: z.string(),
  progressDeadline: z.string(),
  maxFailures: z.int(),
  approval: z.boolean(),
  applications: z.int(),
  startedAt: timestamp().nullable(),
  healthySince: timestamp().nullable().describe('Since when every application of the step has been Healthy (the bake clock)'),
  bakeEndsAt: timestamp().nullable(),
  completedAt: timestamp().nullable(),
  approvedBy: z.string().nullable(),
  approvedAt: timestamp().nullable(),
});

const targetSchema = z.object({
  application: z.string(),
  cluster: z.string(),
  step: z.int().nullable().describe('1-based; null when the application matches no step (it waits for a manual sync)'),
  state: z.enum(TARGET_STATES),
  revision: z.string().describe('The frozen commit'),
  digest: z.string().describe('The frozen digest of the rendered manifests and the generated Application'),
  previousRevision: z.string().nullable().describe('The revision it was last Healthy at before this rollout (a rollback goes back to it)'),
  message: z.string().nullable(),
  syncRun: z.uuid().nullable().describe('The latest sync run made for it'),
  deadlineAt: timestamp().nullable().describe('When it fails unless Healthy by then (the progress deadline clock)'),
  healthySince: timestamp().nullable(),
  lastTransitionTime: timestamp(),
});

export const rolloutSchema = responseComponent(
  'Rollout',
  z.object({
    ...summaryFields,
    steps: z.array(stepSchema),
    applications: z.array(targetSchema),
    events: z.array(z.object({ action: rolloutAction, actor: z.string().describe('The API token name, or hub'), at: timestamp(), details: z.record(z.string(), z.unknown()) })),
  }) satisfies z.ZodType<RolloutView>,
);

export const rolloutPageSchema = responseComponent('RolloutPage', pageSchema(rolloutSummarySchema));
