import { describe, expect, it } from 'vitest';
import { fieldsShape, lookupKey, ownedFields, setOwnedField } from './fields-v1';

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

describe('keys from the cluster are own fields, never Object.prototype', () => {
  it('reads f:__proto__, f:constructor and k: keys naming them as absent from an object without them', () => {
    expect(lookupKey('f:__proto__', {})).toBeUndefined();
    expect(lookupKey('f:constructor', { a: 1 })).toBeUndefined();
    expect(lookupKey('k:{"constructor":"x"}', [{ name: 'x' }])).toBeUndefined();
    expect(ownedFields({ 'f:spec': { 'f:__proto__': { 'f:polluted': {} }, 'f:toString': {} } }, { spec: {} }, { items: true })).toEqual([]);
  });

  it('writes f:__proto__ as a field named so (as JSON.parse does), and nothing onto Object.prototype', () => {
    try {
      const cluster = JSON.parse('{"spec":{"__proto__":{"polluted":"yes"}}}') as Record<string, unknown>;
      const target: Record<string, unknown> = {};
      setOwnedField(target, ['f:spec', 'f:__proto__', 'f:polluted'], 'yes', cluster);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(JSON.stringify(target)).toBe('{"spec":{"__proto__":{"polluted":"yes"}}}');
      expect(Object.getPrototypeOf(target.spec)).toBe(Object.prototype);
      // An object that has the field already: written there, not into its prototype.
      const again = JSON.parse('{"spec":{"__proto__":{}}}') as Record<string, unknown>;
      setOwnedField(again, ['f:spec', 'f:__proto__', 'f:polluted'], 'yes', cluster);
      expect(JSON.stringify(again)).toBe('{"spec":{"__proto__":{"polluted":"yes"}}}');
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    } finally {
      delete (Object.prototype as Record<string, unknown>).polluted;
    }
  });
});

describe('fieldsShape', () => {
  it('lists what the sets own whole, the lists they merge by key, and the key of each item', () => {
    const doc = { spec: { rules: [{ host: 'a' }], selector: { matchLabels: { app: 'web' } }, template: live.spec.template, finalizers: ['a', 'b'] } };
    const shape = fieldsShape([{ 'f:spec': { 'f:rules': {}, 'f:selector': {} } }, fields, 'not a set'], doc);
    expect([...shape.leaves]).toEqual(expect.arrayContaining(['["spec","rules"]', '["spec","selector"]', '["spec","template","spec","containers",1,"image"]']));
    expect(new Set(shape.keyedLists)).toEqual(new Set(['["spec","finalizers"]', '["spec","template","spec","containers"]', '["spec","template","spec","containers",1,"ports"]']));
    expect(shape.itemKeys.get('["spec","template","spec","containers",1]')).toBe('k:{"name":"web"}');
    expect(shape.itemKeys.get('["spec","finalizers",1]')).toBe('v:"b"');
  });
});
