import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { FakeClock } from '../../src/clock/fake-clock';
import { startKubeApiServer, type KubeApiServer } from '../support/kube-api';
import { deployment } from './builders';
import { at, call, collect, type CallResult } from './http';

type Obj = Record<string, unknown>;
const PATH = (name: string): string => `/apis/apps/v1/namespaces/ssa/deployments/${name}`;

interface ManagedEntry {
  manager: string;
  operation: string;
  fieldsV1: Obj;
}

describe('kube-api test server: server-side apply', () => {
  // The simulated controllers write status only when the test moves this clock.
  const clock = new FakeClock();
  let server: KubeApiServer;

  const apply = (name: string, body: Obj, manager: string, extra = ''): Promise<CallResult> =>
    call(server, `${PATH(name)}?fieldManager=${manager}${extra}`, { method: 'PATCH', contentType: 'application/apply-patch+yaml', rawBody: stringify(body) });
  const read = async (name: string): Promise<Obj> => (await call(server, PATH(name))).json as Obj;
  const managers = (obj: Obj): ManagedEntry[] => at(obj, 'metadata.managedFields') as ManagedEntry[];
  const owned = (obj: Obj, manager: string): string => JSON.stringify(managers(obj).find((m) => m.manager === manager)?.fieldsV1 ?? {});

  beforeAll(async () => {
    server = await startKubeApiServer({ name: 'ssa', namespaces: ['ssa'], controllerDelayMs: 20, clock });
  });

  afterAll(async () => {
    await server.stop();
  });

  it('creates with 201 and records the applied fields under the manager (operation Apply)', async () => {
    const res = await apply('create', deployment('create', 'ssa'), 'flotilla');
    expect(res.status).toBe(201);
    const entry = managers(res.json as Obj).find((m) => m.manager === 'flotilla');
    expect(entry).toMatchObject({ operation: 'Apply', apiVersion: 'apps/v1', fieldsType: 'FieldsV1' });
    expect(entry?.fieldsV1).toMatchObject({
      'f:metadata': { 'f:labels': { 'f:app': {} } },
      'f:spec': {
        'f:replicas': {},
        'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"app"}': { '.': {}, 'f:image': {}, 'f:name': {}, 'f:ports': { 'k:{"containerPort":8080,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} } } } } } },
      },
    });
    expect(JSON.stringify(entry?.fieldsV1)).not.toContain('f:status');
  });

  it('changes nothing (same resourceVersion) when the same configuration is applied again', async () => {
    const first = await apply('same', deployment('same', 'ssa'), 'flotilla');
    // Let the simulated controller finish its status writes first.
    await clock.advance(20);
    const before = await read('same');
    expect(at(before, 'status.availableReplicas')).toBe(2);
    const again = await apply('same', deployment('same', 'ssa'), 'flotilla');
    expect(at(again.json, 'metadata.resourceVersion')).toBe(at(before, 'metadata.resourceVersion'));
    expect(at(again.json, 'metadata.generation')).toBe(at(first.json, 'metadata.generation'));
  });

  it('changes only the changed field and bumps generation', async () => {
    await apply('change', deployment('change', 'ssa'), 'flotilla');
    const res = await apply('change', deployment('change', 'ssa', { image: 'registry.local/app:2.0.0' }), 'flotilla');
    expect(at(res.json, 'metadata.generation')).toBe(2);
    expect(at(res.json, 'spec.template.spec.containers.0.image')).toBe('registry.local/app:2.0.0');
    expect(at(res.json, 'spec.replicas')).toBe(2);
  });

  describe('conflicts between managers', () => {
    const cases: { name: string; second: Obj; extra: string; status: number; firstKeepsReplicas: boolean; replicas: number }[] = [
      { name: 'a different value without force is a 409 naming the owner', second: { replicas: 5 }, extra: '', status: 409, firstKeepsReplicas: true, replicas: 2 },
      { name: 'a different value with force takes the field over', second: { replicas: 5 }, extra: '&force=true', status: 200, firstKeepsReplicas: false, replicas: 5 },
      { name: 'the same value is shared ownership, no conflict', second: { replicas: 2 }, extra: '', status: 200, firstKeepsReplicas: true, replicas: 2 },
    ];

    it.each(cases)('$name', async ({ second, extra, status, firstKeepsReplicas, replicas }) => {
      const name = `conflict-${status}-${extra ? 'force' : 'plain'}-${String(second.replicas)}`;
      await apply(name, deployment(name, 'ssa'), 'flotilla');
      const res = await apply(name, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'ssa' }, spec: second }, 'hpa-controller', extra);
      expect(res.status).toBe(status);
      if (status === 409) {
        expect(res.json).toMatchObject({
          kind: 'Status',
          reason: 'Conflict',
          code: 409,
          message: 'Apply failed with 1 conflict: conflict with "flotilla": .spec.replicas',
          details: { name, group: 'apps', kind: 'deployments', causes: [{ type: 'FieldManagerConflict', message: 'conflict with "flotilla"', field: '.spec.replicas' }] },
        });
      }
      const obj = await read(name);
      expect(at(obj, 'spec.replicas')).toBe(replicas);
      expect(owned(obj, 'flotilla').includes('"f:replicas"')).toBe(firstKeepsReplicas);
    });

    it('names an Update manager with its API version', async () => {
      await apply('edited', deployment('edited', 'ssa'), 'flotilla');
      await call(server, `${PATH('edited')}?fieldManager=kubectl-edit`, { method: 'PATCH', contentType: 'application/merge-patch+json', body: { spec: { replicas: 9 } } });
      expect(owned(await read('edited'), 'flotilla')).not.toContain('"f:replicas"');
      const res = await apply('edited', deployment('edited', 'ssa'), 'flotilla');
      expect(at(res.json, 'message')).toBe('Apply failed with 1 conflict: conflict with "kubectl-edit" using apps/v1: .spec.replicas');
    });
    it('groups several conflicts by manager', async () => {
      await apply('multi', deployment('multi', 'ssa'), 'flotilla');
      await call(server, `${PATH('multi')}?fieldManager=editor`, { method: 'PATCH', contentType: 'application/merge-patch+json', body: { spec: { replicas: 4 } } });
      const res = await apply('multi', deployment('multi', 'ssa', { replicas: 6, image: 'registry.local/app:9' }), 'third');
      expect(at(res.json, 'message')).toBe(
        'Apply failed with 2 conflicts: conflicts with "editor" using apps/v1:\n- .spec.replicas\nconflicts with "flotilla":\n- .spec.template.spec.containers[name="app"].image',
      );
      expect((at(res.json, 'details.causes') as unknown[]).length).toBe(2);
    });
  });

  describe('fields dropped from an applied configuration', () => {
    it('removes a label the manager owned alone', async () => {
      await apply('drop-label', deployment('drop-label', 'ssa', { labels: { app: 'drop-label', tier: 'web' } }), 'flotilla');
      const res = await apply('drop-label', deployment('drop-label', 'ssa', { labels: { app: 'drop-label' } }), 'flotilla');
      expect(at(res.json, 'metadata.labels')).toEqual({ app: 'drop-label' });
    });

    it('removes a whole labels map the manager owned alone, as a new resourceVersion', async () => {
      const created = await apply('drop-all', deployment('drop-all', 'ssa', { labels: { team: 'a' } }), 'flotilla');
      const without = deployment('drop-all', 'ssa');
      delete (without.metadata as Obj).labels;
      const res = await apply('drop-all', without, 'flotilla');
      expect(at(res.json, 'metadata.labels')).toBeUndefined();
      expect(Number(at(res.json, 'metadata.resourceVersion'))).toBeGreaterThan(Number(at(created.json, 'metadata.resourceVersion')));
      // The stored history is untouched: every state before the last apply still has the label. The controllers
      // run on the test clock, so the two applies are the object's only events.
      const since = Number(at(created.json, 'metadata.resourceVersion')) - 1;
      const events = await collect(server, `/apis/apps/v1/namespaces/ssa/deployments?watch=true&resourceVersion=${since}&fieldSelector=metadata.name%3Ddrop-all`, 2);
      const history = events.filter((e) => Number(at(e, 'object.metadata.resourceVersion')) < Number(at(res.json, 'metadata.resourceVersion')));
      expect(history.length).toBeGreaterThan(0);
      for (const event of history) expect(at(event, 'object.metadata.labels')).toEqual({ team: 'a' });
    });

    it('keeps a field another manager also owns', async () => {
      await apply('shared', deployment('shared', 'ssa'), 'flotilla');
      await apply('shared', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'shared', namespace: 'ssa' }, spec: { replicas: 2 } }, 'other');
      const without = deployment('shared', 'ssa');
      delete (without.spec as Obj).replicas;
      const res = await apply('shared', without, 'flotilla');
      expect(at(res.json, 'spec.replicas')).toBe(2);
      expect(owned(res.json as Obj, 'other')).toContain('"f:replicas"');
    });

    it('removes a container the manager owned alone and keeps one another manager added', async () => {
      const twoContainers = deployment('containers', 'ssa');
      const spec = at(twoContainers, 'spec.template.spec') as { containers: Obj[] };
      spec.containers.push({ name: 'sidecar', image: 'registry.local/sidecar:1' });
      await apply('containers', twoContainers, 'flotilla');
      await apply(
        'containers',
        { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'containers', namespace: 'ssa' }, spec: { template: { spec: { containers: [{ name: 'injected', image: 'registry.local/mesh:1' }] } } } },
        'injector',
      );
      const res = await apply('containers', deployment('containers', 'ssa'), 'flotilla');
      const names = (at(res.json, 'spec.template.spec.containers') as Obj[]).map((c) => c.name);
      expect(names).toEqual(['app', 'injected']);
    });
  });

  describe('client-supplied managedFields', () => {
    it('takes a rewritten list (how kubectl migrates client-side apply ownership)', async () => {
      const created = await apply('migrate', deployment('migrate', 'ssa'), 'old-tool');
      const entries = managers(created.json as Obj).map((m) => (m.manager === 'old-tool' ? { ...m, manager: 'new-tool' } : m));
      const res = await call(server, PATH('migrate'), { method: 'PATCH', contentType: 'application/json-patch+json', body: [{ op: 'replace', path: '/metadata/managedFields', value: entries }] });
      expect(res.status).toBe(200);
      expect(managers(res.json as Obj).map((m) => m.manager)).toContain('new-tool');
      expect(managers(res.json as Obj).map((m) => m.manager)).not.toContain('old-tool');
    });

    it('clears them all for [{}]', async () => {
      await apply('reset', deployment('reset', 'ssa'), 'flotilla');
      const res = await call(server, PATH('reset'), { method: 'PATCH', contentType: 'application/merge-patch+json', body: { metadata: { managedFields: [{}] } } });
      expect(at(res.json, 'metadata.managedFields')).toBeUndefined();
    });

    it('keeps the stored list when a malformed one is sent', async () => {
      await apply('malformed', deployment('malformed', 'ssa'), 'flotilla');
      const res = await call(server, PATH('malformed'), { method: 'PATCH', contentType: 'application/merge-patch+json', body: { metadata: { managedFields: [{ manager: 'x' }] } } });
      expect(managers(res.json as Obj).map((m) => m.manager)).toContain('flotilla');
    });
  });

  const refusals: { name: string; path: string; body: string; contentType?: string; status: number; reason: string }[] = [
    { name: 'no fieldManager', path: PATH('x'), body: stringify(deployment('x', 'ssa')), status: 400, reason: 'BadRequest' },
    { name: 'a stale resourceVersion', path: `${PATH('stale')}?fieldManager=flotilla`, body: stringify({ ...deployment('stale', 'ssa'), metadata: { name: 'stale', resourceVersion: '1' } }), status: 409, reason: 'Conflict' },
    { name: 'no apiVersion/kind', path: `${PATH('x')}?fieldManager=flotilla`, body: stringify({ metadata: { name: 'x' } }), status: 400, reason: 'BadRequest' },
    { name: 'an unknown patch type', path: `${PATH('x')}?fieldManager=flotilla`, body: '{}', contentType: 'text/plain', status: 415, reason: 'UnsupportedMediaType' },
    { name: 'force on a merge patch', path: `${PATH('x')}?fieldManager=flotilla&force=true`, body: '{}', contentType: 'application/merge-patch+json', status: 400, reason: 'BadRequest' },
  ];

  it.each(refusals)('refuses an apply with $name ($status)', async ({ path, body, contentType, status, reason }) => {
    const res = await call(server, path, { method: 'PATCH', contentType: contentType ?? 'application/apply-patch+yaml', rawBody: body });
    expect(res.status).toBe(status);
    expect(res.json).toMatchObject({ kind: 'Status', reason, code: status });
  });

  it('honours dryRun=All: returns the result without storing it', async () => {
    const dry = await apply('dry', deployment('dry', 'ssa'), 'flotilla', '&dryRun=All');
    expect(dry.status).toBe(201);
    expect(at(dry.json, 'metadata.name')).toBe('dry');
    expect((await call(server, PATH('dry'))).status).toBe(404);
    await apply('dry', deployment('dry', 'ssa'), 'flotilla');
    const changed = await apply('dry', deployment('dry', 'ssa', { replicas: 7 }), 'flotilla', '&dryRun=All');
    expect(at(changed.json, 'spec.replicas')).toBe(7);
    expect(at(await read('dry'), 'spec.replicas')).toBe(2);
  });

  it('treats lists of custom resources as atomic', async () => {
    await call(server, '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', {
      method: 'POST',
      body: {
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        metadata: { name: 'widgets.example.io' },
        spec: { group: 'example.io', scope: 'Namespaced', names: { plural: 'widgets', kind: 'Widget' }, versions: [{ name: 'v1', served: true, storage: true }] },
      },
    });
    const path = '/apis/example.io/v1/namespaces/ssa/widgets/w';
    const widget = (items: string[]): string => stringify({ apiVersion: 'example.io/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { items } });
    await call(server, `${path}?fieldManager=a`, { method: 'PATCH', contentType: 'application/apply-patch+yaml', rawBody: widget(['x']) });
    const res = await call(server, `${path}?fieldManager=b`, { method: 'PATCH', contentType: 'application/apply-patch+yaml', rawBody: widget(['y']) });
    expect(res.status).toBe(409);
    expect(at(res.json, 'message')).toContain('.spec.items');
  });
});
