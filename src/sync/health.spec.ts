import { describe, expect, it } from 'vitest';
import { aggregateHealth, resourceHealth } from './health';
import type { HealthStatus, HealthStatusCode, KubeObject } from './types';

function obj(apiVersion: string, kind: string, fields: Record<string, unknown> = {}, metadata: Record<string, unknown> = {}): KubeObject {
  return { apiVersion, kind, metadata: { name: 'x', namespace: 'ns', ...metadata }, ...fields };
}

const deployment = (spec: Record<string, unknown>, status: Record<string, unknown>, generation = 2): KubeObject =>
  obj('apps/v1', 'Deployment', { spec: { replicas: 3, ...spec }, status }, { generation });
const settled = { observedGeneration: 2, replicas: 3, updatedReplicas: 3, availableReplicas: 3 };

const rows: { name: string; live: KubeObject | undefined; status: HealthStatusCode; message?: RegExp }[] = [
  { name: 'absent object', live: undefined, status: 'Missing' },
  { name: 'object being deleted', live: obj('v1', 'ConfigMap', {}, { deletionTimestamp: '2026-01-01T00:00:00Z' }), status: 'Progressing', message: /deletion/ },
  { name: 'kind without a rule', live: obj('v1', 'ConfigMap'), status: 'Healthy' },
  { name: 'custom resource', live: obj('example.com/v1', 'Widget', { status: { phase: 'Broken' } }), status: 'Healthy' },
  // Deployment
  { name: 'Deployment settled', live: deployment({}, settled), status: 'Healthy' },
  { name: 'Deployment generation not observed', live: deployment({}, { ...settled, observedGeneration: 1 }), status: 'Progressing', message: /generation/ },
  { name: 'Deployment without status', live: deployment({}, {}), status: 'Progressing' },
  { name: 'Deployment rolling out', live: deployment({}, { ...settled, updatedReplicas: 1 }), status: 'Progressing', message: /1 out of 3/ },
  { name: 'Deployment old replicas terminating', live: deployment({}, { ...settled, replicas: 4 }), status: 'Progressing', message: /old replicas/ },
  { name: 'Deployment not available yet', live: deployment({}, { ...settled, availableReplicas: 2 }), status: 'Progressing', message: /available/ },
  {
    name: 'Deployment progress deadline exceeded',
    live: deployment({}, { ...settled, availableReplicas: 0, conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }] }),
    status: 'Degraded',
    message: /progress deadline/,
  },
  { name: 'Deployment paused', live: deployment({ paused: true }, settled), status: 'Suspended' },
  { name: 'Deployment with malformed status numbers', live: deployment({}, { observedGeneration: 'two', updatedReplicas: 'x' }), status: 'Progressing' },
  // StatefulSet
  { name: 'StatefulSet ready', live: obj('apps/v1', 'StatefulSet', { spec: { replicas: 2 }, status: { observedGeneration: 1, readyReplicas: 2 } }, { generation: 1 }), status: 'Healthy' },
  { name: 'StatefulSet never observed', live: obj('apps/v1', 'StatefulSet', { spec: { replicas: 2 }, status: {} }, { generation: 1 }), status: 'Progressing' },
  { name: 'StatefulSet pods not ready', live: obj('apps/v1', 'StatefulSet', { spec: { replicas: 2 }, status: { observedGeneration: 1, readyReplicas: 1 } }, { generation: 1 }), status: 'Progressing' },
  {
    name: 'StatefulSet revision rolling',
    live: obj('apps/v1', 'StatefulSet', { spec: { replicas: 1 }, status: { observedGeneration: 1, readyReplicas: 1, currentRevision: 'a', updateRevision: 'b' } }, { generation: 1 }),
    status: 'Progressing',
  },
  // DaemonSet
  { name: 'DaemonSet available', live: obj('apps/v1', 'DaemonSet', { status: { observedGeneration: 1, desiredNumberScheduled: 1, updatedNumberScheduled: 1, numberAvailable: 1 } }, { generation: 1 }), status: 'Healthy' },
  { name: 'DaemonSet updating', live: obj('apps/v1', 'DaemonSet', { status: { observedGeneration: 1, desiredNumberScheduled: 2, updatedNumberScheduled: 1, numberAvailable: 1 } }, { generation: 1 }), status: 'Progressing' },
  // ReplicaSet
  { name: 'ReplicaSet available', live: obj('apps/v1', 'ReplicaSet', { spec: { replicas: 1 }, status: { observedGeneration: 1, availableReplicas: 1 } }, { generation: 1 }), status: 'Healthy' },
  {
    name: 'ReplicaSet replica failure',
    live: obj('apps/v1', 'ReplicaSet', { spec: { replicas: 1 }, status: { observedGeneration: 1, conditions: [{ type: 'ReplicaFailure', status: 'True', message: 'quota' }] } }, { generation: 1 }),
    status: 'Degraded',
    message: /quota/,
  },
  // Job
  { name: 'Job complete', live: obj('batch/v1', 'Job', { status: { conditions: [{ type: 'Complete', status: 'True' }] } }), status: 'Healthy' },
  { name: 'Job failed', live: obj('batch/v1', 'Job', { status: { conditions: [{ type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded' }] } }), status: 'Degraded', message: /BackoffLimit/ },
  { name: 'Job running', live: obj('batch/v1', 'Job', { status: { active: 1 } }), status: 'Progressing' },
  { name: 'Job with conditions not a list', live: obj('batch/v1', 'Job', { status: { conditions: 'Complete' } }), status: 'Progressing' },
  // PersistentVolumeClaim
  { name: 'PVC bound', live: obj('v1', 'PersistentVolumeClaim', { status: { phase: 'Bound' } }), status: 'Healthy' },
  { name: 'PVC pending', live: obj('v1', 'PersistentVolumeClaim', { status: { phase: 'Pending' } }), status: 'Progressing' },
  { name: 'PVC lost', live: obj('v1', 'PersistentVolumeClaim', { status: { phase: 'Lost' } }), status: 'Degraded' },
  { name: 'PVC without phase', live: obj('v1', 'PersistentVolumeClaim', {}), status: 'Unknown' },
  // Service and Ingress
  { name: 'ClusterIP Service', live: obj('v1', 'Service', { spec: { type: 'ClusterIP' } }), status: 'Healthy' },
  { name: 'LoadBalancer without ingress', live: obj('v1', 'Service', { spec: { type: 'LoadBalancer' }, status: { loadBalancer: {} } }), status: 'Progressing' },
  { name: 'LoadBalancer with ingress', live: obj('v1', 'Service', { spec: { type: 'LoadBalancer' }, status: { loadBalancer: { ingress: [{ ip: '1.2.3.4' }] } } }), status: 'Healthy' },
  { name: 'Ingress without address', live: obj('networking.k8s.io/v1', 'Ingress', {}), status: 'Progressing' },
  { name: 'Ingress with address', live: obj('networking.k8s.io/v1', 'Ingress', { status: { loadBalancer: { ingress: [{ hostname: 'lb' }] } } }), status: 'Healthy' },
];

/** An Argo Rollouts canary as its controller leaves it; `status` overrides the fully promoted one. */
function rollout(statusFields: Record<string, unknown> | undefined, options: { spec?: Record<string, unknown>; generation?: number; annotations?: Record<string, string> } = {}): KubeObject {
  const spec = {
    replicas: 5,
    selector: { matchLabels: { app: 'my-api' } },
    strategy: { canary: { steps: [{ setWeight: 20 }, { pause: { duration: '10s' } }, { setWeight: 60 }, { pause: {} }] } },
    template: { metadata: { labels: { app: 'my-api' } }, spec: { containers: [{ name: 'my-api', image: 'myregistry.com/my-api:v1.5.0' }] } },
    ...options.spec,
  };
  const promoted = {
    observedGeneration: String(options.generation ?? 3),
    phase: 'Healthy',
    currentPodHash: '6b9f5c7d84',
    stableRS: '6b9f5c7d84',
    currentStepIndex: 4,
    currentStepHash: '5f8fbdf7bb',
    replicas: 5,
    updatedReplicas: 5,
    readyReplicas: 5,
    availableReplicas: 5,
    HPAReplicas: 5,
    selector: 'app=my-api',
    canary: {},
    blueGreen: {},
    conditions: [
      { type: 'Available', status: 'True', reason: 'AvailableReason', message: 'Rollout has minimum availability' },
      { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', message: 'ReplicaSet "my-api-6b9f5c7d84" has successfully progressed.' },
      { type: 'Completed', status: 'True', reason: 'RolloutCompleted', message: 'RolloutCompleted' },
      { type: 'Healthy', status: 'True', reason: 'RolloutHealthy', message: 'Rollout is healthy' },
    ],
  };
  const fields = statusFields === undefined ? { spec } : { spec, status: { ...promoted, ...statusFields } };
  return obj('argoproj.io/v1alpha1', 'Rollout', fields, { name: 'my-api', generation: options.generation ?? 3, ...(options.annotations && { annotations: options.annotations }) });
}
const canaryAt20 = { currentPodHash: '7c4d9b8f6d', currentStepIndex: 0, updatedReplicas: 1, availableReplicas: 5, readyReplicas: 5 };
const aborted = {
  ...canaryAt20,
  abort: true,
  abortedAt: '2026-01-01T00:01:00Z',
  updatedReplicas: 0,
  conditions: [{ type: 'Progressing', status: 'False', reason: 'RolloutAborted', message: 'Rollout aborted update to revision 3' }],
};
// Without status.phase (Rollouts before v1.0) Argo CD reads the conditions, pauses and counts itself.
const legacy = (fields: Record<string, unknown>): Record<string, unknown> => ({ phase: undefined, observedGeneration: 'c45557fd9', ...fields });

const rolloutRows: typeof rows = [
  { name: 'Rollout without status', live: rollout(undefined), status: 'Progressing', message: /^Waiting for rollout spec update to be observed$/ },
  { name: 'Rollout generation not observed yet', live: rollout({ observedGeneration: '2' }), status: 'Progressing', message: /spec update to be observed/ },
  { name: 'Rollout fully promoted', live: rollout({}), status: 'Healthy' },
  { name: 'Rollout walking a setWeight step', live: rollout({ ...canaryAt20, phase: 'Progressing', message: 'more replicas need to be updated' }), status: 'Progressing', message: /more replicas/ },
  {
    name: 'Rollout in a canary pause step',
    live: rollout({ ...canaryAt20, currentStepIndex: 1, phase: 'Paused', message: 'CanaryPauseStep', controllerPause: true, pauseConditions: [{ reason: 'CanaryPauseStep', startTime: '2026-01-01T00:00:30Z' }] }),
    status: 'Suspended',
    message: /^CanaryPauseStep$/,
  },
  { name: 'Rollout paused by hand', live: rollout({ phase: 'Paused', message: 'manually paused' }, { spec: { paused: true } }), status: 'Suspended', message: /manually paused/ },
  { name: 'Rollout aborted', live: rollout({ ...aborted, phase: 'Degraded', message: 'RolloutAborted: Rollout aborted update to revision 3' }), status: 'Degraded', message: /^RolloutAborted: Rollout aborted update to revision 3$/ },
  { name: 'Rollout with an invalid spec', live: rollout({ phase: 'Degraded', message: 'InvalidSpec: The Rollout "my-api" is invalid' }), status: 'Degraded', message: /InvalidSpec/ },
  { name: 'Rollout with a phase Argo CD does not know', live: rollout({ phase: 'Exploded' }), status: 'Unknown', message: /Exploded/ },
  { name: 'Rollout v0.9 with a hash as observedGeneration', live: rollout(legacy({})), status: 'Healthy' },
  { name: 'Rollout v0.9 with a numeric hash beyond the generation', live: rollout(legacy({ observedGeneration: '8575574967' })), status: 'Healthy' },
  { name: 'Rollout v0.9 aborted (condition only)', live: rollout(legacy(aborted)), status: 'Degraded', message: /aborted update/ },
  { name: 'Rollout v0.9 aborted (flag only)', live: rollout(legacy({ ...aborted, conditions: [] })), status: 'Degraded', message: /^Rollout is aborted$/ },
  {
    name: 'Rollout v0.9 past its progress deadline',
    live: rollout(legacy({ conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: 'ReplicaSet "my-api-7c4d9b8f6d" has timed out progressing.' }] })),
    status: 'Degraded',
    message: /timed out/,
  },
  { name: 'Rollout v0.9 in a pause step', live: rollout(legacy({ ...canaryAt20, pauseConditions: [{ reason: 'CanaryPauseStep', startTime: '2026-01-01T00:00:30Z' }] })), status: 'Suspended', message: /^Rollout is paused$/ },
  { name: 'Rollout v0.9 paused by hand', live: rollout(legacy({}), { spec: { paused: true } }), status: 'Suspended' },
  { name: 'Rollout v0.9 not reconciled', live: rollout(legacy({ currentPodHash: undefined })), status: 'Progressing', message: /not been reconciled/ },
  { name: 'Rollout v0.9 scaling the canary', live: rollout(legacy(canaryAt20)), status: 'Progressing', message: /More replicas need to be updated/ },
  { name: 'Rollout v0.9 canary pods starting', live: rollout(legacy({ availableReplicas: 3 })), status: 'Progressing', message: /still becoming available/ },
  { name: 'Rollout v0.9 old replicas terminating', live: rollout(legacy({ replicas: 6 })), status: 'Progressing', message: /old replicas are pending termination/ },
  { name: 'Rollout v0.9 steps left', live: rollout(legacy({ ...canaryAt20, updatedReplicas: 5 })), status: 'Progressing', message: /finish steps/ },
  { name: 'Rollout v0.7 stable hash under status.canary', live: rollout(legacy({ stableRS: undefined, canary: { stableRS: '6b9f5c7d84' } })), status: 'Healthy' },
  {
    name: 'Rollout v0.9 blue-green before the cutover',
    live: rollout(legacy({ blueGreen: { activeSelector: '5d8f7c6b9a' } }), { spec: { strategy: { blueGreen: { activeService: 'my-api' } } } }),
    status: 'Progressing',
    message: /cutover pending/,
  },
  {
    name: 'Rollout from a workload whose generation is not observed',
    live: rollout({ workloadObservedGeneration: '1' }, { spec: { workloadRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'my-api' } }, annotations: { 'rollout.argoproj.io/workload-generation': '2' } }),
    status: 'Progressing',
    message: /spec update to be observed/,
  },
  {
    name: 'Rollout from a workload whose generation is observed',
    live: rollout({ workloadObservedGeneration: '2' }, { spec: { workloadRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'my-api' } }, annotations: { 'rollout.argoproj.io/workload-generation': '2' } }),
    status: 'Healthy',
  },
];

describe('resourceHealth', () => {
  it.each([...rows, ...rolloutRows])('$name → $status', ({ live, status, message }) => {
    const health = resourceHealth(live);
    expect(health.status).toBe(status);
    if (message !== undefined) expect(health.message).toMatch(message);
  });
});

describe('aggregateHealth (Argo CD order: Unknown worst, then Degraded, Missing, Progressing, Suspended, Healthy)', () => {
  const h = (status: HealthStatusCode): HealthStatus => ({ status });
  const cases: { name: string; input: HealthStatusCode[]; worst: HealthStatusCode }[] = [
    { name: 'no resources', input: [], worst: 'Healthy' },
    { name: 'all healthy', input: ['Healthy', 'Healthy'], worst: 'Healthy' },
    { name: 'suspended beats healthy', input: ['Healthy', 'Suspended'], worst: 'Suspended' },
    { name: 'progressing beats suspended', input: ['Suspended', 'Progressing'], worst: 'Progressing' },
    { name: 'missing beats progressing', input: ['Progressing', 'Missing'], worst: 'Missing' },
    { name: 'degraded beats missing', input: ['Missing', 'Degraded', 'Progressing'], worst: 'Degraded' },
    { name: 'unknown beats degraded', input: ['Degraded', 'Unknown', 'Healthy'], worst: 'Unknown' },
  ];
  it.each(cases)('$name → $worst', ({ input, worst }) => {
    expect(aggregateHealth(input.map(h)).status).toBe(worst);
  });
});
