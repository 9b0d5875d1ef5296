import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKubeApiServer, type KubeApiServer } from '../support/kube-api';
import { configMap, deployment } from './builders';
import { at, call } from './http';

type Obj = Record<string, unknown>;

function withSpec(obj: Obj, patch: (spec: Obj) => void): Obj {
  const copy = JSON.parse(JSON.stringify(obj)) as Obj;
  patch(copy.spec as Obj);
  return copy;
}

const budget = (name: string, spec: Obj): Obj => ({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name }, spec: { selector: { matchLabels: { app: 'x' } }, ...spec } });
const BUDGETS = '/apis/policy/v1/namespaces/default/poddisruptionbudgets';
const service = (spec: Obj): Obj => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'svc' }, spec });

describe('kube-api test server: validation (422 Invalid)', () => {
  let server: KubeApiServer;

  beforeAll(async () => {
    server = await startKubeApiServer({ name: 'validation', controllerDelayMs: 60_000 });
  });

  afterAll(async () => {
    await server.stop();
  });

  const cases: { name: string; path: string; body: Obj; field?: string }[] = [
    { name: 'a namespace name with a dot', path: '/api/v1/namespaces', body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a.b' } }, field: 'metadata.name' },
    { name: 'a label value with a slash', path: '/api/v1/namespaces/default/configmaps', body: configMap('l', 'default', { metadata: { labels: { app: 'a/b' } } }), field: 'metadata.labels.app' },
    { name: 'a label value longer than 63', path: '/api/v1/namespaces/default/configmaps', body: configMap('l2', 'default', { metadata: { labels: { app: 'x'.repeat(64) } } }), field: 'metadata.labels.app' },
    { name: 'a bad label key', path: '/api/v1/namespaces/default/configmaps', body: configMap('l3', 'default', { metadata: { labels: { '-bad': 'x' } } }), field: 'metadata.labels' },
    { name: 'a selector not matching template labels', path: '/apis/apps/v1/namespaces/default/deployments', body: withSpec(deployment('sel'), (s) => ((s.selector as Obj).matchLabels = { app: 'other' })), field: 'spec.template.metadata.labels' },
    { name: 'a Deployment without a selector', path: '/apis/apps/v1/namespaces/default/deployments', body: withSpec(deployment('nosel'), (s) => delete s.selector), field: 'spec.selector' },
    { name: 'a container without an image', path: '/apis/apps/v1/namespaces/default/deployments', body: withSpec(deployment('noimg'), (s) => delete ((s.template as Obj).spec as { containers: Obj[] }).containers[0].image), field: 'spec.template.spec.containers[0].image' },
    { name: 'no containers', path: '/apis/apps/v1/namespaces/default/deployments', body: withSpec(deployment('empty'), (s) => (((s.template as Obj).spec as Obj).containers = [])), field: 'spec.template.spec.containers' },
    { name: 'a Service without ports', path: '/api/v1/namespaces/default/services', body: service({ selector: { app: 'x' } }), field: 'spec.ports' },
    { name: 'a Service port out of range', path: '/api/v1/namespaces/default/services', body: service({ ports: [{ port: 70000 }] }), field: 'spec.ports[0].port' },
    { name: 'a ConfigMap value that is not a string', path: '/api/v1/namespaces/default/configmaps', body: configMap('num', 'default', { data: { count: 3 } }), field: 'data[count]' },
    { name: 'Secret data that is not base64', path: '/api/v1/namespaces/default/secrets', body: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { p: 'not base64!' } }, field: 'data[p]' },
    { name: 'a PodDisruptionBudget with both bounds', path: BUDGETS, body: budget('both', { minAvailable: 1, maxUnavailable: 1 }), field: 'spec' },
    { name: 'a PodDisruptionBudget with a negative minAvailable', path: BUDGETS, body: budget('neg', { minAvailable: -1 }), field: 'spec.minAvailable' },
    { name: 'a PodDisruptionBudget with a percentage over 100', path: BUDGETS, body: budget('pct', { maxUnavailable: '150%' }), field: 'spec.maxUnavailable' },
  ];

  it.each(cases)('refuses $name', async ({ path, body, field }) => {
    const res = await call(server, path, { method: 'POST', body });
    expect(res.status).toBe(422);
    expect(res.json).toMatchObject({ kind: 'Status', reason: 'Invalid', code: 422, details: { causes: expect.arrayContaining([expect.objectContaining({ field })]) } });
  });

  it('words the message like kube-apiserver and accepts a headless Service without ports', async () => {
    const res = await call(server, '/apis/apps/v1/namespaces/default/deployments', { method: 'POST', body: withSpec(deployment('msg'), (s) => ((s.selector as Obj).matchLabels = { app: 'other' })) });
    expect(at(res.json, 'message')).toBe('Deployment.apps "msg" is invalid: spec.template.metadata.labels: Invalid value: `selector` does not match template `labels`');
    expect(at(res.json, 'details')).toMatchObject({ name: 'msg', group: 'apps', kind: 'Deployment' });
    expect((await call(server, '/api/v1/namespaces/default/services', { method: 'POST', body: service({ clusterIP: 'None' }) })).status).toBe(201);
  });

  it('accepts a PodDisruptionBudget with one bound, as a count or a percentage', async () => {
    expect((await call(server, BUDGETS, { method: 'POST', body: budget('count', { minAvailable: 1 }) })).status).toBe(201);
    expect((await call(server, BUDGETS, { method: 'POST', body: budget('percent', { maxUnavailable: '25%' }) })).status).toBe(201);
  });

  it('keeps a Deployment selector immutable', async () => {
    await call(server, '/apis/apps/v1/namespaces/default/deployments', { method: 'POST', body: deployment('immutable') });
    const res = await call(server, '/apis/apps/v1/namespaces/default/deployments/immutable', {
      method: 'PATCH',
      contentType: 'application/merge-patch+json',
      body: { spec: { selector: { matchLabels: { app: 'immutable', v: '2' } }, template: { metadata: { labels: { app: 'immutable', v: '2' } } } } },
    });
    expect(res.status).toBe(422);
    expect(at(res.json, 'message')).toContain('spec.selector: Invalid value: field is immutable');
  });
});
