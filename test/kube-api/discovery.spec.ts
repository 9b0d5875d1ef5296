import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKubeApiServer, type KubeApiServer } from '../support/kube-api';
import { rolloutCrd } from './builders';
import { at, call } from './http';

describe('kube-api test server: discovery', () => {
  let server: KubeApiServer;

  beforeAll(async () => {
    server = await startKubeApiServer({ name: 'discovery' });
  });

  afterAll(async () => {
    await server.stop();
  });

  it('answers /api with the core version and /apis with every group and its preferred version', async () => {
    const api = await call(server, '/api');
    expect(api.json).toMatchObject({ kind: 'APIVersions', versions: ['v1'] });
    const apis = await call(server, '/apis');
    expect(at(apis.json, 'kind')).toBe('APIGroupList');
    const groups = (at(apis.json, 'groups') as { name: string; preferredVersion: { groupVersion: string } }[]).map((g) => g.preferredVersion.groupVersion);
    expect(groups.sort()).toEqual(['apiextensions.k8s.io/v1', 'apps/v1', 'autoscaling/v2', 'batch/v1', 'networking.k8s.io/v1', 'policy/v1', 'rbac.authorization.k8s.io/v1']);
  });

  const resources: { name: string; path: string; resource: object }[] = [
    { name: 'namespaces (cluster-scoped, short name ns)', path: '/api/v1', resource: { name: 'namespaces', singularName: 'namespace', kind: 'Namespace', namespaced: false, shortNames: ['ns'] } },
    { name: 'configmaps', path: '/api/v1', resource: { name: 'configmaps', singularName: 'configmap', kind: 'ConfigMap', namespaced: true, shortNames: ['cm'] } },
    { name: 'pods are read-only', path: '/api/v1', resource: { name: 'pods', kind: 'Pod', verbs: ['get', 'list', 'watch'] } },
    { name: 'deployments', path: '/apis/apps/v1', resource: { name: 'deployments', singularName: 'deployment', kind: 'Deployment', namespaced: true, shortNames: ['deploy'], verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'] } },
    { name: 'deployment status subresource', path: '/apis/apps/v1', resource: { name: 'deployments/status', kind: 'Deployment', verbs: ['get', 'patch', 'update'] } },
    { name: 'horizontal pod autoscalers in autoscaling/v2', path: '/apis/autoscaling/v2', resource: { name: 'horizontalpodautoscalers', kind: 'HorizontalPodAutoscaler', shortNames: ['hpa'] } },
    { name: 'pod disruption budgets in policy/v1', path: '/apis/policy/v1', resource: { name: 'poddisruptionbudgets', kind: 'PodDisruptionBudget', namespaced: true, shortNames: ['pdb'] } },
    { name: 'cluster roles', path: '/apis/rbac.authorization.k8s.io/v1', resource: { name: 'clusterroles', kind: 'ClusterRole', namespaced: false } },
    { name: 'cron jobs', path: '/apis/batch/v1', resource: { name: 'cronjobs', kind: 'CronJob', shortNames: ['cj'] } },
    { name: 'ingresses', path: '/apis/networking.k8s.io/v1', resource: { name: 'ingresses', kind: 'Ingress', shortNames: ['ing'] } },
    { name: 'CRDs', path: '/apis/apiextensions.k8s.io/v1', resource: { name: 'customresourcedefinitions', kind: 'CustomResourceDefinition', namespaced: false, shortNames: ['crd', 'crds'] } },
  ];

  it.each(resources)('lists $name in its APIResourceList', async ({ path, resource }) => {
    const res = await call(server, path);
    expect(res.json).toMatchObject({ kind: 'APIResourceList', groupVersion: path.replace(/^\/apis?\//, '') });
    expect(at(res.json, 'resources')).toContainEqual(expect.objectContaining(resource));
  });

  const missing: { name: string; path: string }[] = [
    { name: 'unknown group', path: '/apis/example.io/v1' },
    { name: 'unknown version of a known group', path: '/apis/apps/v2' },
    { name: 'unknown kind', path: '/api/v1/namespaces/default/widgets' },
    { name: 'unknown kind in a known group', path: '/apis/apps/v1/namespaces/default/rollouts' },
    { name: 'cluster-scoped kind under a namespace', path: '/apis/rbac.authorization.k8s.io/v1/namespaces/default/clusterroles' },
    { name: 'unknown subresource', path: '/apis/apps/v1/namespaces/default/deployments/web/exec' },
  ];

  it.each(missing)('answers 404 NotFound for $name', async ({ path }) => {
    const res = await call(server, path);
    expect(res.status).toBe(404);
    expect(res.json).toMatchObject({ kind: 'Status', reason: 'NotFound', code: 404 });
  });

  it('serves a CRD-registered kind in discovery and on its paths until the CRD is deleted', async () => {
    const created = await call(server, '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', { method: 'POST', body: rolloutCrd() });
    expect(created.status).toBe(201);
    const list = await call(server, '/apis/argoproj.io/v1alpha1');
    expect(at(list.json, 'resources')).toContainEqual(expect.objectContaining({ name: 'rollouts', kind: 'Rollout', namespaced: true, shortNames: ['ro'] }));
    const groups = await call(server, '/apis');
    expect(JSON.stringify(groups.json)).toContain('argoproj.io/v1alpha1');
    expect(JSON.stringify((await call(server, '/openapi/v3')).json)).toContain('argoproj.io/v1alpha1');

    const rollout = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', metadata: { name: 'web' }, spec: { replicas: 3 } };
    const cr = await call(server, '/apis/argoproj.io/v1alpha1/namespaces/default/rollouts', { method: 'POST', body: rollout });
    expect(cr.status).toBe(201);
    expect(at(cr.json, 'metadata.generation')).toBe(1);
    const read = await call(server, '/apis/argoproj.io/v1alpha1/namespaces/default/rollouts/web');
    expect(at(read.json, 'spec.replicas')).toBe(3);

    const crd = await call(server, '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/rollouts.argoproj.io');
    expect(at(crd.json, 'status.conditions')).toContainEqual(expect.objectContaining({ type: 'Established', status: 'True' }));

    await call(server, '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/rollouts.argoproj.io', { method: 'DELETE' });
    expect((await call(server, '/apis/argoproj.io/v1alpha1')).status).toBe(404);
    expect((await call(server, '/apis/argoproj.io/v1alpha1/namespaces/default/rollouts/web')).status).toBe(404);
    // Discovery answers are kept between requests, but not past a change to the served kinds.
    expect(JSON.stringify((await call(server, '/apis')).json)).not.toContain('argoproj.io');
    expect(JSON.stringify((await call(server, '/openapi/v3')).json)).not.toContain('argoproj.io');
  });
});
