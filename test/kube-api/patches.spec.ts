import { describe, expect, it } from 'vitest';
import type { Json } from '../support/kube-api/json';
import { jsonPatch } from '../support/kube-api/patch/json-patch';
import { mergePatch } from '../support/kube-api/patch/merge-patch';
import { strategicMergePatch } from '../support/kube-api/patch/strategic-merge';

const podSpec = (containers: Json[], extra: Record<string, Json> = {}): Json => ({ spec: { template: { spec: { containers, ...extra } } } });

describe('merge patch (RFC 7386)', () => {
  const cases: { name: string; target: Json; patch: Json; want: Json }[] = [
    { name: 'adds and replaces fields', target: { a: 1, b: { c: 2 } }, patch: { a: 3, b: { d: 4 } }, want: { a: 3, b: { c: 2, d: 4 } } },
    { name: 'null deletes a field', target: { a: 1, b: 2 }, patch: { b: null }, want: { a: 1 } },
    { name: 'lists are replaced whole', target: { l: [1, 2, 3] }, patch: { l: [4] }, want: { l: [4] } },
    { name: 'a non-object patch replaces the target', target: { a: 1 }, patch: 'x', want: 'x' },
    { name: 'creates nested objects', target: {}, patch: { a: { b: { c: 1 } } }, want: { a: { b: { c: 1 } } } },
  ];
  it.each(cases)('$name', ({ target, patch, want }) => {
    expect(mergePatch(target, patch)).toEqual(want);
  });
});

describe('JSON patch (RFC 6902)', () => {
  const cases: { name: string; target: Json; ops: unknown; want?: Json; error?: string }[] = [
    { name: 'add to an object', target: { a: 1 }, ops: [{ op: 'add', path: '/b', value: 2 }], want: { a: 1, b: 2 } },
    { name: 'append to a list with -', target: { l: [1] }, ops: [{ op: 'add', path: '/l/-', value: 2 }], want: { l: [1, 2] } },
    { name: 'insert into a list', target: { l: [1, 3] }, ops: [{ op: 'add', path: '/l/1', value: 2 }], want: { l: [1, 2, 3] } },
    { name: 'remove', target: { a: 1, b: 2 }, ops: [{ op: 'remove', path: '/a' }], want: { b: 2 } },
    { name: 'replace', target: { a: 1 }, ops: [{ op: 'replace', path: '/a', value: 5 }], want: { a: 5 } },
    { name: 'move', target: { a: { x: 1 } }, ops: [{ op: 'move', from: '/a/x', path: '/y' }], want: { a: {}, y: 1 } },
    { name: 'copy', target: { a: 1 }, ops: [{ op: 'copy', from: '/a', path: '/b' }], want: { a: 1, b: 1 } },
    { name: 'escaped pointer tokens', target: { metadata: { labels: {} } }, ops: [{ op: 'add', path: '/metadata/labels/app.kubernetes.io~1name', value: 'web' }], want: { metadata: { labels: { 'app.kubernetes.io/name': 'web' } } } },
    { name: 'passing test', target: { a: 1 }, ops: [{ op: 'test', path: '/a', value: 1 }, { op: 'replace', path: '/a', value: 2 }], want: { a: 2 } },
    { name: 'failing test', target: { a: 1 }, ops: [{ op: 'test', path: '/a', value: 2 }], error: 'test operation failed' },
    { name: 'remove of a missing path', target: { a: 1 }, ops: [{ op: 'remove', path: '/b' }], error: 'path not found' },
    { name: 'index out of bounds', target: { l: [] }, ops: [{ op: 'replace', path: '/l/3', value: 1 }], error: 'out of bounds' },
    { name: 'unknown operation', target: {}, ops: [{ op: 'frobnicate', path: '/a' }], error: 'unknown JSON patch operation' },
    { name: 'not a list of operations', target: {}, ops: { op: 'add' }, error: 'must be an array' },
  ];
  it.each(cases)('$name', ({ target, ops, want, error }) => {
    if (error) expect(() => jsonPatch(target, ops)).toThrow(error);
    else expect(jsonPatch(target, ops)).toEqual(want);
  });
});

describe('strategic merge patch', () => {
  const cases: { name: string; target: Json; patch: Json; want: Json }[] = [
    {
      name: 'merges containers by name',
      target: podSpec([{ name: 'a', image: 'a:1' }, { name: 'b', image: 'b:1' }]),
      patch: podSpec([{ name: 'b', image: 'b:2' }]),
      want: podSpec([{ name: 'a', image: 'a:1' }, { name: 'b', image: 'b:2' }]),
    },
    {
      name: 'appends a new container',
      target: podSpec([{ name: 'a', image: 'a:1' }]),
      patch: podSpec([{ name: 'sidecar', image: 's:1' }]),
      want: podSpec([{ name: 'a', image: 'a:1' }, { name: 'sidecar', image: 's:1' }]),
    },
    {
      name: 'merges env by name inside a container',
      target: podSpec([{ name: 'a', env: [{ name: 'X', value: '1' }, { name: 'Y', value: '2' }] }]),
      patch: podSpec([{ name: 'a', env: [{ name: 'Y', value: '3' }] }]),
      want: podSpec([{ name: 'a', env: [{ name: 'X', value: '1' }, { name: 'Y', value: '3' }] }]),
    },
    {
      name: 'merges container ports by containerPort',
      target: podSpec([{ name: 'a', ports: [{ containerPort: 80, name: 'http' }] }]),
      patch: podSpec([{ name: 'a', ports: [{ containerPort: 80, name: 'web' }, { containerPort: 9090 }] }]),
      want: podSpec([{ name: 'a', ports: [{ containerPort: 80, name: 'web' }, { containerPort: 9090 }] }]),
    },
    {
      name: 'merges volumes by name',
      target: podSpec([], { volumes: [{ name: 'v1', emptyDir: {} }] }),
      patch: podSpec([], { volumes: [{ name: 'v2', configMap: { name: 'c' } }] }),
      want: podSpec([], { volumes: [{ name: 'v1', emptyDir: {} }, { name: 'v2', configMap: { name: 'c' } }] }),
    },
    {
      name: 'merges service ports by port',
      target: { spec: { ports: [{ port: 80, targetPort: 8080 }] } },
      patch: { spec: { ports: [{ port: 80, targetPort: 9090 }, { port: 443 }] } },
      want: { spec: { ports: [{ port: 80, targetPort: 9090 }, { port: 443 }] } },
    },
    {
      name: '$patch: delete removes a list item',
      target: podSpec([{ name: 'a' }, { name: 'b' }]),
      patch: podSpec([{ name: 'a', $patch: 'delete' }]),
      want: podSpec([{ name: 'b' }]),
    },
    {
      name: '$patch: replace replaces a map',
      target: { metadata: { labels: { a: '1', b: '2' } } },
      patch: { metadata: { labels: { $patch: 'replace', c: '3' } } },
      want: { metadata: { labels: { c: '3' } } },
    },
    {
      name: 'null deletes a map key',
      target: { metadata: { labels: { a: '1', b: '2' } } },
      patch: { metadata: { labels: { a: null } } },
      want: { metadata: { labels: { b: '2' } } },
    },
    {
      name: 'finalizers merge as a set',
      target: { metadata: { finalizers: ['a'] } },
      patch: { metadata: { finalizers: ['a', 'b'] } },
      want: { metadata: { finalizers: ['a', 'b'] } },
    },
    {
      name: '$deleteFromPrimitiveList removes set members',
      target: { metadata: { finalizers: ['a', 'b'] } },
      patch: { metadata: { '$deleteFromPrimitiveList/finalizers': ['a'] } },
      want: { metadata: { finalizers: ['b'] } },
    },
    {
      name: '$setElementOrder reorders keyed items',
      target: podSpec([{ name: 'a' }, { name: 'b' }]),
      patch: { spec: { template: { spec: { '$setElementOrder/containers': [{ name: 'b' }, { name: 'a' }] } } } },
      want: podSpec([{ name: 'b' }, { name: 'a' }]),
    },
    {
      name: 'lists without a merge key are replaced',
      target: { spec: { template: { spec: { containers: [{ name: 'a', args: ['x', 'y'] }] } } } },
      patch: { spec: { template: { spec: { containers: [{ name: 'a', args: ['z'] }] } } } },
      want: { spec: { template: { spec: { containers: [{ name: 'a', args: ['z'] }] } } } },
    },
  ];
  it.each(cases)('$name', ({ target, patch, want }) => {
    expect(strategicMergePatch(target, patch, true)).toEqual(want);
  });
});
