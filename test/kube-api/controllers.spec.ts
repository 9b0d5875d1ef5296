import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/clock/fake-clock';
import { startKubeApiServer, type KubeApiServer } from '../support/kube-api';
import { deployment } from './builders';
import { at, call } from './http';

type Obj = Record<string, unknown>;
// The controllers run on a FakeClock, so the delay is only a number the tests move the clock by.
const DELAY_MS = 300;

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

describe('kube-api test server: simulated controllers', () => {
  const clock = new FakeClock();
  let server: KubeApiServer;
  const read = async (path: string): Promise<unknown> => (await call(server, path)).json;

  beforeAll(async () => {
    server = await startKubeApiServer({ name: 'controllers', namespaces: ['work'], controllerDelayMs: DELAY_MS, clock });
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
    await clock.advance(0);
    const early = await read(`${path}/${name}`);
    expect(at(early, 'status.observedGeneration')).toBe(1);
    expect(at(early, 'status.readyReplicas')).toBeUndefined();
    expect(condition(early, 'Progressing')).toMatchObject({ reason: 'ReplicaSetUpdated' });
    await clock.advance(DELAY_MS - 1);
    expect(condition(await read(`${path}/${name}`), 'Progressing')).toMatchObject({ reason: 'ReplicaSetUpdated' });
    await clock.advance(1);
    const late = await read(`${path}/${name}`);
    expect(at(late, 'status')).toMatchObject({ observedGeneration: 1, replicas: 3, updatedReplicas: 3 });
    expect(at(late, 'status.readyReplicas')).toBe(ready);
    expect(at(late, 'status.availableReplicas')).toBe(ready);
    expect(condition(late, 'Available')).toMatchObject({ status: available });
    expect(condition(late, 'Progressing')).toMatchObject({ reason: progressing });
  });

  it('reports a DaemonSet scheduled on its one simulated node', async () => {
    await call(server, '/apis/apps/v1/namespaces/work/daemonsets', { method: 'POST', body: workload('DaemonSet', 'agent', 'agent:1') });
    await clock.advance(DELAY_MS);
    const res = await read('/apis/apps/v1/namespaces/work/daemonsets/agent');
    expect(at(res, 'status')).toMatchObject({ observedGeneration: 1, desiredNumberScheduled: 1, numberReady: 1, numberAvailable: 1 });
  });

  it('follows a new generation: progressing again, then settled with the new observedGeneration', async () => {
    const path = '/apis/apps/v1/namespaces/work/deployments';
    await call(server, path, { method: 'POST', body: deployment('rolling', 'work', { image: 'app:1' }) });
    await clock.advance(DELAY_MS);
    expect(condition(await read(`${path}/rolling`), 'Progressing')).toMatchObject({ reason: 'NewReplicaSetAvailable' });
    await call(server, `${path}/rolling`, { method: 'PATCH', contentType: 'application/strategic-merge-patch+json', body: { spec: { template: { spec: { containers: [{ name: 'app', image: 'app:2' }] } } } } });
    await clock.advance(0);
    const during = await read(`${path}/rolling`);
    expect(at(during, 'status.observedGeneration')).toBe(2);
    expect(condition(during, 'Progressing')).toMatchObject({ reason: 'ReplicaSetUpdated' });
    await clock.advance(DELAY_MS);
    const after = await read(`${path}/rolling`);
    expect(at(after, 'status.observedGeneration')).toBe(2);
    expect(condition(after, 'Progressing')).toMatchObject({ reason: 'NewReplicaSetAvailable' });
  });

  const jobs: { name: string; image: string; condition: string; counts: Obj }[] = [
    { name: 'completes', image: 'task:1', condition: 'Complete', counts: { succeeded: 1 } },
    { name: 'fails for a broken image', image: 'task:broken', condition: 'Failed', counts: { failed: 3 } },
  ];

  it.each(jobs)('a Job $name', async ({ image, condition: type, counts }) => {
    const name = `job-${type.toLowerCase()}`;
    await call(server, '/apis/batch/v1/namespaces/work/jobs', { method: 'POST', body: job(name, image) });
    const path = `/apis/batch/v1/namespaces/work/jobs/${name}`;
    await clock.advance(0);
    const running = await read(path);
    expect(at(running, 'status.startTime')).toEqual(expect.any(String));
    expect(at(running, 'status.active')).toBe(1);
    expect(at(running, 'status.conditions')).toBeUndefined();
    await clock.advance(DELAY_MS);
    const done = await read(path);
    expect(at(done, 'status')).toMatchObject(counts);
    expect(condition(done, type)).toMatchObject({ status: 'True' });
  });

  it('attributes status to kube-controller-manager through the status subresource', async () => {
    await call(server, '/apis/apps/v1/namespaces/work/deployments', { method: 'POST', body: deployment('owned', 'work') });
    await clock.advance(DELAY_MS);
    const res = await read('/apis/apps/v1/namespaces/work/deployments/owned');
    expect(at(res, 'metadata.managedFields')).toContainEqual(expect.objectContaining({ manager: 'kube-controller-manager', operation: 'Update', subresource: 'status' }));
  });
});
