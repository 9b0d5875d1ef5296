import type { RolloutEventEntity } from '../database/entities/rollout-event.entity';
import type { RolloutStepEntity } from '../database/entities/rollout-step.entity';
import type { RolloutTargetEntity } from '../database/entities/rollout-target.entity';
import type { RolloutEntity } from '../database/entities/rollout.entity';
import { type MatchExpression, type OnFailure, type RolloutAction, type RolloutState, type StepState, TARGET_STATES, type TargetState } from '../domain/rollout';

export type TargetCounts = Record<TargetState, number>;

export interface RolloutSummaryView {
  id: string;
  applicationSet: string;
  state: RolloutState;
  /** Why it halted, is blocked or waits, or who paused or aborted it. */
  reason: string | null;
  revision: string | null;
  onFailure: OnFailure;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
  supersededBy: string | null;
  counts: TargetCounts;
}

export interface RolloutStepView {
  step: number;
  state: StepState;
  message: string | null;
  matchExpressions: MatchExpression[];
  maxUpdate?: number | string;
  bake: string;
  progressDeadline: string;
  maxFailures: number;
  approval: boolean;
  applications: number;
  startedAt: string | null;
  healthySince: string | null;
  bakeEndsAt: string | null;
  completedAt: string | null;
  approvedBy: string | null;
  approvedAt: string | null;
}

export interface RolloutTargetView {
  application: string;
  cluster: string;
  /** 1-based; null when the application matches no step. */
  step: number | null;
  state: TargetState;
  revision: string;
  digest: string;
  previousRevision: string | null;
  message: string | null;
  syncRun: string | null;
  /** When it fails unless Healthy by then (Pending and Progressing only). */
  deadlineAt: string | null;
  healthySince: string | null;
  lastTransitionTime: string;
}

export interface RolloutEventView {
  action: RolloutAction;
  actor: string;
  at: string;
  details: Record<string, unknown>;
}

export interface RolloutView extends RolloutSummaryView {
  steps: RolloutStepView[];
  applications: RolloutTargetView[];
  events: RolloutEventView[];
}

const iso = (date: Date | null): string | null => date?.toISOString() ?? null;

export function emptyCounts(): TargetCounts {
  return Object.fromEntries(TARGET_STATES.map((state) => [state, 0])) as TargetCounts;
}

export function toSummary(rollout: RolloutEntity, counts: TargetCounts): RolloutSummaryView {
  return {
    id: rollout.id,
    applicationSet: rollout.applicationSet,
    state: rollout.state,
    reason: rollout.reason,
    revision: rollout.revision,
    onFailure: rollout.onFailure,
    createdAt: rollout.createdAt.toISOString(),
    updatedAt: rollout.updatedAt.toISOString(),
    finishedAt: iso(rollout.finishedAt),
    supersededBy: rollout.supersededBy,
    counts,
  };
}

export function toRolloutView(rollout: RolloutEntity, steps: RolloutStepEntity[], targets: RolloutTargetEntity[], events: RolloutEventEntity[]): RolloutView {
  const counts = emptyCounts();
  for (const target of targets) counts[target.state]++;
  return {
    ...toSummary(rollout, counts),
    steps: steps.map((step) => stepView(step, targets.filter((target) => target.step === step.index).length)),
    applications: targets.map((target) => targetView(target, target.step === null ? undefined : steps[target.step])),
    events: events.map((event) => ({ action: event.action, actor: event.actor, at: event.at.toISOString(), details: event.details })),
  };
}

function stepView(step: RolloutStepEntity, applications: number): RolloutStepView {
  const { settings } = step;
  return {
    step: step.index + 1,
    state: step.state,
    message: step.message,
    matchExpressions: settings.matchExpressions,
    ...(settings.maxUpdate !== undefined ? { maxUpdate: settings.maxUpdate } : {}),
    bake: settings.bake,
    progressDeadline: settings.progressDeadline,
    maxFailures: settings.maxFailures,
    approval: settings.approval,
    applications,
    startedAt: iso(step.startedAt),
    healthySince: iso(step.healthySince),
    bakeEndsAt: step.healthySince ? new Date(step.healthySince.getTime() + settings.bakeMs).toISOString() : null,
    completedAt: iso(step.completedAt),
    approvedBy: step.approvedBy,
    approvedAt: iso(step.approvedAt),
  };
}

function targetView(target: RolloutTargetEntity, step: RolloutStepEntity | undefined): RolloutTargetView {
  const underway = target.state === 'Pending' || target.state === 'Progressing';
  return {
    application: target.application,
    cluster: target.cluster,
    step: target.step === null ? null : target.step + 1,
    state: target.state,
    revision: target.revision,
    digest: target.digest,
    previousRevision: target.previousRevision,
    message: target.message,
    syncRun: target.syncRun,
    deadlineAt: underway && step && target.eligibleAt ? new Date(target.eligibleAt.getTime() + step.settings.progressDeadlineMs).toISOString() : null,
    healthySince: iso(target.healthySince),
    lastTransitionTime: target.lastTransitionAt.toISOString(),
  };
}
