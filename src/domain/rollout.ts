/**
 * Fleet rollouts (docs/rollouts.md): the states a rollout, its steps and its applications (targets) go through.
 * Shared by the rollout engine, the reconcile worker that syncs the targets, and the data layer.
 */

export const ROLLOUT_STATES = ['Progressing', 'Paused', 'WaitingForApproval', 'Halted', 'Aborted', 'Completed', 'Superseded'] as const;
export type RolloutState = (typeof ROLLOUT_STATES)[number];

/** Rollouts a newer change replaces (marked Superseded); Completed and Aborted ones stay as they ended. */
export const SUPERSEDABLE_STATES: readonly RolloutState[] = ['Progressing', 'Paused', 'WaitingForApproval', 'Halted'];

/** Waiting: an earlier step is not done; Blocked: a sync window holds its start. */
export const STEP_STATES = ['Waiting', 'Blocked', 'WaitingForApproval', 'Progressing', 'Completed', 'Failed'] as const;
export type StepState = (typeof STEP_STATES)[number];

/** Argo CD's per-application statuses (Waiting, Pending, Progressing, Healthy) plus the two Flotilla adds. */
export const TARGET_STATES = ['Waiting', 'Pending', 'Progressing', 'Healthy', 'Failed', 'RolledBack'] as const;
export type TargetState = (typeof TARGET_STATES)[number];

export type OnFailure = 'halt' | 'rollback';

export interface MatchExpression {
  key: string;
  operator: 'In' | 'NotIn';
  values: string[];
}

/** One step of `rollingSync.steps`, as a rollout freezes it (durations as written and in milliseconds). */
export interface StepSettings {
  matchExpressions: MatchExpression[];
  /** An integer or a percentage (`50%`); absent: the whole step at once. */
  maxUpdate?: number | string;
  bake: string;
  bakeMs: number;
  progressDeadline: string;
  progressDeadlineMs: number;
  maxFailures: number;
  approval: boolean;
}

/** The actions recorded in `rollout_events`. */
export type RolloutAction =
  | 'Created'
  | 'Superseded'
  | 'StepStarted'
  | 'StepCompleted'
  | 'ApplicationFailed'
  | 'Halted'
  | 'RolledBack'
  | 'Completed'
  | 'Paused'
  | 'Resumed'
  | 'Aborted'
  | 'Approved';

/** Who recorded an event that no API caller asked for. */
export const HUB_ACTOR = 'hub';
