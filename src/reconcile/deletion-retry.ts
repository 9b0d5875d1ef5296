import type { ApplicationStatusRecord } from '../domain/application';
import { withCondition } from './application-status';
import { nextRetry } from './sync-decision';

/** Argo CD's condition for an Application whose resources could not be deleted. */
export const DELETION_ERROR_CONDITION = 'DeletionError';

// Retried for as long as it fails (Argo CD keeps the finalizer until it succeeds), with the sync retry's backoff:
// 5s doubling up to 3m.
const DELETION_RETRY = { limit: Number.POSITIVE_INFINITY };

/** Whether a pass should try an application's cascading deletion now: the first time, or once its backoff ran out. */
export function deletionDue(status: ApplicationStatusRecord, now: Date): boolean {
  return !status.deletion || Date.parse(status.deletion.nextAttemptAt) <= now.getTime();
}

/** The status after a failed attempt: the error as a condition, one more attempt, the next one later. */
export function deletionFailedStatus(status: ApplicationStatusRecord, message: string, now: Date): ApplicationStatusRecord {
  const attempts = (status.deletion?.attempts ?? 0) + 1;
  const next = nextRetry(DELETION_RETRY, attempts - 1, now)!;
  return {
    ...withCondition(status, { type: DELETION_ERROR_CONDITION, message: `deleting the resources failed: ${message}`, lastTransitionTime: now.toISOString() }),
    deletion: { attempts, nextAttemptAt: next.toISOString() },
  };
}

