import { z } from 'zod';
import { parseGoDuration } from '../common/go-duration';
import type { FieldIssue } from '../domain/field-issue';
import { formatIssuePath } from '../projects/rules';
import type { MatchExpression, OnFailure, StepSettings } from '../domain/rollout';

/*
 * An ApplicationSet's `spec.strategy`: Argo CD's Progressive Syncs schema, accepted unchanged, plus the documented
 * Flotilla extensions on a step (`bake`, `progressDeadline`, `maxFailures`, `approval`) and `rollingSync.onFailure`.
 * Unknown fields are kept (an Argo CD manifest of a newer release stays valid).
 */

export const DEFAULT_PROGRESS_DEADLINE = '10m';

const PERCENT = /^(\d{1,3})%$/;

const goDuration = z.string().refine((text) => (parseGoDuration(text) ?? -1) >= 0, { message: 'must be a non-negative Go duration such as 30s, 5m or 1h30m' });

const maxUpdate = z.union([z.int().min(0), z.string().regex(PERCENT, 'must be a percentage such as 50%').refine((text) => Number(PERCENT.exec(text)?.[1] ?? 0) <= 100, 'must be at most 100%')], {
  error: 'must be a non-negative integer or a percentage such as 50%',
});

const matchExpression = z.looseObject({
  key: z.string().min(1),
  // Argo CD flags any other operator (Exists, DoesNotExist, Gt, ...) as an InvalidRolloutConfig.
  operator: z.enum(['In', 'NotIn'], { error: 'only In and NotIn are supported' }),
  values: z.array(z.string()).optional(),
});

const step = z.looseObject({
  matchExpressions: z.array(matchExpression).optional(),
  maxUpdate: maxUpdate.optional(),
  bake: goDuration.optional().describe('Flotilla: every application of the step stays Healthy this long before the step is done'),
  progressDeadline: goDuration.optional().describe(`Flotilla: an application not Healthy this long after it became Pending fails the step (default ${DEFAULT_PROGRESS_DEADLINE})`),
  maxFailures: z.int().min(0).optional().describe('Flotilla: failed applications the step tolerates before the rollout halts (default 0)'),
  approval: z.boolean().optional().describe('Flotilla: the step waits for POST /api/v1/rollouts/{id}/approve before it starts'),
});

/** `spec.strategy` of an ApplicationSet; validation and the OpenAPI document share it. */
export const rolloutStrategySchema = z.looseObject({
    type: z.enum(['AllAtOnce', 'RollingSync']).optional().describe('AllAtOnce (default): each application follows its own sync policy'),
    deletionOrder: z.enum(['AllAtOnce', 'Reverse']).optional(),
    rollingSync: z
      .looseObject({
        steps: z.array(step).optional(),
        onFailure: z.enum(['halt', 'rollback']).optional().describe('Flotilla: halt (default), or also put the updated applications back on their last Healthy revision'),
      })
      .optional(),
  });

/** Every problem of a `spec.strategy`, with its field path under `path`; empty when it is valid or absent. */
export function strategyIssues(strategy: unknown, path: string): FieldIssue[] {
  if (strategy === undefined) return [];
  const parsed = rolloutStrategySchema.safeParse(strategy);
  if (parsed.success) return [];
  return parsed.error.issues.map((issue) => ({ path: formatIssuePath([path, ...issue.path]), message: issue.message }));
}

/** What a rollout freezes of a RollingSync set's strategy; undefined for any other (or an invalid) strategy. */
export interface RollingSyncPlan {
  steps: StepSettings[];
  onFailure: OnFailure;
}

export function rollingSyncOf(manifest: Record<string, unknown>): RollingSyncPlan | undefined {
  const parsed = rolloutStrategySchema.safeParse((manifest.spec as { strategy?: unknown } | undefined)?.strategy);
  if (!parsed.success || parsed.data?.type !== 'RollingSync') return undefined;
  // Without steps (valid in Argo CD) no application matches one: each waits for a manual sync.
  const rolling = parsed.data.rollingSync ?? {};
  return {
    onFailure: rolling.onFailure ?? 'halt',
    steps: (rolling.steps ?? []).map((given) => {
      const bake = given.bake ?? '0s';
      const progressDeadline = given.progressDeadline ?? DEFAULT_PROGRESS_DEADLINE;
      return {
        matchExpressions: (given.matchExpressions ?? []).map((e) => ({ key: e.key, operator: e.operator, values: e.values ?? [] })),
        ...(given.maxUpdate !== undefined ? { maxUpdate: given.maxUpdate } : {}),
        bake,
        bakeMs: parseGoDuration(bake)!,
        progressDeadline,
        progressDeadlineMs: parseGoDuration(progressDeadline)!,
        maxFailures: given.maxFailures ?? 0,
        approval: given.approval ?? false,
      };
    }),
  };
}

/** Argo CD's matching: every expression must hold; a missing label fails `In` and passes `NotIn`. */
export function matchesStep(labels: Record<string, string>, expressions: readonly MatchExpression[]): boolean {
  return expressions.every((expression) => {
    const value = labels[expression.key];
    const listed = value !== undefined && expression.values.includes(value);
    return expression.operator === 'In' ? listed : !listed;
  });
}

/** The 0-based steps an application's labels match, in order; the first one is the step it belongs to. */
export function matchingSteps(labels: Record<string, string>, steps: readonly Pick<StepSettings, 'matchExpressions'>[]): number[] {
  return steps.flatMap((settings, index) => (matchesStep(labels, settings.matchExpressions) ? [index] : []));
}

/**
 * How many applications of a step may be Pending or Progressing at once (Argo CD's maxUpdate): unset is the whole
 * step, an integer is itself, a percentage of the step's size rounds down but never below 1, and 0 (or 0%) is 0.
 */
export function maxUpdateBudget(maxUpdateSetting: number | string | undefined, stepSize: number): number {
  if (maxUpdateSetting === undefined) return stepSize;
  if (typeof maxUpdateSetting === 'number') return maxUpdateSetting;
  const percent = Number(PERCENT.exec(maxUpdateSetting)?.[1] ?? 0);
  if (percent === 0) return 0;
  return Math.max(1, Math.floor((stepSize * percent) / 100));
}
