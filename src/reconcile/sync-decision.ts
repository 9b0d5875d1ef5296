import { parseGoDuration } from '../common/go-duration';
import { type ApplicationStatusRecord, type OperationState, revisionKey } from '../domain/application';
import { blockedMessage, type SyncWindowDecision } from '../projects/rules';
import { withCondition, withoutCondition } from './application-status';

export interface AutomatedPolicy {
  prune?: boolean;
  selfHeal?: boolean;
}

export interface RetryPolicy {
  limit?: number;
  backoff?: { duration?: string; factor?: number; maxDuration?: string };
}

export type SyncTriggerKind = OperationState['trigger'];

/**
 * Argo CD's automated-sync rules: a new revision that is out of sync is synced; drift at an already synced
 * revision is synced only with selfHeal; a failed revision is not retried except under syncPolicy.retry.
 */
export function decideAutomatedSync(input: {
  automated?: AutomatedPolicy;
  outOfSync: boolean;
  /** The `revisionKey` of the commits just rendered. */
  revision: string;
  status: ApplicationStatusRecord;
  retry?: RetryPolicy;
  now: Date;
}): SyncTriggerKind | undefined {
  const { automated, outOfSync, revision, status } = input;
  if (!automated || !outOfSync) return undefined;
  const last = status.operationState;
  if (!last || revisionKey(last) !== revision) return 'automated';
  if (last.phase === 'Failed' || last.phase === 'Error') {
    const retry = status.retry;
    const limit = input.retry?.limit ?? 0;
    if (retry && revisionKey(retry) === revision && retry.attempts <= limit && Date.parse(retry.nextAttemptAt) <= input.now.getTime()) return 'retry';
    return undefined;
  }
  return automated.selfHeal ? 'self-heal' : undefined;
}

/** The condition of an application whose automated sync a sync window holds back; gone once none does. */
export const SYNC_WINDOW_CONDITION = 'SyncWindowBlocked';

export function withSyncWindowCondition(status: ApplicationStatusRecord, decision: SyncWindowDecision | undefined, now: string): ApplicationStatusRecord {
  if (!decision || decision.allowed) return withoutCondition(status, SYNC_WINDOW_CONDITION);
  return withCondition(status, { type: SYNC_WINDOW_CONDITION, message: `Automated sync ${blockedMessage(decision)}`, lastTransitionTime: now });
}

/** When the next retry of a failed sync is due (duration × factor^attempt, capped), or undefined when none is left. */
export function nextRetry(policy: RetryPolicy | undefined, attemptsSoFar: number, now: Date): Date | undefined {
  const limit = policy?.limit ?? 0;
  if (attemptsSoFar >= limit) return undefined;
  const base = parseDuration(policy?.backoff?.duration ?? '5s');
  const factor = policy?.backoff?.factor ?? 2;
  const cap = parseDuration(policy?.backoff?.maxDuration ?? '3m');
  return new Date(now.getTime() + Math.min(cap, base * factor ** attemptsSoFar));
}

/** Argo CD's retry durations: a Go duration (`5s`, `2m`, `1h30m`) or a bare number of seconds. */
export function parseDuration(text: string): number {
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const ms = parseGoDuration(text);
  if (ms === undefined || ms <= 0) throw new Error(`invalid duration "${text}"`);
  return ms;
}
