import { describe, expect, it } from 'vitest';
import { fieldsOf, formatPath, fromFieldsV1, toFieldsV1 } from '../support/kube-api/apply/fieldset';
import type { JsonObject } from '../support/kube-api/json';
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

  const paths: { name: string; path: string[]; want: string }[] = [
    { name: 'plain fields', path: ['f:spec', 'f:replicas'], want: '.spec.replicas' },
    { name: 'keyed items', path: ['f:spec', 'f:containers', 'k:{"name":"web"}', 'f:image'], want: '.spec.containers[name="web"].image' },
    { name: 'set members', path: ['f:metadata', 'f:finalizers', 'v:"a"'], want: '.metadata.finalizers[="a"]' },
  ];
  it.each(paths)('formats $name for conflict messages', ({ path, want }) => {
    expect(formatPath(path)).toBe(want);
  });
});

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
