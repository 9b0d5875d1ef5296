import type { AppObservation, TargetRecord } from './model';

export type Judgement =
  | { verdict: 'Healthy' }
  | { verdict: 'Failed'; message: string }
  /** Not there yet; `message` says what it waits for. */
  | { verdict: 'NotYet'; message: string };

/**
 * Where one application stands against the revision its rollout froze. Only a sync of that revision made during
 * this rollout counts: a Synced and Healthy status left from the previous revision never does (Argo CD #29410).
 * Healthy needs the frozen revision applied, the app Synced at it and Healthy; Degraded after that sync, or a
 * failed sync with no retry left under its `syncPolicy.retry`, is a failure. Messages name the cluster.
 */
export function judgeTarget(target: Pick<TargetRecord, 'application' | 'cluster' | 'revision'>, app: AppObservation | undefined, rolloutCreatedAt: Date): Judgement {
  const where = `${target.application} on cluster ${target.cluster}`;
  if (!app) return { verdict: 'Failed', message: `${where}: the application no longer exists` };
  const operation = app.operationState;
  const ours = operation !== undefined && operation.revision === target.revision && Date.parse(operation.startedAt) >= rolloutCreatedAt.getTime();
  if (!ours) return { verdict: 'NotYet', message: `${where}: waiting for a sync of ${shortSha(target.revision)}${unreachable(app)}` };
  if (operation.phase === 'Failed' || operation.phase === 'Error') {
    const retry = app.retry?.revision === target.revision ? app.retry : undefined;
    if (retry) return { verdict: 'NotYet', message: `${where}: sync ${operation.phase.toLowerCase()} (${operation.message}); retry ${retry.attempts + 1} at ${retry.nextAttemptAt}` };
    return { verdict: 'Failed', message: `${where}: sync ${operation.phase === 'Error' ? 'errored' : 'failed'} and no retry is left: ${operation.message}` };
  }
  if (operation.phase === 'Running') return { verdict: 'NotYet', message: `${where}: syncing ${shortSha(target.revision)}` };
  if (app.health.status === 'Degraded') return { verdict: 'Failed', message: `${where}: Degraded${app.health.message ? `: ${app.health.message}` : ''}` };
  if (app.sync.status === 'Synced' && app.sync.revision === target.revision && app.health.status === 'Healthy') return { verdict: 'Healthy' };
  const unknown = unreachable(app);
  if (unknown) return { verdict: 'NotYet', message: `${where}${unknown}` };
  return { verdict: 'NotYet', message: `${where}: ${app.sync.status} and ${app.health.status}${app.health.message ? ` (${app.health.message})` : ''}` };
}

/** An offline cluster is named, never passed over in silence (user need #24). */
function unreachable(app: AppObservation): string {
  if (app.health.status !== 'Unknown') return '';
  const error = app.conditions.find((condition) => condition.type === 'ComparisonError');
  return error ? `: health Unknown, the cluster cannot be read (${error.message})` : ': health Unknown, not reconciled yet';
}

export function shortSha(sha: string): string {
  return sha.slice(0, 12);
}
