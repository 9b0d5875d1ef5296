import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/clock/fake-clock';
import { startKubeApiServer, type KubeApiServer } from '../support/kube-api';
import { createPlacementDecision, decide, installPlacementDecisions, PLACEMENT_API_VERSION, PLACEMENT_LABEL } from '../support/placement-decisions';
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

  // What a placement controller does to a custom resource (OCM's PlacementDecision) and what the hub reads back.
  it('serves the status subresource of a custom resource that declares one, and selects its objects', async () => {
    const collection = `/apis/${PLACEMENT_API_VERSION}/namespaces/subs/placementdecisions`;
    await installPlacementDecisions(server);
    await createPlacementDecision(server, 'subs', 'web-1', 'web');
    await createPlacementDecision(server, 'subs', 'db-1', 'db');
    const ignored = await call(server, `${collection}/web-1`, { method: 'PATCH', contentType: 'application/merge-patch+json', body: { status: { decisions: [{ clusterName: 'x' }] } } });
    expect(ignored.status).toBe(200);
    expect(at(ignored.json, 'status')).toBeUndefined();

    await decide(server, 'subs', 'web-1', ['east', 'west']);
    await decide(server, 'subs', 'web-1', ['west']);
    const byLabel = await call(server, `${collection}?labelSelector=${encodeURIComponent(`${PLACEMENT_LABEL} in (web)`)}`);
    expect(at(byLabel.json, 'items.0.status')).toEqual({ decisions: [{ clusterName: 'west', reason: 'Selected' }] });
    expect(at(byLabel.json, 'items.length')).toBe(1);
    const byName = await call(server, `${collection}?fieldSelector=metadata.name%3Ddb-1`);
    expect((at(byName.json, 'items') as { metadata: { name: string } }[]).map((item) => item.metadata.name)).toEqual(['db-1']);
    expect((await call(server, `/apis/${PLACEMENT_API_VERSION}/namespaces/subs/placementdecisions/nope/status`)).status).toBe(404);
  });
});
