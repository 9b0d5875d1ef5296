import type { Clock } from '../../../../src/clock/clock';
import type { ResourceType } from '../catalogue';
import { clone, str, type JsonObject } from '../json';
import { metadataOf, nowIso, type ObjectService } from '../objects';
import { reconcileRollout, REVISION_ANNOTATION, type RolloutEvent } from './rollout-status';
import type { Timers } from './timers';

// The field manager Argo Rollouts' controller writes with (its binary's name).
const MANAGER = 'rollouts-controller';

export interface RolloutTiming {
  /** How long new canary pods take to become ready (the server's controller delay). */
  podsReadyMs: number;
  /** Multiplies pause-step durations (0.001 makes a `pause: {duration: 10s}` last 10 ms). */
  timeScale: number;
}

/**
 * Simulated Argo Rollouts controller for canary `Rollout`s, active once their CRD is applied: walks
 * `spec.strategy.canary.steps` on the server's clock and writes status the way Argo Rollouts does
 * (rollout-status.ts holds the rules).
 */
export class RolloutController {
  constructor(
    private readonly objects: ObjectService,
    private readonly timers: Timers,
    private readonly clock: Clock,
    private readonly timing: RolloutTiming,
  ) {}

  onChange(type: ResourceType, obj: JsonObject, deleted: boolean): void {
    if (!type.crdName || type.group !== 'argoproj.io' || type.kind !== 'Rollout') return;
    const metadata = metadataOf(obj);
    const ref = { namespace: str(metadata.namespace), name: str(metadata.name) };
    const key = `rollout/${ref.namespace}/${ref.name}`;
    if (deleted) {
      for (const timer of ['reconcile', 'pods', 'pause']) this.timers.cancel(`${key}/${timer}`);
      return;
    }
    // Every change is reconciled, the controller's own writes included, until a pass finds nothing to change.
    this.timers.replace(`${key}/reconcile`, [[0, () => this.reconcile(type, ref, key)]]);
  }

  private reconcile(type: ResourceType, ref: { namespace: string; name: string }, key: string, event?: RolloutEvent): void {
    let current = this.objects.read(type, ref.namespace, ref.name);
    if (!current || metadataOf(current).deletionTimestamp) return;
    const outcome = reconcileRollout(current, nowIso(this.clock.now()), event);
    if (outcome === undefined) return;
    if (outcome.revision !== undefined) {
      // Argo Rollouts numbers each new pod template in an annotation on the Rollout itself.
      const next = clone(current);
      const metadata = metadataOf(next);
      metadata.annotations = { ...((metadata.annotations as JsonObject | undefined) ?? {}), [REVISION_ANNOTATION]: outcome.revision };
      current = this.objects.commit(type, current, next, { manager: MANAGER, dryRun: false });
    }
    this.objects.commit(type, current, { ...current, status: outcome.status }, { manager: MANAGER, subresource: 'status', dryRun: false });
    const { scaled, pause } = outcome;
    if (scaled) {
      this.timers.replace(`${key}/pods`, [[this.timing.podsReadyMs, () => this.reconcile(type, ref, key, { kind: 'podsSettled', ...scaled })]]);
    }
    if (pause) {
      const event: RolloutEvent = { kind: 'pauseElapsed', podHash: pause.podHash, stepIndex: pause.stepIndex };
      this.timers.replace(`${key}/pause`, [[pause.seconds * 1000 * this.timing.timeScale, () => this.reconcile(type, ref, key, event)]]);
    }
  }
}
