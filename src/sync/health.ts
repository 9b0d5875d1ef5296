import { groupOf } from './tracking';
import type { HealthStatus, HealthStatusCode, KubeObject } from './types';

/**
 * Argo CD's (gitops-engine) order from healthiest to least healthy. Unknown ranks worst, so an
 * application with one unreadable resource is never reported better than Unknown.
 */
const HEALTH_ORDER: readonly HealthStatusCode[] = ['Healthy', 'Suspended', 'Progressing', 'Missing', 'Degraded', 'Unknown'];

export function isWorse(a: HealthStatusCode, b: HealthStatusCode): boolean {
  return HEALTH_ORDER.indexOf(a) > HEALTH_ORDER.indexOf(b);
}

/** The worst of the resources' health; an application without resources is Healthy. */
export function aggregateHealth(statuses: readonly HealthStatus[]): HealthStatus {
  return statuses.reduce<HealthStatus>((worst, current) => (isWorse(current.status, worst.status) ? current : worst), { status: 'Healthy' });
}

type Checker = (obj: KubeObject) => HealthStatus;

interface Condition {
  type?: string;
  status?: string;
  reason?: string;
  message?: string;
}

const healthy = (message?: string): HealthStatus => ({ status: 'Healthy', ...(message !== undefined && { message }) });
const progressing = (message: string): HealthStatus => ({ status: 'Progressing', message });
const degraded = (message: string): HealthStatus => ({ status: 'Degraded', message });

function spec(obj: KubeObject): Record<string, unknown> {
  return (obj.spec as Record<string, unknown> | undefined) ?? {};
}

function status(obj: KubeObject): Record<string, unknown> {
  return (obj.status as Record<string, unknown> | undefined) ?? {};
}

function num(value: unknown): number {
  return typeof value === 'number' ? value : 0;
}

function conditions(obj: KubeObject): Condition[] {
  const list = status(obj).conditions;
  return Array.isArray(list) ? (list as Condition[]) : [];
}

function condition(obj: KubeObject, type: string): Condition | undefined {
  return conditions(obj).find((c) => c.type === type);
}

/** True once the controller has seen the current spec. */
function observed(obj: KubeObject): boolean {
  return num(obj.metadata.generation) <= num(status(obj).observedGeneration);
}

function deploymentHealth(obj: KubeObject): HealthStatus {
  if (spec(obj).paused === true) return { status: 'Suspended', message: 'Deployment is paused' };
  if (!observed(obj)) return progressing('Waiting for rollout to finish: observed deployment generation less than desired generation');
  const s = status(obj);
  if (condition(obj, 'Progressing')?.reason === 'ProgressDeadlineExceeded') {
    return degraded(`Deployment "${obj.metadata.name}" exceeded its progress deadline`);
  }
  const replicas = spec(obj).replicas;
  const updated = num(s.updatedReplicas);
  if (typeof replicas === 'number' && updated < replicas) {
    return progressing(`Waiting for rollout to finish: ${updated} out of ${replicas} new replicas have been updated...`);
  }
  if (num(s.replicas) > updated) {
    return progressing(`Waiting for rollout to finish: ${num(s.replicas) - updated} old replicas are pending termination...`);
  }
  if (num(s.availableReplicas) < updated) {
    return progressing(`Waiting for rollout to finish: ${num(s.availableReplicas)} of ${updated} updated replicas are available...`);
  }
  return healthy();
}

function statefulSetHealth(obj: KubeObject): HealthStatus {
  const s = status(obj);
  if (num(s.observedGeneration) === 0 || !observed(obj)) return progressing('Waiting for statefulset spec update to be observed...');
  const replicas = spec(obj).replicas;
  if (typeof replicas === 'number' && num(s.readyReplicas) < replicas) {
    return progressing(`Waiting for ${replicas - num(s.readyReplicas)} pods to be ready...`);
  }
  const strategy = spec(obj).updateStrategy as { type?: string; rollingUpdate?: { partition?: number } } | undefined;
  if (strategy?.type === 'OnDelete') return healthy('statefulset has OnDelete update strategy');
  const partition = strategy?.rollingUpdate?.partition;
  if (typeof replicas === 'number' && typeof partition === 'number' && partition > 0) {
    if (num(s.updatedReplicas) < replicas - partition) {
      return progressing(`Waiting for partitioned roll out to finish: ${num(s.updatedReplicas)} out of ${replicas - partition} new pods have been updated...`);
    }
    return healthy(`partitioned roll out complete: ${num(s.updatedReplicas)} new pods have been updated...`);
  }
  if (s.updateRevision !== undefined && s.currentRevision !== s.updateRevision) {
    return progressing('waiting for statefulset rolling update to complete');
  }
  return healthy();
}

function daemonSetHealth(obj: KubeObject): HealthStatus {
  if (!observed(obj)) return progressing('Waiting for rollout to finish: observed daemon set generation less than desired generation');
  if ((spec(obj).updateStrategy as { type?: string } | undefined)?.type === 'OnDelete') return healthy('daemon set has OnDelete update strategy');
  const s = status(obj);
  const desired = num(s.desiredNumberScheduled);
  if (num(s.updatedNumberScheduled) < desired) {
    return progressing(`Waiting for daemon set rollout to finish: ${num(s.updatedNumberScheduled)} out of ${desired} new pods have been updated...`);
  }
  if (num(s.numberAvailable) < desired) {
    return progressing(`Waiting for daemon set rollout to finish: ${num(s.numberAvailable)} of ${desired} updated pods are available...`);
  }
  return healthy();
}

function replicaSetHealth(obj: KubeObject): HealthStatus {
  if (!observed(obj)) return progressing('Waiting for rollout to finish: observed replica set generation less than desired generation');
  const failure = condition(obj, 'ReplicaFailure');
  if (failure?.status === 'True') return degraded(failure.message ?? 'ReplicaFailure');
  const replicas = spec(obj).replicas;
  if (typeof replicas === 'number' && num(status(obj).availableReplicas) < replicas) {
    return progressing(`Waiting for rollout to finish: ${num(status(obj).availableReplicas)} out of ${replicas} new replicas are available...`);
  }
  return healthy();
}

function jobHealth(obj: KubeObject): HealthStatus {
  const failed = condition(obj, 'Failed');
  if (failed?.status === 'True') return degraded(failed.message ?? failed.reason ?? 'Job failed');
  if (condition(obj, 'Complete')?.status === 'True') return healthy('Job completed');
  if (spec(obj).suspend === true) return { status: 'Suspended', message: 'Job is suspended' };
  return progressing('Job is running');
}

function pvcHealth(obj: KubeObject): HealthStatus {
  switch (status(obj).phase) {
    case 'Bound':
      return healthy();
    case 'Pending':
      return progressing('PersistentVolumeClaim is pending');
    case 'Lost':
      return degraded('PersistentVolumeClaim is lost');
    default:
      return { status: 'Unknown', message: 'PersistentVolumeClaim has no known phase' };
  }
}

function loadBalancerAssigned(obj: KubeObject): boolean {
  const ingress = (status(obj).loadBalancer as { ingress?: unknown[] } | undefined)?.ingress;
  return Array.isArray(ingress) && ingress.length > 0;
}

function serviceHealth(obj: KubeObject): HealthStatus {
  if (spec(obj).type !== 'LoadBalancer' || loadBalancerAssigned(obj)) return healthy();
  return progressing('Waiting for the load balancer to be assigned');
}

function ingressHealth(obj: KubeObject): HealthStatus {
  return loadBalancerAssigned(obj) ? healthy() : progressing('Waiting for the ingress load balancer to be assigned');
}

/** A number from an integer or a decimal-integer string; anything else (Argo Rollouts v0.9's hash strings) is undefined. */
function integer(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  return typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : undefined;
}

/**
 * Whether the Rollout controller has seen the current spec. Rollouts v0.10+ report `observedGeneration` as a
 * number in a string; v0.9 and older wrote a hash there, which cannot be compared and counts as observed (a
 * hash made only of digits usually reads larger than the generation, which counts as observed too).
 */
function rolloutSpecObserved(obj: KubeObject): boolean {
  if (obj.status === undefined || obj.status === null) return false;
  const observedGeneration = integer(status(obj).observedGeneration);
  const generation = num(obj.metadata.generation);
  if (observedGeneration === undefined || observedGeneration > generation) return true;
  if (observedGeneration !== generation) return false;
  // A Rollout that takes its pod template from a workload (v1.1+) must also have seen that workload's generation.
  const annotations = obj.metadata.annotations;
  if (spec(obj).workloadRef === undefined || annotations === undefined) return true;
  return integer(annotations['rollout.argoproj.io/workload-generation']) === integer(status(obj).workloadObservedGeneration);
}

/** Health codes a Rollout's `status.phase` may name; Argo Rollouts says Paused where Argo CD says Suspended. */
const ROLLOUT_PHASES: Record<string, HealthStatusCode> = { Healthy: 'Healthy', Progressing: 'Progressing', Degraded: 'Degraded', Paused: 'Suspended' };

/** Argo CD's built-in health check for Argo Rollouts' `Rollout` (resource_customizations/argoproj.io/Rollout). */
function rolloutHealth(obj: KubeObject): HealthStatus {
  if (!rolloutSpecObserved(obj)) return progressing('Waiting for rollout spec update to be observed');
  const s = status(obj);
  // Rollouts v1.0+ compute their own phase and message, which Argo CD surfaces as they are.
  if (typeof s.phase === 'string') {
    const code = ROLLOUT_PHASES[s.phase];
    if (code === undefined) return { status: 'Unknown', message: `Rollout reports an unknown phase "${s.phase}"` };
    return { status: code, ...(typeof s.message === 'string' && s.message !== '' && { message: s.message }) };
  }
  // Older Rollouts: read the conditions and counts the way their controller did.
  for (const c of conditions(obj)) {
    const failed = c.type === 'InvalidSpec' || (c.type === 'Progressing' && (c.reason === 'RolloutAborted' || c.reason === 'ProgressDeadlineExceeded'));
    if (failed) return degraded(c.message ?? c.reason ?? c.type ?? 'Rollout failed');
  }
  // Argo CD reads an abort through the phase or the RolloutAborted condition the controller writes with it; a bare flag is an abort too.
  if (s.abort === true) return degraded('Rollout is aborted');
  if ((Array.isArray(s.pauseConditions) && s.pauseConditions.length > 0) || spec(obj).paused === true) return { status: 'Suspended', message: 'Rollout is paused' };
  if (s.currentPodHash === undefined) return progressing('Waiting for rollout to finish: status has not been reconciled.');
  const desired = typeof spec(obj).replicas === 'number' ? (spec(obj).replicas as number) : 1;
  const updated = num(s.updatedReplicas);
  if (updated < desired) return progressing('Waiting for roll out to finish: More replicas need to be updated');
  if (num(s.availableReplicas) < updated) return progressing('Waiting for roll out to finish: updated replicas are still becoming available');
  // Rollouts v0.8 moved the stable ReplicaSet's hash from status.canary.stableRS to status.stableRS.
  const stableRS = s.stableRS ?? (s.canary as { stableRS?: unknown } | undefined)?.stableRS ?? '';
  const strategy = (spec(obj).strategy as { blueGreen?: unknown; canary?: unknown } | undefined) ?? {};
  if (strategy.blueGreen !== undefined) {
    if ((s.blueGreen as { activeSelector?: unknown } | undefined)?.activeSelector !== s.currentPodHash) return progressing('active service cutover pending');
    if (stableRS !== '' && stableRS !== s.currentPodHash) return progressing('waiting for analysis to complete');
  } else if (strategy.canary !== undefined) {
    if (num(s.replicas) > updated) return progressing('Waiting for roll out to finish: old replicas are pending termination');
    if (stableRS === '' || stableRS !== s.currentPodHash) return progressing('Waiting for rollout to finish steps');
  }
  return healthy();
}

const CHECKERS: Record<string, Checker> = {
  'apps/Deployment': deploymentHealth,
  'apps/StatefulSet': statefulSetHealth,
  'apps/DaemonSet': daemonSetHealth,
  'apps/ReplicaSet': replicaSetHealth,
  'batch/Job': jobHealth,
  '/PersistentVolumeClaim': pvcHealth,
  '/Service': serviceHealth,
  'networking.k8s.io/Ingress': ingressHealth,
  'argoproj.io/Rollout': rolloutHealth,
};

/** Health of one resource from its live object; `undefined` (absent) is Missing. */
export function resourceHealth(live: KubeObject | undefined): HealthStatus {
  if (live === undefined) return { status: 'Missing' };
  if (live.metadata.deletionTimestamp !== undefined) return progressing('Pending deletion');
  const checker = CHECKERS[`${groupOf(live.apiVersion)}/${live.kind}`];
  return checker === undefined ? healthy() : checker(live);
}
