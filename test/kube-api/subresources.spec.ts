import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/clock/fake-clock';
import { startKubeApiServer, type KubeApiServer } from '../support/kube-api';
import { deployment } from './builders';
import { at, call, type CallOptions } from './http';

const PATH = (name: string, sub = ''): string => `/apis/apps/v1/namespaces/subs/deployments/${name}${sub ? `/${sub}` : ''}`;

describe('kube-api test server: status and scale subresources', () => {
  let server: KubeApiServer;
  let counter = 0;
  const fresh = async (): Promise<string> => {
    const name = `d${++counter}`;
    await call(server, '/apis/apps/v1/namespaces/subs/deployments', { method: 'POST', body: deployment(name, 'subs', { replicas: 3 }) });
    return name;
  };

  beforeAll(async () => {
    // A clock the test never moves keeps simulated status writes out of the way.
    server = await startKubeApiServer({ name: 'subresources', namespaces: ['subs'], clock: new FakeClock() });
  });

  afterAll(async () => {
    await server.stop();
  });

  it('ignores status on the main resource and spec on the status subresource', async () => {
    const name = await fresh();
    await call(server, PATH(name), { method: 'PATCH', contentType: 'application/merge-patch+json', body: { status: { replicas: 42 } } });
    expect(at((await call(server, PATH(name))).json, 'status.replicas')).not.toBe(42);
    const res = await call(server, PATH(name, 'status'), { method: 'PATCH', contentType: 'application/merge-patch+json', body: { spec: { replicas: 9 }, status: { replicas: 42 } } });
    expect(res.status).toBe(200);
    expect(at(res.json, 'status.replicas')).toBe(42);
    expect(at(res.json, 'spec.replicas')).toBe(3);
    expect(at(res.json, 'metadata.generation')).toBe(1);
  });

  const scaleCases: { name: string; options: (rv: string) => CallOptions; status: number; replicas: number }[] = [
    { name: 'GET reads replicas and selector', options: () => ({}), status: 200, replicas: 3 },
    { name: 'merge patch sets replicas', options: () => ({ method: 'PATCH', contentType: 'application/merge-patch+json', body: { spec: { replicas: 5 } } }), status: 200, replicas: 5 },
    { name: 'PUT with the current resourceVersion', options: (rv) => ({ method: 'PUT', body: { apiVersion: 'autoscaling/v1', kind: 'Scale', metadata: { resourceVersion: rv }, spec: { replicas: 1 } } }), status: 200, replicas: 1 },
    { name: 'PUT with a stale resourceVersion', options: () => ({ method: 'PUT', body: { apiVersion: 'autoscaling/v1', kind: 'Scale', metadata: { resourceVersion: '1' }, spec: { replicas: 1 } } }), status: 409, replicas: 3 },
    { name: 'negative replicas', options: () => ({ method: 'PATCH', contentType: 'application/merge-patch+json', body: { spec: { replicas: -1 } } }), status: 422, replicas: 3 },
  ];

  it.each(scaleCases)('scale: $name → $status', async ({ options, status, replicas }) => {
    const name = await fresh();
    const rv = at((await call(server, PATH(name))).json, 'metadata.resourceVersion') as string;
    const res = await call(server, PATH(name, 'scale'), options(rv));
    expect(res.status).toBe(status);
    if (status === 200) expect(res.json).toMatchObject({ kind: 'Scale', apiVersion: 'autoscaling/v1', spec: { replicas }, status: { selector: `app=${name}` } });
    expect(at((await call(server, PATH(name))).json, 'spec.replicas')).toBe(replicas);
  });

  it('answers 404 for scale on a kind without it', async () => {
    expect((await call(server, '/api/v1/namespaces/subs/configmaps/x/scale')).status).toBe(404);
  });
});
