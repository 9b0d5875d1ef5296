import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKubeApiServer, type KubeApiServer } from '../support/kube-api';
import { deployment } from './builders';
import { at, call } from './http';

type Obj = Record<string, unknown>;
const DELAY_MS = 80;

function workload(kind: string, name: string, image: string): Obj {
  const base = deployment(name, 'work', { image, replicas: 3 });
  if (kind === 'DaemonSet') delete (base.spec as Obj).replicas;
  return { ...base, kind };
}

function job(name: string, image: string): Obj {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace: 'work' },
    spec: { backoffLimit: 2, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'run', image }] } } },
  };
}

const condition = (obj: unknown, type: string): Obj | undefined => (at(obj, 'status.conditions') as Obj[] | undefined)?.find((c) => c.type === type);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('kube-api test server: simulated controllers', () => {
  let server: KubeApiServer;

  beforeAll(async () => {
    server = await startKubeApiServer({ name: 'controllers', namespaces: ['work'], controllerDelayMs: DELAY_MS });
  });

  afterAll(async () => {
    await server.stop();
  });

  const rollouts: { name: string; kind: string; plural: string; image: string; available: string; progressing: string; ready?: number }[] = [
    { name: 'healthy Deployment', kind: 'Deployment', plural: 'deployments', image: 'app:1.0', available: 'True', progressing: 'NewReplicaSetAvailable', ready: 3 },
    { name: 'broken Deployment', kind: 'Deployment', plural: 'deployments', image: 'app:1.0-broken', available: 'False', progressing: 'ProgressDeadlineExceeded' },
    { name: 'healthy StatefulSet', kind: 'StatefulSet', plural: 'statefulsets', image: 'db:15', available: 'True', progressing: 'NewReplicaSetAvailable', ready: 3 },
    { name: 'healthy ReplicaSet', kind: 'ReplicaSet', plural: 'replicasets', image: 'app:2', available: 'True', progressing: 'NewReplicaSetAvailable', ready: 3 },
    { name: 'broken StatefulSet', kind: 'StatefulSet', plural: 'statefulsets', image: 'db:broken', available: 'False', progressing: 'ProgressDeadlineExceeded' },
  ];

  it.each(rollouts)('reports $name status after the delay', async ({ kind, plural, image, available, progressing, ready }) => {
    const name = `${plural}-${image.replace(/[^a-z0-9]/g, '')}`;
    const path = `/apis/apps/v1/namespaces/work/${plural}`;
    await call(server, path, { method: 'POST', body: workload(kind, name, image) });
    await sleep(10);
    const early = await call(server, `${path}/${name}`);
    expect(at(early.json, 'status.observedGeneration')).toBe(1);
    expect(at(early.json, 'status.readyReplicas')).toBeUndefined();
    await sleep(DELAY_MS + 60);
    const late = await call(server, `${path}/${name}`);
    expect(at(late.json, 'status')).toMatchObject({ observedGeneration: 1, replicas: 3, updatedReplicas: 3 });
    expect(at(late.json, 'status.readyReplicas')).toBe(ready);
    expect(at(late.json, 'status.availableReplicas')).toBe(ready);
    expect(condition(late.json, 'Available')).toMatchObject({ status: available });
    expect(condition(late.json, 'Progressing')).toMatchObject({ reason: progressing });
  });

  it('reports a DaemonSet scheduled on its one simulated node', async () => {
    await call(server, '/apis/apps/v1/namespaces/work/daemonsets', { method: 'POST', body: workload('DaemonSet', 'agent', 'agent:1') });
    await sleep(DELAY_MS + 60);
    const res = await call(server, '/apis/apps/v1/namespaces/work/daemonsets/agent');
    expect(at(res.json, 'status')).toMatchObject({ observedGeneration: 1, desiredNumberScheduled: 1, numberReady: 1, numberAvailable: 1 });
  });

  it('follows a new generation: progressing again, then settled with the new observedGeneration', async () => {
    const path = '/apis/apps/v1/namespaces/work/deployments';
    await call(server, path, { method: 'POST', body: deployment('rolling', 'work', { image: 'app:1' }) });
    await sleep(DELAY_MS + 60);
    await call(server, `${path}/rolling`, { method: 'PATCH', contentType: 'application/strategic-merge-patch+json', body: { spec: { template: { spec: { containers: [{ name: 'app', image: 'app:2' }] } } } } });
    await sleep(10);
    const during = await call(server, `${path}/rolling`);
    expect(at(during.json, 'status.observedGeneration')).toBe(2);
    expect(condition(during.json, 'Progressing')).toMatchObject({ reason: 'ReplicaSetUpdated' });
    await sleep(DELAY_MS + 60);
    expect(condition((await call(server, `${path}/rolling`)).json, 'Progressing')).toMatchObject({ reason: 'NewReplicaSetAvailable' });
  });

  const jobs: { name: string; image: string; condition: string; counts: Obj }[] = [
    { name: 'completes', image: 'task:1', condition: 'Complete', counts: { succeeded: 1 } },
    { name: 'fails for a broken image', image: 'task:broken', condition: 'Failed', counts: { failed: 3 } },
  ];

  it.each(jobs)('a Job $name', async ({ image, condition: type, counts }) => {
    const name = `job-${type.toLowerCase()}`;
    await call(server, '/apis/batch/v1/namespaces/work/jobs', { method: 'POST', body: job(name, image) });
    await sleep(10);
    expect(at((await call(server, `/apis/batch/v1/namespaces/work/jobs/${name}`)).json, 'status.active')).toBe(1);
    await sleep(DELAY_MS + 60);
    const res = await call(server, `/apis/batch/v1/namespaces/work/jobs/${name}`);
    expect(at(res.json, 'status')).toMatchObject(counts);
    expect(condition(res.json, type)).toMatchObject({ status: 'True' });
  });

  it('attributes status to kube-controller-manager through the status subresource', async () => {
    await call(server, '/apis/apps/v1/namespaces/work/deployments', { method: 'POST', body: deployment('owned', 'work') });
    await sleep(DELAY_MS + 60);
    const res = await call(server, '/apis/apps/v1/namespaces/work/deployments/owned');
    expect(at(res.json, 'metadata.managedFields')).toContainEqual(expect.objectContaining({ manager: 'kube-controller-manager', operation: 'Update', subresource: 'status' }));
  });
});
