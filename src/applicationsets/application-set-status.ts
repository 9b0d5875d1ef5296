import type { Condition, RejectedApplication } from './engine';

export interface StatusCondition extends Omit<Condition, 'type'> {
  type: Condition['type'] | 'DeletionPending';
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

export function initialStatus(): ApplicationSetStatus {
  return {
    observedGeneration: 0,
    conditions: [],
    desired: 0,
    rejected: [],
    pendingDeletion: [],
    skipped: [],
  };
}

/**
 * Keeps a condition's lastTransitionTime when its status did not flip, so "since when" stays true across
 * expansions (Kubernetes condition conventions).
 */
export function stampConditions(next: Omit<StatusCondition, 'lastTransitionTime'>[], previous: StatusCondition[], now: string): StatusCondition[] {
  return next.map((condition) => {
    const before = previous.find((p) => p.type === condition.type);
    const lastTransitionTime = before && before.status === condition.status ? before.lastTransitionTime : now;
    return { ...condition, lastTransitionTime };
  });
}
