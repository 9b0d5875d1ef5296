import type { ApplicationStatusRecord } from '../domain/application';
import type { LatestTarget } from '../repositories/rollout-target.repository';
import type { RetryPolicy, SyncTriggerKind } from './sync-decision';

/** What the fleet rollout of its set asks of one application's reconcile (docs/rollouts.md, "the shard owners"). */
export type RolloutDirective =
  /** Not in a RollingSync set: its own sync policy applies. */
  | { managed: false }
  | {
      managed: true;
      /** The commit to compare with and sync to; absent until a rollout froze one (then the target revision). */
      revision?: string;
      target?: LatestTarget;
      /** Sync now with trigger `rollout`; `claim`: take the Pending target first (a conditional update). */
      sync?: { claim: boolean };
      /** Retries (`syncPolicy.retry`) and self-heal may run, at `revision` only. */
      maintain: boolean;
    };

/**
 * An application of a RollingSync set is never synced by its own automated policy, its first deployment
 * included: only its rollout target starts a sync. A Pending target is synced once claimed; a Progressing or
 * RolledBack one whose sync never completed (the replica died, the status write was fenced off) is synced again.
 * An application whose manifest changed since its rollout froze it gets no sync at all: the change waits for the
 * rollout the planner makes of it, so a template change never reaches the fleet out of order (self-heal included).
 */
export function rolloutDirective(
  inRollingSet: boolean,
  target: LatestTarget | undefined,
  application: { fingerprint: string; lastOperation: ApplicationStatusRecord['operationState'] },
): RolloutDirective {
  if (!inRollingSet) return { managed: false };
  if (!target) return { managed: true, maintain: false };
  if (target.fingerprint !== application.fingerprint) return { managed: true, revision: target.revision, target, maintain: false };
  const lastOperation = application.lastOperation;
  const completed = target.syncRun !== null && lastOperation?.syncRunId === target.syncRun;
  const running = target.rolloutState === 'Progressing' || target.rolloutState === 'Paused';
  switch (target.state) {
    case 'Waiting':
      return { managed: true, revision: target.revision, target, maintain: false };
    case 'Pending':
      return { managed: true, revision: target.revision, target, ...(target.rolloutState === 'Progressing' ? { sync: { claim: true } } : {}), maintain: false };
    case 'Progressing':
      if (!completed && running) return { managed: true, revision: target.revision, target, sync: { claim: false }, maintain: false };
      return { managed: true, revision: target.revision, target, maintain: true };
    case 'RolledBack':
      // The rollback sticks until the next rollout: the previous revision is the one kept applied.
      return { managed: true, revision: target.previousRevision ?? target.revision, target, ...(completed ? { maintain: true } : { sync: { claim: false }, maintain: false }) };
    default:
      return { managed: true, revision: target.revision, target, maintain: true };
  }
}

/** The sync a rollout-managed application gets now, if any: the rollout's own, or a retry or self-heal at its revision. */
export function decideRolloutSync(
  directive: Extract<RolloutDirective, { managed: true }>,
  input: { outOfSync: boolean; status: ApplicationStatusRecord; retry?: RetryPolicy; selfHeal: boolean; now: Date },
): SyncTriggerKind | undefined {
  if (directive.sync) return 'rollout';
  if (!directive.maintain || !directive.revision) return undefined;
  const last = input.status.operationState;
  if (!last || last.revision !== directive.revision) return undefined;
  if (last.phase === 'Failed' || last.phase === 'Error') {
    const retry = input.status.retry;
    const due = retry && retry.revision === directive.revision && retry.attempts <= (input.retry?.limit ?? 0) && Date.parse(retry.nextAttemptAt) <= input.now.getTime();
    return due ? 'retry' : undefined;
  }
  return input.outOfSync && input.selfHeal ? 'self-heal' : undefined;
}
