/** An ApplicationSet's status as Argo CD reports it, plus what Flotilla's guards add (rejections, pending deletions). */

/** A status condition as Argo CD reports it on an ApplicationSet; the caller stamps lastTransitionTime. */
export interface Condition {
  type: 'ErrorOccurred' | 'ParametersGenerated';
  status: 'True' | 'False';
  reason: string;
  message: string;
}

export interface RejectedApplication {
  name: string;
  reason: string;
}

export interface StatusCondition extends Omit<Condition, 'type'> {
  type: Condition['type'] | 'DeletionPending' | 'RolloutProgressing';
  lastTransitionTime: string;
}

/** Argo CD's `status.applicationStatus[]` entry of a RollingSync set, read from its latest rollout. */
export interface ApplicationSetApplicationStatus {
  application: string;
  /** Argo CD's Waiting, Pending, Progressing, Healthy, and Flotilla's Failed and RolledBack. */
  status: 'Waiting' | 'Pending' | 'Progressing' | 'Healthy' | 'Failed' | 'RolledBack';
  /** 1-based, as a string; "0" when the application matches no step. */
  step: string;
  targetRevisions: string[];
  message: string;
  lastTransitionTime: string;
}

export interface PendingDeletionView {
  name: string;
  cascade: boolean;
}

/** What an ApplicationSet's last expansion did, returned by the API and kept on the row. */
export interface ApplicationSetStatus {
  observedGeneration: number;
  conditions: StatusCondition[];
  /** Applications the last successful expansion generated and accepted. */
  desired: number;
  /** Generated applications refused one by one (invalid, not permitted, or a name another set holds). */
  rejected: RejectedApplication[];
  /** Deletions beyond the budget, waiting for approve-deletions. */
  pendingDeletion: PendingDeletionView[];
  /** Changes the sync policy forbids (create-only, create-update, create-delete). */
  skipped: { name: string; reason: string }[];
}
