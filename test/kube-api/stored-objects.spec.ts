import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/clock/fake-clock';
import { startKubeApiServer, type KubeApiServer } from '../support/kube-api';
import { Catalogue } from '../support/kube-api/catalogue';
import { fieldsOf } from '../support/kube-api/apply/fieldset';
import { applyDefaults } from '../support/kube-api/defaults';
import { clone, freezeDeep, type JsonObject } from '../support/kube-api/json';
import { configMap, deployment } from './builders';
import { at, call, watch } from './http';

const CM = (name = ''): string => `/api/v1/namespaces/apps/configmaps${name ? `/${name}` : ''}`;
const DEPLOY = (name = ''): string => `/apis/apps/v1/namespaces/apps/deployments${name ? `/${name}` : ''}`;
const APPLY = { method: 'PATCH', contentType: 'application/apply-patch+yaml' } as const;

/**
 * Stored objects are frozen, and what is derived from one (its JSON text, its field sets) is kept with it: no caller
 * can change what the server serves through an object it was handed, and a write is always served afresh.
 */
describe('kube-api test server: stored objects', () => {
  const clock = new FakeClock();
  let server: KubeApiServer;

  beforeAll(async () => {
    server = await startKubeApiServer({ name: 'stored', namespaces: ['apps'], controllerDelayMs: 50, clock });
  });

  afterAll(async () => {
    await server.stop();
  });

  it('hands out stored objects that cannot be changed, so what it serves stays as stored', async () => {
    const seeded = server.seed(configMap('seeded', 'apps') as JsonObject);
    const served = (await call(server, CM('seeded'))).text;

    expect(Object.isFrozen(seeded)).toBe(true);
    expect(() => {
      (seeded.data as Record<string, string>).key = 'changed by a caller';
    }).toThrow(TypeError);
    const peeked = server.peek('/configmaps', 'apps', 'seeded')!;
    expect(() => {
      (peeked.metadata as Record<string, unknown>).labels = { sneaky: 'yes' };
    }).toThrow(TypeError);

    expect((await call(server, CM('seeded'))).text).toBe(served);
    expect(at((await call(server, `${CM()}?labelSelector=sneaky`)).json, 'items')).toEqual([]);
  });

  it('serves a changed object afresh after every kind of write', async () => {
    await call(server, CM(), { method: 'POST', body: configMap('edited', 'apps') });
    const first = await call(server, CM('edited'));
    expect((await call(server, CM('edited'))).text).toBe(first.text);

    await call(server, CM('edited'), { method: 'PATCH', contentType: 'application/merge-patch+json', body: { data: { key: 'patched' } } });
    const patched = await call(server, CM('edited'));
    expect(at(patched.json, 'data.key')).toBe('patched');
    expect(at(patched.json, 'metadata.resourceVersion')).not.toBe(at(first.json, 'metadata.resourceVersion'));

    const applied = await call(server, `${CM('edited')}?fieldManager=spec&force=true`, { ...APPLY, body: configMap('edited', 'apps', { data: { key: 'applied' } }) });
    expect(applied.status).toBe(200);
    const list = await call(server, CM());
    const item = (at(list.json, 'items') as { metadata: { name: string }; data: { key: string } }[]).find((i) => i.metadata.name === 'edited');
    expect(item?.data.key).toBe('applied');

    const deleted = await call(server, CM('edited'), { method: 'DELETE' });
    expect(deleted.status).toBe(200);
    expect((await call(server, CM('edited'))).status).toBe(404);
  });

  it('answers a repeated apply that changes nothing with the same object, byte for byte', async () => {
    const applied = await call(server, `${DEPLOY('web')}?fieldManager=spec`, { ...APPLY, body: deployment('web', 'apps') });
    expect(applied.status).toBe(201);
    await clock.advance(1_000);
    const settled = await call(server, DEPLOY('web'));

    const again = await call(server, `${DEPLOY('web')}?fieldManager=spec`, { ...APPLY, body: deployment('web', 'apps') });
    expect(again.status).toBe(200);
    expect(again.text).toBe(settled.text);
  });

  it('keeps with each stored object the fields its write found, the same as a fresh look finds', async () => {
    const fresh = (obj: JsonObject): string[] => [...fieldsOf(clone(obj), true)];
    const stored = (): JsonObject => server.peek('apps/deployments', 'apps', 'fields')!;
    await call(server, DEPLOY(), { method: 'POST', body: deployment('fields', 'apps') });
    expect([...fieldsOf(stored(), true)]).toEqual(fresh(stored()));
    await call(server, DEPLOY('fields'), { method: 'PATCH', contentType: 'application/merge-patch+json', body: { metadata: { labels: { extra: 'x' } }, spec: { replicas: 4 } } });
    expect([...fieldsOf(stored(), true)]).toEqual(fresh(stored()));
    await clock.advance(1_000);
    expect(at(stored(), 'status.readyReplicas')).toBe(4);
    expect([...fieldsOf(stored(), true)]).toEqual(fresh(stored()));
    expect([...fieldsOf(stored(), false)]).toEqual([...fieldsOf(clone(stored()), false)]);
  });

  it('shows the controller status writes in reads, lists and watch events', async () => {
    const changes = watch(server, `${DEPLOY()}?watch=true&resourceVersion=${String(at((await call(server, DEPLOY())).json, 'metadata.resourceVersion'))}`, 3);
    await changes.opened;
    await call(server, `${DEPLOY('web')}?fieldManager=spec`, { ...APPLY, body: deployment('web', 'apps', { replicas: 3 }) });
    await clock.advance(0);
    expect(at((await call(server, DEPLOY('web'))).json, 'status.replicas')).toBe(3);
    expect(at((await call(server, DEPLOY('web'))).json, 'status.readyReplicas')).toBeUndefined();
    await clock.advance(1_000);

    const got = await call(server, DEPLOY('web'));
    expect(at(got.json, 'status.readyReplicas')).toBe(3);
    const listed = (at((await call(server, DEPLOY())).json, 'items') as { metadata: { name: string } }[]).find((i) => i.metadata.name === 'web');
    expect(listed).toEqual(got.json);
    const events = await changes.events;
    expect(events.map((e) => e.type)).toEqual(['MODIFIED', 'MODIFIED', 'MODIFIED']);
    expect(events[2].object).toEqual(got.json);
  });
});

/** A new version shares the unchanged parts of the stored one, so defaulting must find nothing to add there. */
describe('kube-api test server: defaulting a stored object again', () => {
  const catalogue = new Catalogue();
  const template = { metadata: { labels: { app: 'a' } }, spec: { containers: [{ name: 'c', image: 'i', ports: [{ containerPort: 80 }] }], initContainers: [{ name: 'i', image: 'i', ports: [{ containerPort: 81 }] }] } };
  const kinds: { resource: string; group: string; version: string; obj: JsonObject }[] = [
    { resource: 'namespaces', group: '', version: 'v1', obj: { metadata: { name: 'n' } } },
    { resource: 'services', group: '', version: 'v1', obj: { metadata: { name: 's', namespace: 'n' }, spec: { ports: [{ port: 80 }, { port: 53, protocol: 'UDP', targetPort: 5353 }] } } },
    { resource: 'services', group: '', version: 'v1', obj: { metadata: { name: 'e', namespace: 'n' }, spec: { type: 'ExternalName', externalName: 'x.example' } } },
    { resource: 'deployments', group: 'apps', version: 'v1', obj: { metadata: { name: 'd', namespace: 'n' }, spec: { template } } },
    { resource: 'statefulsets', group: 'apps', version: 'v1', obj: { metadata: { name: 's', namespace: 'n' }, spec: { template } } },
    { resource: 'daemonsets', group: 'apps', version: 'v1', obj: { metadata: { name: 'd', namespace: 'n' }, spec: { template } } },
    { resource: 'replicasets', group: 'apps', version: 'v1', obj: { metadata: { name: 'r', namespace: 'n' }, spec: { template } } },
    { resource: 'jobs', group: 'batch', version: 'v1', obj: { metadata: { name: 'j', namespace: 'n' }, spec: { template } } },
  ];

  it.each(kinds)('finds stored $resource defaulted already and changes nothing in them', ({ resource, group, version, obj }) => {
    const type = catalogue.find(group, version, resource)!;
    const stored = freezeDeep(applyDefaults(type, clone(obj)));
    // As in a write: a new top level over the stored parts.
    const again = applyDefaults(type, { ...stored });
    expect(again).toEqual(stored);
  });
});
