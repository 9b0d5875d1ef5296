import type { ApplicationSetStatus, StatusCondition } from '../domain/application-set';

export type { ApplicationSetStatus, PendingDeletionView, StatusCondition } from '../domain/application-set';

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
