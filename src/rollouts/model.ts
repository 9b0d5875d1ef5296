import type { ApplicationStatusRecord } from '../domain/application';
import type { OnFailure, RolloutAction, RolloutState, StepSettings, StepState, TargetState } from '../domain/rollout';

/** A rollout as the pure state machine reads it. */
export interface RolloutRecord {
  id: string;
  state: RolloutState;
  reason: string | null;
  onFailure: OnFailure;
  createdAt: Date;
  finishedAt: Date | null;
}

export interface StepRecord {
  index: number;
  settings: StepSettings;
  state: StepState;
  message: string | null;
  startedAt: Date | null;
  healthySince: Date | null;
  completedAt: Date | null;
  approvedAt: Date | null;
}

export interface TargetRecord {
  id: string;
  application: string;
  cluster: string;
  step: number | null;
  revision: string;
  previousRevision: string | null;
  state: TargetState;
  syncRun: string | null;
  eligibleAt: Date | null;
  healthySince: Date | null;
  message: string | null;
  lastTransitionAt: Date;
}

/** What the driver reads of an application: its status as its shard owner last wrote it. */
export type AppObservation = Pick<ApplicationStatusRecord, 'sync' | 'health' | 'conditions' | 'operationState' | 'retry'>;

export type RolloutPatch = Partial<Pick<RolloutRecord, 'state' | 'reason' | 'finishedAt'>>;
export type StepPatch = Partial<Omit<StepRecord, 'index' | 'settings'>>;
export type TargetPatch = Partial<Omit<TargetRecord, 'id' | 'application' | 'cluster' | 'step' | 'revision' | 'previousRevision'>>;

export interface RolloutEvent {
  action: RolloutAction;
  details: Record<string, unknown>;
}

/**
 * What one driver pass changes: each change names the state it was computed from, so the writer applies it only
 * if nothing moved meanwhile (a control, the shard owner claiming a target).
 */
export interface RolloutActions {
  rollout?: { from: RolloutState; patch: RolloutPatch };
  steps: { index: number; from: StepState; patch: StepPatch }[];
  targets: { id: string; from: TargetState; patch: TargetPatch }[];
  events: RolloutEvent[];
}
