import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKubeApiServer, type KubeApiServer } from '../support/kube-api';
import { deployment } from './builders';
import { at, call } from './http';

type Obj = Record<string, unknown>;
// Long enough that the "in progress" state is observable on a loaded 2-core machine.
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
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls a path until the predicate holds (bounded), then returns the body. */
async function waitFor(server: KubeApiServer, path: string, predicate: (obj: unknown) => boolean, timeoutMs = 5000): Promise<unknown> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const body = (await call(server, path)).json;
    if (predicate(body)) return body;
    if (Date.now() > deadline) throw new Error(`${path} did not reach the expected state: ${JSON.stringify(at(body, 'status'))}`);
    await sleep(20);
  }
}

const settled = (obj: unknown): boolean => (condition(obj, 'Progressing')?.reason ?? 'ReplicaSetUpdated') !== 'ReplicaSetUpdated';

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
    const early = await waitFor(server, `${path}/${name}`, (o) => at(o, 'status.observedGeneration') === 1);
    expect(at(early, 'status.readyReplicas')).toBeUndefined();
    expect(condition(early, 'Progressing')).toMatchObject({ reason: 'ReplicaSetUpdated' });
    const late = await waitFor(server, `${path}/${name}`, settled);
    expect(at(late, 'status')).toMatchObject({ observedGeneration: 1, replicas: 3, updatedReplicas: 3 });
    expect(at(late, 'status.readyReplicas')).toBe(ready);
    expect(at(late, 'status.availableReplicas')).toBe(ready);
    expect(condition(late, 'Available')).toMatchObject({ status: available });
    expect(condition(late, 'Progressing')).toMatchObject({ reason: progressing });
  });

  it('reports a DaemonSet scheduled on its one simulated node', async () => {
    await call(server, '/apis/apps/v1/namespaces/work/daemonsets', { method: 'POST', body: workload('DaemonSet', 'agent', 'agent:1') });
    const res = await waitFor(server, '/apis/apps/v1/namespaces/work/daemonsets/agent', settled);
    expect(at(res, 'status')).toMatchObject({ observedGeneration: 1, desiredNumberScheduled: 1, numberReady: 1, numberAvailable: 1 });
  });

  it('follows a new generation: progressing again, then settled with the new observedGeneration', async () => {
    const path = '/apis/apps/v1/namespaces/work/deployments';
    await call(server, path, { method: 'POST', body: deployment('rolling', 'work', { image: 'app:1' }) });
    await waitFor(server, `${path}/rolling`, settled);
    await call(server, `${path}/rolling`, { method: 'PATCH', contentType: 'application/strategic-merge-patch+json', body: { spec: { template: { spec: { containers: [{ name: 'app', image: 'app:2' }] } } } } });
    const during = await waitFor(server, `${path}/rolling`, (o) => at(o, 'status.observedGeneration') === 2);
    expect(condition(during, 'Progressing')).toMatchObject({ reason: 'ReplicaSetUpdated' });
    const after = await waitFor(server, `${path}/rolling`, settled);
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
    const running = await waitFor(server, path, (o) => at(o, 'status.startTime') !== undefined);
    expect(at(running, 'status.active')).toBe(1);
    const done = await waitFor(server, path, (o) => at(o, 'status.conditions') !== undefined);
    expect(at(done, 'status')).toMatchObject(counts);
    expect(condition(done, type)).toMatchObject({ status: 'True' });
  });

  it('attributes status to kube-controller-manager through the status subresource', async () => {
    await call(server, '/apis/apps/v1/namespaces/work/deployments', { method: 'POST', body: deployment('owned', 'work') });
    const res = await waitFor(server, '/apis/apps/v1/namespaces/work/deployments/owned', settled);
    expect(at(res, 'metadata.managedFields')).toContainEqual(expect.objectContaining({ manager: 'kube-controller-manager', operation: 'Update', subresource: 'status' }));
  });
});
