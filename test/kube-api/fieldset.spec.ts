import { describe, expect, it } from 'vitest';
import { fieldsOfTree, fromFieldsV1, reusableTree, toFieldsV1 } from '../support/kube-api/apply/fields-v1';
import { fieldsOf } from '../support/kube-api/apply/fieldset';
import { formatPath, itemKey, lookup } from '../support/kube-api/apply/lookup';
import { freezeDeep, type Json, type JsonObject } from '../support/kube-api/json';
import { parseFieldSelector, parseLabelSelector } from '../support/kube-api/selectors';

describe('field sets (FieldsV1)', () => {
  const cases: { name: string; obj: JsonObject; builtIn?: boolean; want: JsonObject }[] = [
    {
      name: 'server-owned metadata, apiVersion and kind are not fields',
      obj: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'y', uid: 'u', resourceVersion: '1', labels: { a: 'b' } }, data: { k: 'v' } },
      want: { 'f:data': { 'f:k': {} }, 'f:metadata': { 'f:labels': { 'f:a': {} } } },
    },
    {
      name: 'containers are keyed by name with an item marker',
      obj: { spec: { containers: [{ name: 'web', image: 'i' }] } },
      want: { 'f:spec': { 'f:containers': { 'k:{"name":"web"}': { '.': {}, 'f:image': {}, 'f:name': {} } } } },
    },
    {
      name: 'container ports are keyed by containerPort and the defaulted protocol',
      obj: { spec: { containers: [{ name: 'web', ports: [{ containerPort: 80 }] }] } },
      want: { 'f:spec': { 'f:containers': { 'k:{"name":"web"}': { '.': {}, 'f:name': {}, 'f:ports': { 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} } } } } } },
    },
    {
      name: 'finalizers are a set',
      obj: { metadata: { finalizers: ['a', 'b'] } },
      want: { 'f:metadata': { 'f:finalizers': { 'v:"a"': {}, 'v:"b"': {} } } },
    },
    {
      name: 'other lists are atomic',
      obj: { spec: { containers: [{ name: 'web', args: ['x', 'y'] }] } },
      want: { 'f:spec': { 'f:containers': { 'k:{"name":"web"}': { '.': {}, 'f:args': {}, 'f:name': {} } } } },
    },
    {
      name: 'lists of custom resources are atomic',
      obj: { spec: { containers: [{ name: 'web' }] } },
      builtIn: false,
      want: { 'f:spec': { 'f:containers': {} } },
    },
    {
      name: 'empty maps are leaves',
      obj: { spec: { strategy: {} } },
      want: { 'f:spec': { 'f:strategy': {} } },
    },
  ];

  it.each(cases)('$name', ({ obj, builtIn, want }) => {
    const fields = fieldsOf(obj, builtIn ?? true);
    expect(toFieldsV1(fields)).toEqual(want);
    expect(fromFieldsV1(toFieldsV1(fields))).toEqual(fields);
  });

  it('finds own fields only: an inherited name (toString, __proto__) is not there', () => {
    expect(lookup({ spec: {} }, ['f:spec', 'f:toString']).found).toBe(false);
    expect(lookup({ spec: {} }, ['f:spec', 'f:__proto__']).found).toBe(false);
    expect(lookup({ spec: { replicas: 2 } }, ['f:spec', 'f:replicas'])).toMatchObject({ found: true, value: 2 });
  });

  it('builds a __proto__ path as a member of its own, never writing into Object.prototype (a client PUT can send one)', () => {
    const tree = toFieldsV1(new Set([JSON.stringify(['__proto__', 'f:polluted'])]));
    expect(({} as Record<string, unknown>)['f:polluted']).toBeUndefined();
    expect(Object.hasOwn(tree, '__proto__')).toBe(true);
    expect(fromFieldsV1(tree)).toEqual(new Set([JSON.stringify(['__proto__', 'f:polluted'])]));
  });

  const paths: { name: string; path: string[]; want: string }[] = [
    { name: 'plain fields', path: ['f:spec', 'f:replicas'], want: '.spec.replicas' },
    { name: 'keyed items', path: ['f:spec', 'f:containers', 'k:{"name":"web"}', 'f:image'], want: '.spec.containers[name="web"].image' },
    { name: 'set members', path: ['f:metadata', 'f:finalizers', 'v:"a"'], want: '.metadata.finalizers[="a"]' },
  ];
  it.each(paths)('formats $name for conflict messages', ({ path, want }) => {
    expect(formatPath(path)).toBe(want);
  });
});

describe('field sets of stored objects', () => {
  const web = (): JsonObject => ({
    metadata: { labels: { app: 'web' }, finalizers: ['a'] },
    spec: { containers: [{ name: 'web', image: 'i', ports: [{ containerPort: 80 }, { containerPort: 81, protocol: 'UDP' }] }] },
  });

  it('finds the same fields in a stored (frozen) object as in a copy, for built-in and custom kinds', () => {
    const stored = freezeDeep(web());
    for (const builtIn of [true, false]) {
      expect([...fieldsOf(stored, builtIn)]).toEqual([...fieldsOf(web(), builtIn)]);
      expect([...fieldsOf(stored, builtIn)]).toEqual([...fieldsOf(web(), builtIn)]);
    }
  });

  it('reads a FieldsV1 tree it built back as its set, in the order fromFieldsV1 gives, and reuses it for that set only', () => {
    const fields = fieldsOf(web(), true);
    const tree = toFieldsV1(fields);
    expect([...fieldsOfTree(tree)]).toEqual([...fromFieldsV1(tree)]);
    expect(reusableTree(tree, new Set(fields))).toBe(tree);
    expect(reusableTree(tree, new Set([...fields].slice(1)))).toBeUndefined();
    expect(reusableTree(freezeDeep(fromJson(tree)), fields)).toBeUndefined();
  });

  it('reads back, in the same order as fromFieldsV1, the trees of arbitrary sets', () => {
    // Names that sort around the JSON quote, dot and comma, escapes and non-ASCII.
    const names = ['f:a', 'f:a b', 'f:a!', 'f:a"q', 'f:a-x', 'f:ab', '.', 'k:{"name":"x"}', 'v:"a\\b"', 'f:é', 'f:a,b'];
    let seed = 7;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let round = 0; round < 200; round++) {
      const fields = new Set<string>();
      for (let i = random(12); i >= 0; i--) fields.add(JSON.stringify(Array.from({ length: 1 + random(4) }, () => names[random(names.length)])));
      const tree = toFieldsV1(fields);
      expect([...fieldsOfTree(tree)]).toEqual([...fromFieldsV1(tree)]);
      // A reused tree is what decoding it and building it again would give, down to the order of its members.
      if (reusableTree(tree, fields)) expect(JSON.stringify(toFieldsV1(fromFieldsV1(tree)))).toBe(JSON.stringify(tree));
    }
  });

  const notReadBack: { name: string; keys: string[][] }[] = [
    { name: 'a path inside another', keys: [['f:spec'], ['f:spec', 'f:replicas']] },
    { name: 'integer-like names (ordered first in an object)', keys: [['f:a'], ['9'], ['10']] },
    { name: '__proto__', keys: [['__proto__', 'f:a']] },
  ];
  it.each(notReadBack)('does not reuse a tree whose set it cannot read back: $name', ({ keys }) => {
    const fields = new Set(keys.map((k) => JSON.stringify(k)));
    const tree = toFieldsV1(fields);
    expect(reusableTree(tree, fields)).toBeUndefined();
  });

  const items: Json[] = [
    { containerPort: 80 },
    { containerPort: 80, protocol: 'TCP' },
    { containerPort: 80, protocol: 'UDP' },
    { containerPort: '80' },
    { containerPort: 80, protocol: null },
    { name: 'web', extra: true },
    { name: 'web', enabled: true },
    { name: ['web'] },
    { uid: 'u', flag: false },
    'web',
    null,
    [{ name: 'web' }],
  ];
  const elements = [
    'k:{"containerPort":80,"protocol":"TCP"}',
    'k:{"protocol":"TCP","containerPort":80}',
    'k:{"containerPort":80,"protocol":"UDP"}',
    'k:{"name":"web"}',
    'k:{"enabled":true,"name":"web"}',
    'k:{"flag":false,"uid":"u"}',
    'k:{"name":["web"]}',
    'k:{"name":null}',
    'k:{}',
  ];
  it.each(elements)('matches list items by %s exactly as their serialized keys compare', (element) => {
    const key = JSON.parse(element.slice(2)) as JsonObject;
    for (const item of items) {
      const own = itemKey(item, Object.keys(key));
      const expected = own !== undefined && JSON.stringify(own) === JSON.stringify(key);
      expect(lookup([item], [element]).found, JSON.stringify(item)).toBe(expected);
    }
  });
});

function fromJson(tree: JsonObject): JsonObject {
  return JSON.parse(JSON.stringify(tree)) as JsonObject;
}

describe('selectors', () => {
  const obj = (labels: Record<string, string>, name = 'n', namespace = 'ns'): JsonObject => ({ metadata: { name, namespace, labels } });
  const labelCases: { name: string; selector: string; labels: Record<string, string>; want: boolean | 'error' }[] = [
    { name: 'equality matches', selector: 'app=web', labels: { app: 'web' }, want: true },
    { name: 'double equals', selector: 'app==web', labels: { app: 'db' }, want: false },
    { name: 'inequality with the label absent', selector: 'app!=web', labels: {}, want: true },
    { name: 'in', selector: 'env in (prod, staging)', labels: { env: 'staging' }, want: true },
    { name: 'notin with the label absent', selector: 'env notin (prod)', labels: {}, want: true },
    { name: 'exists', selector: 'app.kubernetes.io/name', labels: { 'app.kubernetes.io/name': 'x' }, want: true },
    { name: 'does not exist', selector: '!app', labels: { app: 'x' }, want: false },
    { name: 'several requirements', selector: 'app=web,env in (prod)', labels: { app: 'web', env: 'dev' }, want: false },
    { name: 'garbage', selector: 'app=(', labels: {}, want: 'error' },
  ];
  it.each(labelCases)('label selector: $name', ({ selector, labels, want }) => {
    if (want === 'error') expect(() => parseLabelSelector(selector)).toThrow('unable to parse requirement');
    else expect(parseLabelSelector(selector)(obj(labels))).toBe(want);
  });

  const fieldCases: { name: string; selector: string; want: boolean | 'error' }[] = [
    { name: 'name equality', selector: 'metadata.name=n', want: true },
    { name: 'namespace inequality', selector: 'metadata.namespace!=ns', want: false },
    { name: 'both', selector: 'metadata.name==n,metadata.namespace=ns', want: true },
    { name: 'unsupported field', selector: 'status.phase=Running', want: 'error' },
  ];
  it.each(fieldCases)('field selector: $name', ({ selector, want }) => {
    if (want === 'error') expect(() => parseFieldSelector(selector)).toThrow('field label not supported');
    else expect(parseFieldSelector(selector)(obj({}))).toBe(want);
  });
});
