import type { RolloutAction } from '../domain/rollout';
import type { ApplicationStatusRecord } from '../domain/application';
import type { EventType } from './notification-events';

/** Which per-application mark a status write may move, and the event it fires when it does. */
export type ApplicationMarkChange =
  /** Synced and Healthy after a successful sync of this revision: `app.deployed` unless this revision was announced already. */
  | { mark: 'deployed'; revision: string }
  /** `health.degraded` unless the application was announced degraded already. */
  | { mark: 'degraded' }
  /** `health.recovered` if the application was announced degraded. */
  | { mark: 'recovered' };

/**
 * What a status write may announce. A pod restart (Healthy → Progressing → Healthy on the same revision) moves no
 * mark, so it announces nothing (Argo CD #19847); Unknown (an unreachable cluster) neither degrades nor recovers.
 */
export function markChangesOf(status: ApplicationStatusRecord): ApplicationMarkChange[] {
  const health = status.health.status;
  if (health === 'Degraded') return [{ mark: 'degraded' }];
  if (health !== 'Healthy') return [];
  const changes: ApplicationMarkChange[] = [{ mark: 'recovered' }];
  const operation = status.operationState;
  const revision = status.sync.revision;
  // Argo CD's on-deployed: the last sync succeeded and the app is Healthy; here also Synced, on the revision that sync applied.
  if (status.sync.status === 'Synced' && revision && operation?.phase === 'Succeeded' && operation.revision === revision) changes.push({ mark: 'deployed', revision });
  return changes;
}

export const MARK_EVENT: Record<ApplicationMarkChange['mark'], EventType> = { deployed: 'app.deployed', degraded: 'health.degraded', recovered: 'health.recovered' };

/** A sync run's end as an event: Interrupted runs (their replica died) say nothing about the application. */
export function syncEventOf(phase: string): EventType | undefined {
  if (phase === 'Succeeded') return 'sync.succeeded';
  if (phase === 'Failed' || phase === 'Error') return 'sync.failed';
  return undefined;
}

/**
 * The fleet-level rollout events. Per-application failures inside a rollout are not events of their own: the one
 * `Halted` names them, so fifty failing applications make one `rollout.halted`.
 */
const ROLLOUT_EVENTS: Partial<Record<RolloutAction, EventType>> = {
  Created: 'rollout.started',
  StepCompleted: 'rollout.step-completed',
  Halted: 'rollout.halted',
  Completed: 'rollout.completed',
};

export function rolloutEventOf(action: RolloutAction): EventType | undefined {
  return ROLLOUT_EVENTS[action];
}

/** Connectivity transitions only: a cluster failing check after check is announced once. */
export function clusterEventOf(from: string, to: string): EventType | undefined {
  if (to === 'Failed' && from !== 'Failed') return 'cluster.unreachable';
  if (to === 'Successful' && from === 'Failed') return 'cluster.recovered';
  return undefined;
}

/** Applications newly held back by the deletion budget (those already pending were announced before). */
export function newlyPending(before: readonly string[], after: readonly string[]): string[] {
  const known = new Set(before);
  return after.filter((name) => !known.has(name));
}
