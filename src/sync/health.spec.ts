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

describe('resourceHealth', () => {
  it.each(rows)('$name → $status', ({ live, status, message }) => {
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
