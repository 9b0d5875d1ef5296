import type { StepState, TargetState } from '../domain/rollout';
import { blockedMessage, type SyncWindowDecision } from '../projects/rules';
import type { AppObservation, RolloutActions, RolloutRecord, RolloutEvent, StepRecord, TargetRecord } from './model';
import { maxUpdateBudget } from './strategy';
import { judgeTarget, shortSha } from './target-judgement';

export interface StepActionInput {
  rollout: RolloutRecord;
  /** Every step, in order. */
  steps: StepRecord[];
  targets: TargetRecord[];
  /** Each target's application status, by application name (absent: the application is gone). */
  apps: ReadonlyMap<string, AppObservation>;
  now: Date;
  /** May an application of a step that is about to start sync now (the project's sync windows)? */
  windowFor(target: TargetRecord): SyncWindowDecision;
}

/** Rollouts whose in-flight syncs are still watched although nothing new starts. */
const WATCHED_AFTER_STOP = new Set(['Aborted', 'Halted']);
const UNDERWAY: ReadonlySet<TargetState> = new Set(['Pending', 'Progressing']);
const NOT_STARTED: ReadonlySet<StepState> = new Set(['Waiting', 'Blocked', 'WaitingForApproval']);

/**
 * One driver pass over one rollout, as a pure function of what the database holds and the time:
 *   1. judge every application under way from its status (Healthy, Failed, or a message saying what it waits for);
 *   2. halt when a step has more failures than its `maxFailures` (and roll back with `onFailure: rollback`);
 *   3. while Progressing, in step order: start the first unfinished step once approved and allowed by the sync
 *      windows, make Waiting applications Pending within the `maxUpdate` budget, and complete the step once all of
 *      its applications are Healthy (or tolerated failures) and have stayed so for its bake time.
 */
export function nextStepActions(input: StepActionInput): RolloutActions {
  const pass = new DriverPass(input);
  const state = input.rollout.state;
  if (state === 'Completed' || state === 'Superseded') return pass.actions();
  pass.observe(WATCHED_AFTER_STOP.has(state));
  if (WATCHED_AFTER_STOP.has(state)) return pass.actions();
  pass.haltOnFailures();
  if (pass.rollout.state === 'Progressing') pass.advance();
  return pass.actions();
}

class DriverPass {
  readonly rollout: RolloutRecord;
  private readonly steps: StepRecord[];
  private readonly targets: TargetRecord[];
  private readonly events: RolloutEvent[] = [];
  private readonly now: Date;

  constructor(private readonly input: StepActionInput) {
    this.rollout = { ...input.rollout };
    this.steps = input.steps.map((step) => ({ ...step }));
    this.targets = input.targets.map((target) => ({ ...target })).sort((a, b) => (a.application < b.application ? -1 : 1));
    this.now = input.now;
  }

  /** Judges the applications under way; after a stop only the syncs already running are watched. */
  observe(inFlightOnly: boolean): void {
    for (const target of this.targets) {
      const step = target.step === null ? undefined : this.steps[target.step];
      if (!step || (inFlightOnly && target.state !== 'Progressing')) continue;
      // A Pending target of a paused rollout has not started: its deadline clock starts again on resume.
      if (target.state === 'Pending' && this.rollout.state !== 'Progressing') continue;
      const judged = judgeTarget(target, this.input.apps.get(target.application), this.input.rollout.createdAt);
      if (UNDERWAY.has(target.state)) {
        if (judged.verdict === 'Healthy') this.setTarget(target, { state: 'Healthy', healthySince: this.now, message: null });
        else if (judged.verdict === 'Failed') this.failTarget(target, judged.message);
        else if (this.pastDeadline(target, step)) this.failTarget(target, `not Healthy within the progress deadline (${step.settings.progressDeadline}): ${judged.message}`);
        else this.setTarget(target, { message: judged.message });
      } else if (target.state === 'Healthy' && step.state !== 'Completed') {
        // Leaving Healthy before the step is done restarts the bake clock, and the deadline clock runs again.
        if (judged.verdict === 'Failed') this.failTarget(target, judged.message);
        else if (judged.verdict === 'NotYet') this.setTarget(target, { state: 'Progressing', eligibleAt: this.now, healthySince: null, message: `left Healthy: ${judged.message}` });
      } else if (target.state === 'Waiting' && step.state === 'Progressing' && judged.verdict === 'Healthy') {
        // Synced by hand at the frozen revision during this rollout (how maxUpdate 0 steps move on).
        this.setTarget(target, { state: 'Healthy', healthySince: this.now, message: 'synced outside the rollout' });
      }
    }
  }

  haltOnFailures(): void {
    for (const step of this.steps) {
      if (step.state !== 'Progressing') continue;
      const failed = this.targetsOf(step).filter((target) => target.state === 'Failed');
      if (failed.length > step.settings.maxFailures) return this.halt(step, failed);
    }
  }

  advance(): void {
    for (const step of this.steps) {
      if (step.state === 'Completed') continue;
      if (NOT_STARTED.has(step.state) && !this.start(step)) return;
      this.promote(step);
      if (!this.complete(step)) return;
    }
    this.setRollout({ state: 'Completed', reason: null, finishedAt: this.now });
    this.events.push({ action: 'Completed', details: {} });
  }

  actions(): RolloutActions {
    const original = this.input;
    const rolloutPatch = changedFields(original.rollout, this.rollout);
    const stepsById = new Map(original.steps.map((step) => [step.index, step]));
    const targetsById = new Map(original.targets.map((target) => [target.id, target]));
    return {
      ...(Object.keys(rolloutPatch).length > 0 ? { rollout: { from: original.rollout.state, patch: rolloutPatch } } : {}),
      steps: this.steps.flatMap((step) => {
        const before = stepsById.get(step.index)!;
        const patch = changedFields(before, step);
        return Object.keys(patch).length > 0 ? [{ index: step.index, from: before.state, patch }] : [];
      }),
      targets: this.targets.flatMap((target) => {
        const before = targetsById.get(target.id)!;
        const patch = changedFields(before, target);
        return Object.keys(patch).length > 0 ? [{ id: target.id, from: before.state, patch }] : [];
      }),
      events: this.events,
    };
  }

  /** Approval first, then every application's sync windows; false while the step has to wait. */
  private start(step: StepRecord): boolean {
    const number = step.index + 1;
    if (step.settings.approval && !step.approvedAt) {
      this.setStep(step, { state: 'WaitingForApproval', message: `waits for POST /api/v1/rollouts/${this.rollout.id}/approve` });
      this.setRollout({ state: 'WaitingForApproval', reason: `step ${number} waits for approval` });
      return false;
    }
    for (const target of this.targetsOf(step)) {
      const decision = this.input.windowFor(target);
      if (decision.allowed) continue;
      const message = `${target.application} on cluster ${target.cluster}: ${blockedMessage(decision)}`;
      this.setStep(step, { state: 'Blocked', message });
      this.setRollout({ reason: `step ${number} cannot start: ${message}` });
      return false;
    }
    this.setStep(step, { state: 'Progressing', startedAt: this.now, message: null });
    this.setRollout({ reason: null });
    this.events.push({ action: 'StepStarted', details: { step: number, applications: this.targetsOf(step).map((target) => target.application) } });
    return true;
  }

  /** Waiting → Pending while Pending + Progressing stays within the step's maxUpdate budget. */
  private promote(step: StepRecord): void {
    const targets = this.targetsOf(step);
    const budget = maxUpdateBudget(step.settings.maxUpdate, targets.length);
    let underway = targets.filter((target) => UNDERWAY.has(target.state)).length;
    for (const target of targets) {
      if (underway >= budget) break;
      if (target.state !== 'Waiting') continue;
      this.setTarget(target, { state: 'Pending', eligibleAt: this.now, message: null });
      underway++;
    }
    if (budget === 0 && targets.some((target) => target.state === 'Waiting')) this.setStep(step, { message: 'maxUpdate is 0: the applications wait for a manual sync' });
  }

  /** Done when every application is Healthy (or a tolerated failure) and has stayed so for the bake time. */
  private complete(step: StepRecord): boolean {
    const targets = this.targetsOf(step);
    if (targets.some((target) => target.state !== 'Healthy' && target.state !== 'Failed')) {
      this.setStep(step, { healthySince: null });
      return false;
    }
    const healthyTimes = targets.flatMap((target) => (target.state === 'Healthy' && target.healthySince ? [target.healthySince.getTime()] : []));
    const healthySince = new Date(healthyTimes.length > 0 ? Math.max(...healthyTimes) : (step.startedAt ?? this.now).getTime());
    const bakeEndsAt = healthySince.getTime() + step.settings.bakeMs;
    if (this.now.getTime() < bakeEndsAt) {
      this.setStep(step, { healthySince, message: `baking until ${new Date(bakeEndsAt).toISOString()}` });
      return false;
    }
    const failed = targets.filter((target) => target.state === 'Failed').length;
    this.setStep(step, { state: 'Completed', healthySince, completedAt: this.now, message: failed > 0 ? `${failed} failed application(s) tolerated (maxFailures ${step.settings.maxFailures})` : null });
    this.events.push({ action: 'StepCompleted', details: { step: step.index + 1 } });
    return true;
  }

  private halt(step: StepRecord, failed: TargetRecord[]): void {
    const reason = `step ${step.index + 1} failed: ${failed[0].message ?? failed[0].application}${failed.length > 1 ? ` (and ${failed.length - 1} more)` : ''}`;
    this.setStep(step, { state: 'Failed', message: reason });
    this.setRollout({ state: 'Halted', reason, finishedAt: this.now });
    this.events.push({ action: 'Halted', details: { step: step.index + 1, reason, failed: failed.map((target) => ({ application: target.application, cluster: target.cluster })) } });
    for (const target of this.targets) if (target.state === 'Pending') this.setTarget(target, { state: 'Waiting', eligibleAt: null, message: 'not started: the rollout halted' });
    if (this.rollout.onFailure === 'rollback') this.rollBack();
  }

  /** Every application this rollout updated goes back to the revision it was last Healthy at, if it had one. */
  private rollBack(): void {
    const rolledBack: { application: string; revision: string }[] = [];
    for (const target of this.targets) {
      if (target.state !== 'Progressing' && target.state !== 'Healthy' && target.state !== 'Failed') continue;
      const why = target.state === 'Failed' && target.message ? ` after: ${target.message}` : '';
      if (!target.previousRevision) {
        this.setTarget(target, { message: `no earlier Healthy revision to roll back to${why}` });
        continue;
      }
      // A null sync run tells the shard owner that the rollback sync is still to be made.
      this.setTarget(target, { state: 'RolledBack', syncRun: null, healthySince: null, eligibleAt: null, message: `rolled back to ${shortSha(target.previousRevision)}${why}` });
      rolledBack.push({ application: target.application, revision: target.previousRevision });
    }
    if (rolledBack.length > 0) this.events.push({ action: 'RolledBack', details: { applications: rolledBack } });
  }

  private failTarget(target: TargetRecord, message: string): void {
    this.setTarget(target, { state: 'Failed', healthySince: null, message });
    this.events.push({ action: 'ApplicationFailed', details: { application: target.application, cluster: target.cluster, message } });
  }

  private pastDeadline(target: TargetRecord, step: StepRecord): boolean {
    return target.eligibleAt !== null && this.now.getTime() - target.eligibleAt.getTime() >= step.settings.progressDeadlineMs;
  }

  private targetsOf(step: StepRecord): TargetRecord[] {
    return this.targets.filter((target) => target.step === step.index);
  }

  private setTarget(target: TargetRecord, patch: Partial<TargetRecord>): void {
    if (patch.state !== undefined && patch.state !== target.state) patch.lastTransitionAt = this.now;
    Object.assign(target, patch);
  }

  private setStep(step: StepRecord, patch: Partial<StepRecord>): void {
    Object.assign(step, patch);
  }

  private setRollout(patch: Partial<RolloutRecord>): void {
    Object.assign(this.rollout, patch);
  }
}

/** The fields of `after` that differ from `before` (dates by their instant). */
function changedFields<T extends object>(before: T, after: T): Partial<T> {
  const changed: Partial<T> = {};
  for (const key of Object.keys(after) as (keyof T)[]) {
    const [a, b] = [before[key], after[key]];
    const same = a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b;
    if (!same) changed[key] = b;
  }
  return changed;
}
