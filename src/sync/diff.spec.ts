import { describe, expect, it } from 'vitest';
import { compareWithLive, diffAgainstLive } from './diff';
import type { KubeObject, ManagedFieldsEntry } from './types';

const desired: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'prod', labels: { app: 'web' } },
  spec: {
    replicas: 2,
    template: {
      spec: {
        containers: [{ name: 'web', image: 'web:1', ports: [{ containerPort: 8080 }], resources: {} }],
        tolerations: null,
      },
    },
  },
};

function live(change: (obj: KubeObject) => void = () => undefined, managedFields?: ManagedFieldsEntry[]): KubeObject {
  const obj = structuredClone(desired) as KubeObject & { spec: { template: { spec: Record<string, unknown> } } };
  // What the server adds: metadata, defaults, status.
  obj.metadata = { ...obj.metadata, uid: 'u', resourceVersion: '7', generation: 1, ...(managedFields !== undefined && { managedFields }) };
  obj.spec.template.spec.containers = [{ name: 'web', image: 'web:1', ports: [{ containerPort: 8080, protocol: 'TCP' }], terminationMessagePath: '/dev/termination-log' }];
  delete obj.spec.template.spec.tolerations;
  Object.assign(obj.spec, { revisionHistoryLimit: 10 });
  obj.status = { replicas: 2 };
  change(obj);
  return obj;
}

const ownedBySpec = (fields: Record<string, unknown>): ManagedFieldsEntry[] => [{ manager: 'flotilla', operation: 'Apply', fieldsType: 'FieldsV1', fieldsV1: fields }];
const flotillaFields = {
  'f:metadata': { 'f:labels': { 'f:app': {} } },
  'f:spec': {
    'f:replicas': {},
    'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"web"}': { '.': {}, 'f:name': {}, 'f:image': {}, 'f:ports': { 'k:{"containerPort":8080,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} } } } } } },
  },
};

describe('diffAgainstLive', () => {
  const withoutReplicas = (obj: KubeObject): KubeObject => {
    const copy = structuredClone(obj);
    delete (copy.spec as { replicas?: number }).replicas;
    return copy;
  };
  const rows: { name: string; desired?: KubeObject; live: KubeObject; diff: string[] }[] = [
    { name: 'server defaults, metadata and status are ignored', live: live(), diff: [] },
    { name: 'flotilla-owned fields all still desired', live: live(() => undefined, ownedBySpec(flotillaFields)), diff: [] },
    { name: 'changed scalar', live: live((o) => ((o.spec as { replicas: number }).replicas = 5)), diff: ['.spec.replicas'] },
    { name: 'changed label', live: live((o) => (o.metadata.labels = { app: 'other' })), diff: ['.metadata.labels.app'] },
    {
      name: 'changed image in a named list item',
      live: live((o) => ((o.spec as { template: { spec: { containers: { image: string }[] } } }).template.spec.containers[0].image = 'web:2')),
      diff: ['.spec.template.spec.containers[name=web].image'],
    },
    {
      name: 'a sidecar added by someone else is not drift',
      live: live((o) => (o.spec as { template: { spec: { containers: unknown[] } } }).template.spec.containers.push({ name: 'mesh', image: 'proxy' })),
      diff: [],
    },
    {
      name: 'a desired container missing live',
      live: live((o) => ((o.spec as { template: { spec: { containers: unknown[] } } }).template.spec.containers = [{ name: 'other', image: 'x' }])),
      diff: ['.spec.template.spec.containers[name=web]'],
    },
    {
      name: 'an unnamed list of another length',
      live: live((o) => ((o.spec as { template: { spec: { containers: { ports: unknown[] }[] } } }).template.spec.containers[0].ports = [])),
      diff: ['.spec.template.spec.containers[name=web].ports'],
    },
    { name: 'desired null set live', live: live((o) => Object.assign((o.spec as { template: { spec: object } }).template.spec, { tolerations: [] })), diff: ['.spec.template.spec.tolerations'] },
    { name: 'wrong type live', live: live((o) => ((o.spec as { template: unknown }).template = 'x')), diff: ['.spec.template'] },
    {
      name: 'a field flotilla owns but no longer renders',
      live: live((o) => Object.assign(o.spec as object, { paused: true }), ownedBySpec({ ...flotillaFields, 'f:spec': { ...flotillaFields['f:spec'], 'f:paused': {} } })),
      diff: ['.spec.paused (no longer desired)'],
    },
    {
      name: 'a list item flotilla owns but no longer renders',
      live: live(
        (o) => (o.spec as { template: { spec: { containers: unknown[] } } }).template.spec.containers.push({ name: 'old', image: 'old:1' }),
        ownedBySpec({ 'f:spec': { 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"old"}': {} } } } } }),
      ),
      diff: ['.spec.template.spec.containers[{"name":"old"}] (no longer desired)'],
    },
    {
      name: 'a field flotilla owns that the live side lacks and desired has (a difference, not "no longer desired")',
      live: live((o) => delete (o.spec as { replicas?: number }).replicas, ownedBySpec(flotillaFields)),
      diff: ['.spec.replicas'],
    },
    {
      name: 'a field flotilla owns that both sides lack (ignoreDifferences took it from both): no difference',
      desired: withoutReplicas(desired),
      live: live((o) => delete (o.spec as { replicas?: number }).replicas, ownedBySpec(flotillaFields)),
      diff: [],
    },
    {
      name: "another manager's fields do not count",
      live: live(() => undefined, [{ manager: 'kubectl', operation: 'Update', fieldsV1: { 'f:spec': { 'f:paused': {} } } }]),
      diff: [],
    },
  ];
  it.each(rows)('$name', ({ desired: wanted = desired, live: current, diff }) => {
    expect(diffAgainstLive(wanted, current)).toEqual(diff);
    // The views an operator reads are that same comparison: equal exactly when there is no difference.
    const { differences, desiredView, liveView } = compareWithLive(wanted, current);
    expect(differences).toEqual(diff);
    expect(JSON.stringify(liveView) === JSON.stringify(desiredView)).toBe(diff.length === 0);
  });

  it('a desired key that Object.prototype has is compared with the live object\'s own field', () => {
    const cm = (data: Record<string, string>): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data });
    expect(diffAgainstLive(cm({ constructor: 'x', toString: 'y' }), cm({ constructor: 'x', toString: 'y' }))).toEqual([]);
    expect(diffAgainstLive(cm({ constructor: 'x' }), cm({}))).toEqual(['.data.constructor']);
    expect(compareWithLive(cm({ constructor: 'x' }), cm({})).liveView).toEqual(cm({}));
  });

  it('shows only what is compared, and a field owned but no longer rendered on the live side', () => {
    const current = live((o) => Object.assign(o.spec as object, { paused: true }), ownedBySpec({ ...flotillaFields, 'f:spec': { ...flotillaFields['f:spec'], 'f:paused': {} } }));
    const { desiredView, liveView } = compareWithLive(desired, current);
    expect(liveView).toEqual({ ...desiredView, spec: { ...(desiredView.spec as object), paused: true } });
    expect(liveView.metadata).toEqual({ name: 'web', namespace: 'prod', labels: { app: 'web' } });
    expect(liveView.status).toBeUndefined();
    expect(current.spec).toMatchObject({ revisionHistoryLimit: 10 });
  });

  const quantities: { name: string; desired: unknown; live: unknown; drift: boolean }[] = [
    { name: 'millicores canonicalized', desired: '1000m', live: '1', drift: false },
    { name: 'fraction canonicalized', desired: '0.5', live: '500m', drift: false },
    { name: 'number in YAML', desired: 2, live: '2', drift: false },
    { name: 'binary suffix canonicalized', desired: '1024Mi', live: '1Gi', drift: false },
    { name: 'exponent', desired: '1e3', live: '1k', drift: false },
    { name: 'real change', desired: '256Mi', live: '512Mi', drift: true },
    { name: 'decimal vs binary suffix', desired: '1G', live: '1Gi', drift: true },
    { name: 'not a quantity', desired: 'lots', live: '1', drift: true },
  ];
  it.each(quantities)('resource quantity: $name', ({ desired: wanted, live: actual, drift }) => {
    const pod = (memory: unknown): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', resources: { limits: { memory } } }] } });
    expect(diffAgainstLive(pod(wanted), pod(actual))).toEqual(drift ? ['.spec.containers[name=c].resources.limits.memory'] : []);
    const { desiredView, liveView } = compareWithLive(pod(wanted), pod(actual));
    expect(liveView).toEqual(drift ? { ...pod(actual), spec: { containers: [{ name: 'c', resources: { limits: { memory: actual } } }] } } : desiredView);
  });

  it('compares text outside resource maps literally, even when it looks like a quantity', () => {
    const cm = (value: string): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { ratio: value } });
    expect(diffAgainstLive(cm('1.0'), cm('1'))).toEqual(['.data.ratio']);
  });

  it('reports at most ten paths', () => {
    const wide: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, 'v'])) };
    expect(diffAgainstLive(wide, { ...wide, data: {} })).toHaveLength(10);
  });
});
