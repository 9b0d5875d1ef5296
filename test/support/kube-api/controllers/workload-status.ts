import { isObject, type Json, type JsonObject, str } from '../json';

/** Computes the status a real controller would report, before and after its pods become ready. */
export type Phase = 'progressing' | 'settled';

function condition(type: string, status: 'True' | 'False', reason: string, message: string, now: string): JsonObject {
  return { type, status, lastUpdateTime: now, lastTransitionTime: now, reason, message };
}

function imagesOf(template: Json): string[] {
  const spec = isObject(template) && isObject(template.spec) ? template.spec : {};
  const containers = [...(Array.isArray(spec.containers) ? spec.containers : []), ...(Array.isArray(spec.initContainers) ? spec.initContainers : [])];
  return containers.filter(isObject).map((c) => str(c.image ?? ''));
}

/** An image is "broken" when its tag contains `broken` (the convention tests use for a failing rollout). */
export function hasBrokenImage(template: Json): boolean {
  return imagesOf(template).some((image) => {
    const withoutDigest = image.split('@')[0];
    const colon = withoutDigest.lastIndexOf(':');
    const tag = colon > withoutDigest.lastIndexOf('/') ? withoutDigest.slice(colon + 1) : '';
    return tag.includes('broken');
  });
}

// Zero counts are omitted, as the real controllers' omitempty fields are.
export function counts(fields: Record<string, number>): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(fields)) if (v !== 0) out[k] = v;
  return out;
}

/** Status for Deployments, StatefulSets, ReplicaSets and DaemonSets (DaemonSets run on one simulated node). */
export function workloadStatus(resource: string, obj: JsonObject, phase: Phase, now: string): JsonObject {
  const spec = isObject(obj.spec) ? obj.spec : {};
  const metadata = obj.metadata as JsonObject;
  const name = str(metadata.name);
  const desired = resource === 'daemonsets' ? 1 : typeof spec.replicas === 'number' ? spec.replicas : 1;
  const broken = hasBrokenImage(spec.template ?? null);
  const ready = phase === 'settled' && !broken ? desired : 0;
  const stuck = phase === 'settled' && broken;
  const rsName = `${name}-${str(metadata.generation ?? 1).padStart(10, '5')}`;
  const available =
    ready >= desired
      ? condition('Available', 'True', 'MinimumReplicasAvailable', `${resource === 'deployments' ? 'Deployment' : 'Workload'} has minimum availability.`, now)
      : condition('Available', 'False', 'MinimumReplicasUnavailable', `${resource === 'deployments' ? 'Deployment' : 'Workload'} does not have minimum availability.`, now);
  const progressing = stuck
    ? condition('Progressing', 'False', 'ProgressDeadlineExceeded', `ReplicaSet "${rsName}" has timed out progressing.`, now)
    : ready >= desired
      ? condition('Progressing', 'True', 'NewReplicaSetAvailable', `ReplicaSet "${rsName}" has successfully progressed.`, now)
      : condition('Progressing', 'True', 'ReplicaSetUpdated', `ReplicaSet "${rsName}" is progressing.`, now);
  const base: JsonObject = { observedGeneration: (metadata.generation as number | undefined) ?? 1 };
  const conditions = [available, progressing];
  if (resource === 'daemonsets') {
    return {
      ...base,
      ...counts({ currentNumberScheduled: 1, desiredNumberScheduled: 1, numberReady: ready, numberAvailable: ready, updatedNumberScheduled: 1, numberUnavailable: 1 - ready }),
      numberMisscheduled: 0,
      conditions,
    };
  }
  const status: JsonObject = {
    ...base,
    ...counts({ replicas: desired, updatedReplicas: desired, readyReplicas: ready, availableReplicas: ready, unavailableReplicas: desired - ready }),
    conditions,
  };
  if (resource === 'replicasets') status.fullyLabeledReplicas = desired;
  if (resource === 'statefulsets') {
    Object.assign(status, counts({ currentReplicas: desired }), { currentRevision: rsName, updateRevision: rsName, collisionCount: 0 });
    delete status.unavailableReplicas;
  }
  return status;
}

/** Job status: running, then complete, or failed when an image is broken. */
export function jobStatus(obj: JsonObject, phase: Phase, now: string, startTime: string): JsonObject {
  const spec = isObject(obj.spec) ? obj.spec : {};
  if (phase === 'progressing') return { startTime, active: 1, ready: 0, terminating: 0, uncountedTerminatedPods: {} };
  if (hasBrokenImage(spec.template ?? null)) {
    const attempts = (typeof spec.backoffLimit === 'number' ? spec.backoffLimit : 6) + 1;
    return {
      startTime,
      failed: attempts,
      ready: 0,
      terminating: 0,
      uncountedTerminatedPods: {},
      conditions: [
        { type: 'FailureTarget', status: 'True', lastProbeTime: now, lastTransitionTime: now, reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' },
        { type: 'Failed', status: 'True', lastProbeTime: now, lastTransitionTime: now, reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' },
      ],
    };
  }
  const completions = typeof spec.completions === 'number' ? spec.completions : 1;
  return {
    startTime,
    completionTime: now,
    succeeded: completions,
    ready: 0,
    terminating: 0,
    uncountedTerminatedPods: {},
    conditions: [
      { type: 'SuccessCriteriaMet', status: 'True', lastProbeTime: now, lastTransitionTime: now, reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods' },
      { type: 'Complete', status: 'True', lastProbeTime: now, lastTransitionTime: now, reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods' },
    ],
  };
}
