import { clone, isObject, str, type Json, type JsonObject } from '../json';
import { CANARY_PAUSE, canaryReplicas, canaryStepsOf, pauseSeconds, selectorText, shortHash, weightAt } from './rollout-steps';
import { counts, hasBrokenImage } from './workload-status';

export const REVISION_ANNOTATION = 'rollout.argoproj.io/revision';

/** What the controller learned since the Rollout was last written, besides the object itself. */
export type RolloutEvent =
  | { kind: 'podsSettled'; podHash: string; updated: number }
  | { kind: 'pauseElapsed'; podHash: string; stepIndex: number };

export interface RolloutOutcome {
  status: JsonObject;
  /** The Rollout's new `rollout.argoproj.io/revision`, when its pod template changed. */
  revision?: string;
  /** The canary was scaled to `updated` pods, which settle after the controller delay. */
  scaled?: { podHash: string; updated: number };
  /** A timed pause step began; it elapses after `seconds` (before the server's time scale). */
  pause?: { podHash: string; stepIndex: number; seconds: number };
}

/** One reconcile in the making: the status being written and what the stored one said. */
interface Draft {
  readonly name: string;
  readonly spec: JsonObject;
  readonly prev: JsonObject;
  readonly status: JsonObject;
  readonly steps: JsonObject[];
  readonly replicas: number;
  readonly podHash: string;
  readonly outcome: RolloutOutcome;
  newRevision: boolean;
  /** Canary pods the stored status counts (0 for a new revision), and how many of them are ready. */
  updated: number;
  ready: number;
  aborted: boolean;
  abortMessage?: string;
  timedOut: boolean;
}

const num = (value: Json | undefined): number => (typeof value === 'number' ? value : 0);
const stepIndex = (d: Draft): number => num(d.status.currentStepIndex);
const promoted = (d: Draft): boolean => d.status.stableRS === d.podHash;
const pauseConditions = (status: JsonObject): JsonObject[] => (Array.isArray(status.pauseConditions) ? status.pauseConditions.filter(isObject) : []);
const replicaSetName = (d: Draft): string => `${d.name}-${d.podHash}`;

/** Argo Rollouts' SetRolloutCondition: an unchanged condition keeps its times, and the transition time only moves with the status. */
function setCondition(list: JsonObject[], type: string, status: string, reason: string, message: string, now: string): void {
  const at = list.findIndex((c) => c.type === type);
  const existing = at >= 0 ? list[at] : undefined;
  if (existing && existing.status === status && existing.reason === reason && existing.message === message) return;
  const lastTransitionTime = existing?.status === status && typeof existing.lastTransitionTime === 'string' ? existing.lastTransitionTime : now;
  const condition = { type, status, reason, message, lastUpdateTime: now, lastTransitionTime };
  if (existing) list[at] = condition;
  else list.push(condition);
}

/** 1. A new pod template (or new steps) starts over at the first step; pauses and an abort belong to the old one. */
function startRevision(d: Draft, stepsHash: string, revision: number): void {
  d.newRevision = d.prev.currentPodHash !== d.podHash;
  if (!d.newRevision && d.prev.currentStepHash === stepsHash) return;
  for (const key of ['pauseConditions', 'controllerPause', 'abort', 'abortedAt', 'promoteFull']) delete d.status[key];
  d.status.currentPodHash = d.podHash;
  d.status.currentStepHash = stepsHash;
  d.status.currentStepIndex = 0;
  // The first revision (no stable ReplicaSet yet) and a return to the stable template skip the steps.
  if (!d.status.stableRS || d.status.stableRS === d.podHash) {
    d.status.stableRS = d.podHash;
    d.status.currentStepIndex = d.steps.length;
  }
  if (d.newRevision) {
    d.outcome.revision = String(revision + 1);
    d.updated = 0;
    d.ready = 0;
  }
}

/** 2. What users ask through status: `promoteFull` skips the remaining steps, `abort` stops the canary. */
function applyRequests(d: Draft): void {
  if (d.status.promoteFull === true) {
    for (const key of ['pauseConditions', 'controllerPause', 'abort', 'abortedAt']) delete d.status[key];
    d.status.currentStepIndex = d.steps.length;
  }
  d.aborted = d.status.abort === true;
  const progressing = (Array.isArray(d.prev.conditions) ? d.prev.conditions.filter(isObject) : []).find((c) => c.type === 'Progressing');
  d.timedOut = !d.newRevision && progressing?.reason === 'ProgressDeadlineExceeded';
}

/** 3. Timers: the canary's pods settled (or, for a `broken` image, never will), or a timed pause is over. */
function applyEvent(d: Draft, event: RolloutEvent | undefined, now: string): void {
  if (event === undefined || event.podHash !== d.podHash || d.aborted) return;
  if (event.kind === 'pauseElapsed') {
    const conditions = pauseConditions(d.status);
    if (event.stepIndex !== stepIndex(d) || !conditions.some((c) => c.reason === CANARY_PAUSE)) return;
    d.status.pauseConditions = conditions.filter((c) => c.reason !== CANARY_PAUSE);
    // The controller's own pause is over: a pause step right after this one must not read it as a resume.
    if (pauseConditions(d.status).length === 0) delete d.status.controllerPause;
    d.status.currentStepIndex = stepIndex(d) + 1;
    return;
  }
  if (event.updated !== d.updated) return;
  if (!hasBrokenImage(d.spec.template ?? null)) {
    d.ready = d.updated;
    return;
  }
  // Pods that never become ready: past the progress deadline a canary is aborted (as with
  // progressDeadlineAbort), a first revision or a promoted one just reports the timeout.
  if (promoted(d)) {
    d.timedOut = true;
    return;
  }
  d.aborted = true;
  d.status.abort = true;
  d.status.abortedAt = now;
  d.abortMessage = `ReplicaSet "${replicaSetName(d)}" has timed out progressing.`;
}

/** 4. The current step, once complete, moves the index on (one step per reconcile, as Argo Rollouts does). */
function advanceStep(d: Draft, now: string): void {
  const index = stepIndex(d);
  const step = d.steps[index];
  if (step === undefined) {
    // After the last step the canary has taken every replica; once they are ready it becomes the stable ReplicaSet.
    if (d.updated >= d.replicas && d.ready >= d.replicas) d.status.stableRS = d.podHash;
    return;
  }
  if (typeof step.setWeight === 'number') {
    const wanted = canaryReplicas(d.replicas, step.setWeight);
    if (!d.newRevision && d.updated === wanted && d.ready >= wanted) d.status.currentStepIndex = index + 1;
    return;
  }
  if (!isObject(step.pause)) {
    // Steps the simulation does not run (analysis, experiment, traffic routes, plugins) complete at once.
    d.status.currentStepIndex = index + 1;
    return;
  }
  if (pauseConditions(d.status).some((c) => c.reason === CANARY_PAUSE)) return;
  if (d.status.controllerPause === true) {
    // The controller paused here and someone removed the pause condition: resumed (promoted, in Argo's words).
    d.status.currentStepIndex = index + 1;
    return;
  }
  d.status.pauseConditions = [...pauseConditions(d.status), { reason: CANARY_PAUSE, startTime: now }];
  d.status.controllerPause = true;
  const seconds = pauseSeconds(step.pause);
  if (seconds !== undefined) d.outcome.pause = { podHash: d.podHash, stepIndex: index, seconds };
}

interface Pods {
  /** The canary's share of traffic (with traffic routing) and of the replicas. */
  weight: number;
  stable: number;
  updated: number;
  available: number;
}

/** 5. Replica counts for the step now in force; new canary pods are not ready until they settle. */
function scale(d: Draft): Pods {
  const weight = d.aborted ? 0 : promoted(d) ? 100 : weightAt(d.steps, stepIndex(d));
  const updated = promoted(d) ? d.replicas : canaryReplicas(d.replicas, weight);
  const stable = d.replicas - updated;
  const ready = Math.min(d.ready, updated);
  if ((d.newRevision || updated !== d.updated) && updated > ready && !d.timedOut) d.outcome.scaled = { podHash: d.podHash, updated };
  return { weight, stable, updated, available: stable + ready };
}

/** 6. Conditions as Argo Rollouts writes them (Progressing, Available, Completed, Healthy, Paused). */
function writeConditions(d: Draft, pods: Pods, revision: string, now: string): void {
  const list = Array.isArray(d.prev.conditions) ? d.prev.conditions.filter(isObject).map((c) => clone(c)) : [];
  const paused = pauseConditions(d.status).length > 0 || d.spec.paused === true;
  const complete = promoted(d) && stepIndex(d) >= d.steps.length && pods.available >= d.replicas && !d.timedOut;
  const previousAbort = list.find((c) => c.type === 'Progressing' && c.reason === 'RolloutAborted');
  if (d.aborted) {
    // The first abort message stays (Argo Rollouts does not rewrite a condition whose status and reason hold).
    const message = previousAbort ? str(previousAbort.message) : `Rollout aborted update to revision ${revision}${d.abortMessage ? `: ${d.abortMessage}` : ''}`;
    setCondition(list, 'Progressing', 'False', 'RolloutAborted', message, now);
  } else if (d.timedOut) setCondition(list, 'Progressing', 'False', 'ProgressDeadlineExceeded', `ReplicaSet "${replicaSetName(d)}" has timed out progressing.`, now);
  else if (paused) setCondition(list, 'Progressing', 'Unknown', 'RolloutPaused', 'Rollout is paused', now);
  else if (complete) setCondition(list, 'Progressing', 'True', 'NewReplicaSetAvailable', `ReplicaSet "${replicaSetName(d)}" has successfully progressed.`, now);
  else setCondition(list, 'Progressing', 'True', 'ReplicaSetUpdated', `ReplicaSet "${replicaSetName(d)}" is progressing.`, now);
  const available = pods.available >= d.replicas;
  setCondition(list, 'Available', available ? 'True' : 'False', 'AvailableReason', available ? 'Rollout has minimum availability' : 'Rollout does not have minimum availability', now);
  setCondition(list, 'Completed', promoted(d) ? 'True' : 'False', 'RolloutCompleted', 'RolloutCompleted', now);
  if (complete && !paused) setCondition(list, 'Healthy', 'True', 'RolloutHealthy', 'Rollout is healthy', now);
  else if (list.some((c) => c.type === 'Healthy')) setCondition(list, 'Healthy', 'False', 'RolloutHealthy', 'Rollout is not healthy', now);
  if (paused || list.some((c) => c.type === 'Paused')) setCondition(list, 'Paused', paused ? 'True' : 'False', 'RolloutPaused', 'Rollout is paused', now);
  d.status.conditions = list;
}

/** Argo Rollouts' phase and message, computed from the conditions and counts just written. */
function phaseOf(d: Draft, pods: Pods): [string, string] {
  for (const c of Array.isArray(d.status.conditions) ? d.status.conditions.filter(isObject) : []) {
    if (c.type === 'InvalidSpec') return ['Degraded', `InvalidSpec: ${str(c.message)}`];
    if (c.reason === 'RolloutAborted' || c.reason === 'ProgressDeadlineExceeded') return ['Degraded', `${str(c.reason)}: ${str(c.message)}`];
  }
  if (d.spec.paused === true) return ['Paused', 'manually paused'];
  const pause = pauseConditions(d.status)[0];
  if (pause) return ['Paused', str(pause.reason)];
  if (pods.updated < d.replicas) return ['Progressing', 'more replicas need to be updated'];
  if (pods.available < pods.updated) return ['Progressing', 'updated replicas are still becoming available'];
  if (!promoted(d)) return ['Progressing', 'waiting for all steps to complete'];
  return ['Healthy', ''];
}

function invalidSpec(name: string, prev: JsonObject, generation: number, now: string): RolloutOutcome {
  const list = Array.isArray(prev.conditions) ? prev.conditions.filter(isObject).map((c) => clone(c)) : [];
  const message = `The Rollout "${name}" is invalid: spec.strategy.strategy: Required value: Rollout has missing field '.spec.strategy.canary or .spec.strategy.blueGreen'`;
  setCondition(list, 'InvalidSpec', 'True', 'InvalidSpec', message, now);
  return { status: { ...clone(prev), observedGeneration: String(generation), conditions: list, phase: 'Degraded', message: `InvalidSpec: ${message}` } };
}

/**
 * One reconcile of a canary Rollout by the simulated Argo Rollouts controller: the status to write and the timers
 * it needs. Undefined for a blue-green Rollout, which the simulation leaves alone.
 */
export function reconcileRollout(obj: JsonObject, now: string, event?: RolloutEvent): RolloutOutcome | undefined {
  const metadata = isObject(obj.metadata) ? obj.metadata : {};
  const spec = isObject(obj.spec) ? obj.spec : {};
  const prev = isObject(obj.status) ? obj.status : {};
  const strategy = isObject(spec.strategy) ? spec.strategy : {};
  const generation = num(metadata.generation) || 1;
  if (!isObject(strategy.canary)) return isObject(strategy.blueGreen) ? undefined : invalidSpec(str(metadata.name), prev, generation, now);
  const annotations = isObject(metadata.annotations) ? metadata.annotations : {};
  const revision = Number(str(annotations[REVISION_ANNOTATION])) || 0;
  const status = clone(prev);
  delete status.message;
  const replicas = typeof spec.replicas === 'number' ? spec.replicas : 1;
  const previousStable = num(prev.replicas) - num(prev.updatedReplicas);
  const d: Draft = {
    name: str(metadata.name),
    spec,
    prev,
    status,
    steps: canaryStepsOf(strategy.canary),
    replicas,
    podHash: shortHash(spec.template),
    outcome: { status },
    newRevision: false,
    updated: num(prev.updatedReplicas),
    ready: Math.max(0, num(prev.availableReplicas) - previousStable),
    aborted: false,
    timedOut: false,
  };
  startRevision(d, shortHash(d.steps), revision);
  applyRequests(d);
  applyEvent(d, event, now);
  // An aborted canary goes back to its first step (the stable ReplicaSet takes all traffic again).
  if (d.aborted && !promoted(d) && d.steps.length > 0) status.currentStepIndex = 0;
  if (!d.aborted && spec.paused !== true && !promoted(d)) advanceStep(d, now);
  const pods = scale(d);
  if (pauseConditions(status).length === 0) {
    delete status.pauseConditions;
    delete status.controllerPause;
  }
  if (!d.aborted) {
    delete status.abort;
    delete status.abortedAt;
  }
  if (promoted(d)) delete status.promoteFull;
  if (d.steps.length === 0) delete status.currentStepIndex;
  for (const key of ['replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas', 'HPAReplicas']) delete status[key];
  const total = pods.stable + pods.updated;
  Object.assign(status, counts({ replicas: total, updatedReplicas: pods.updated, readyReplicas: pods.available, availableReplicas: pods.available, HPAReplicas: total }));
  status.observedGeneration = String(generation);
  status.selector = selectorText(spec.selector);
  status.blueGreen = {};
  status.canary = trafficWeights(d, pods.weight);
  writeConditions(d, pods, d.outcome.revision ?? String(revision || 1), now);
  const [phase, message] = phaseOf(d, pods);
  status.phase = phase;
  if (message !== '') status.message = message;
  return d.outcome;
}

/** With traffic routing, Argo Rollouts reports the weights it set on the canary and stable services (all stable once promoted). */
function trafficWeights(d: Draft, canaryWeight: number): JsonObject {
  const canary = isObject(d.spec.strategy) && isObject(d.spec.strategy.canary) ? d.spec.strategy.canary : {};
  if (!isObject(canary.trafficRouting)) return {};
  const weight = promoted(d) ? 0 : canaryWeight;
  const stableHash = str(d.status.stableRS);
  return {
    weights: {
      canary: { weight, podTemplateHash: d.podHash, ...(typeof canary.canaryService === 'string' && { serviceName: canary.canaryService }) },
      stable: { weight: 100 - weight, podTemplateHash: stableHash, ...(typeof canary.stableService === 'string' && { serviceName: canary.stableService }) },
    },
  };
}
