import type { ApplicationStatusRecord } from '../domain/application';
import type { StepSettings, TargetState } from '../domain/rollout';
import { matchingSteps } from './strategy';

/** An application of a RollingSync set with the desired state the planner resolved for it now. */
export interface DesiredApplication {
  name: string;
  cluster: string;
  labels: Record<string, string>;
  /** The commit its target revision resolves to. */
  revision: string;
  /** Digest of its rendered manifests and its generated Application. */
  digest: string;
  /** The generated Application's fingerprint. */
  fingerprint: string;
  status: Pick<ApplicationStatusRecord, 'sync' | 'health'>;
}

/** What the set's latest rollout froze for one application. */
export interface FrozenTarget {
  application: string;
  revision: string;
  digest: string;
  state: TargetState;
  previousRevision: string | null;
}

export interface PlannedTarget {
  application: string;
  cluster: string;
  step: number | null;
  revision: string;
  digest: string;
  fingerprint: string;
  previousRevision: string | null;
  message: string | null;
}

/**
 * A new rollout is due when the applications' desired state differs from what the latest rollout froze: a new
 * commit, a template or generator change (the digest), an application added or gone. None for an empty set.
 */
export function needsNewRollout(latest: readonly FrozenTarget[] | undefined, desired: readonly DesiredApplication[]): boolean {
  if (desired.length === 0) return false;
  if (!latest || latest.length !== desired.length) return true;
  const frozen = new Map(latest.map((target) => [target.application, target]));
  return desired.some((app) => {
    const target = frozen.get(app.name);
    return !target || target.revision !== app.revision || target.digest !== app.digest;
  });
}

/**
 * One target per application, in the first step its labels match (Argo CD's rule). An application matching no step
 * is listed without one and waits for a manual sync; one matching several is reported. Each records the revision
 * it was last Healthy at, which a rollback goes back to.
 */
export function planTargets(desired: readonly DesiredApplication[], steps: readonly Pick<StepSettings, 'matchExpressions'>[], latest: readonly FrozenTarget[] = []): PlannedTarget[] {
  const prior = new Map(latest.map((target) => [target.application, target]));
  return [...desired]
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .map((app) => {
      const matches = matchingSteps(app.labels, steps);
      return {
        application: app.name,
        cluster: app.cluster,
        step: matches[0] ?? null,
        revision: app.revision,
        digest: app.digest,
        fingerprint: app.fingerprint,
        previousRevision: previousRevisionOf(app, prior.get(app.name)),
        message: stepMessage(matches),
      };
    });
}

/** The commit of the rollout when all its applications share one. */
export function commonRevision(desired: readonly DesiredApplication[]): string | null {
  const revisions = new Set(desired.map((app) => app.revision));
  return revisions.size === 1 ? [...revisions][0] : null;
}

function previousRevisionOf(app: DesiredApplication, prior: FrozenTarget | undefined): string | null {
  if (app.status.sync.status === 'Synced' && app.status.health.status === 'Healthy' && app.status.sync.revision) return app.status.sync.revision;
  if (!prior) return null;
  return prior.state === 'Healthy' ? prior.revision : prior.previousRevision;
}

function stepMessage(matches: number[]): string | null {
  if (matches.length === 0) return 'matches no step of spec.strategy.rollingSync; it waits for a manual sync';
  if (matches.length === 1) return null;
  return `matches steps ${matches.map((index) => index + 1).join(' and ')}; it belongs to step ${matches[0] + 1}`;
}
