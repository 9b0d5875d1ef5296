import { describe, expect, it } from 'vitest';
import { ownedFields, setOwnedField } from './fields-v1';

const live = {
  metadata: { labels: { app: 'web' } },
  spec: {
    replicas: 3,
    template: {
      spec: {
        containers: [
          { name: 'mesh', image: 'proxy:1' },
          { name: 'web', image: 'web:1', ports: [{ containerPort: 8080, protocol: 'TCP' }] },
        ],
      },
    },
    finalizers: ['a', 'b'],
  },
};

const fields = {
  'f:metadata': { 'f:labels': { 'f:app': {} } },
  'f:spec': {
    'f:replicas': {},
    'f:paused': {},
    'f:template': {
      'f:spec': {
        'f:containers': {
          'k:{"name":"web"}': { '.': {}, 'f:name': {}, 'f:image': {}, 'f:ports': { 'k:{"containerPort":8080,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} } } },
        },
      },
    },
    'f:finalizers': { 'v:"b"': {} },
  },
};

describe('ownedFields', () => {
  it('lists the owned fields the object has, keeping list items and their key fields out', () => {
    expect(ownedFields(fields, live, { items: false }).map((field) => field.path)).toEqual([
      ['metadata', 'labels', 'app'],
      ['spec', 'replicas'],
      ['spec', 'template', 'spec', 'containers', 1, 'image'],
      ['spec', 'finalizers', 1],
    ]);
  });

  it('with items, lists the items and their key fields too, with the FieldsV1 keys that lead there', () => {
    const owned = ownedFields(fields, live, { items: true });
    expect(owned.filter((field) => field.item).map((field) => field.path)).toEqual([
      ['spec', 'template', 'spec', 'containers', 1],
      ['spec', 'template', 'spec', 'containers', 1, 'ports', 0],
    ]);
    expect(owned.find((field) => field.path.join('/') === 'spec/template/spec/containers/1/ports/0/containerPort')?.keys).toEqual([
      'f:spec',
      'f:template',
      'f:spec',
      'f:containers',
      'k:{"name":"web"}',
      'f:ports',
      'k:{"containerPort":8080,"protocol":"TCP"}',
      'f:containerPort',
    ]);
  });
});

describe('setOwnedField', () => {
  const containerKeys = ['f:spec', 'f:template', 'f:spec', 'f:containers'];

  it('writes a field of an item the target has, found by its key', () => {
    const target = { spec: { template: { spec: { containers: [{ name: 'web', image: 'web:2' }] } } } };
    setOwnedField(target, [...containerKeys, 'k:{"name":"web"}', 'f:image'], 'web:1', live);
    expect(target.spec.template.spec.containers).toEqual([{ name: 'web', image: 'web:1' }]);
  });

  it('makes a missing item from its key, after the item that precedes it live', () => {
    const target = { spec: { template: { spec: { containers: [{ name: 'first' }, { name: 'mesh' }, { name: 'last' }] } } } };
    setOwnedField(target, [...containerKeys, 'k:{"name":"web"}'], undefined, live);
    setOwnedField(target, [...containerKeys, 'k:{"name":"web"}', 'f:image'], 'web:1', live);
    expect(target.spec.template.spec.containers).toEqual([{ name: 'first' }, { name: 'mesh' }, { name: 'web', image: 'web:1' }, { name: 'last' }]);
  });

  it('puts a missing item first when nothing before it live is in the target', () => {
    const target = { spec: { template: { spec: { containers: [{ name: 'other' }] } } } };
    setOwnedField(target, [...containerKeys, 'k:{"name":"mesh"}', 'f:image'], 'proxy:1', live);
    expect(target.spec.template.spec.containers).toEqual([{ name: 'mesh', image: 'proxy:1' }, { name: 'other' }]);
  });

  it('makes the objects on the way, and adds a set member once', () => {
    const target: Record<string, unknown> = {};
    setOwnedField(target, ['f:spec', 'f:replicas'], 3, live);
    setOwnedField(target, ['f:spec', 'f:finalizers', 'v:"b"'], undefined, live);
    setOwnedField(target, ['f:spec', 'f:finalizers', 'v:"b"'], undefined, live);
    expect(target).toEqual({ spec: { replicas: 3, finalizers: ['b'] } });
  });

  it('leaves alone what it cannot place', () => {
    const target = { spec: { replicas: 'not an object' } };
    setOwnedField(target, ['f:spec', 'f:replicas', 'f:value'], 1, live);
    setOwnedField(target, ['f:spec', 'f:items', 'i:3'], 1, live);
    expect(target).toEqual({ spec: { replicas: 'not an object' } });
  });
});
