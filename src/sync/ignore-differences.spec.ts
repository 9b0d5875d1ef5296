import { describe, expect, it } from 'vitest';
import { SyncError } from './errors';
import { type IgnoreDifference, ignoreDifferencesIssue, ignoredDifferencesOf, withLiveIgnoredFields, withoutIgnoredFields } from './ignore-differences';
import type { ApplicationIdentity, KubeObject, ManagedFieldsEntry, ResourceKey } from './types';

const app = (ignoreDifferences?: unknown): ApplicationIdentity => ({
  name: 'shop',
  destinationNamespace: 'shop',
  syncOptions: [],
  prune: false,
  dryRun: false,
  ignoreDifferences: ignoreDifferences as IgnoreDifference[] | undefined,
});
const rules = (...entries: IgnoreDifference[]) => ignoredDifferencesOf(app(entries));
const WEB: ResourceKey = { group: 'apps', kind: 'Deployment', namespace: 'shop', name: 'web' };

function deployment(replicas: number, image = 'web:1', managedFields?: ManagedFieldsEntry[]): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'shop', annotations: { team: 'a' }, ...(managedFields && { managedFields }) },
    spec: { replicas, template: { spec: { containers: [{ name: 'web', image }] } } },
  };
}

const flotilla = (fieldsV1: Record<string, unknown>): ManagedFieldsEntry => ({ manager: 'flotilla', operation: 'Apply', fieldsType: 'FieldsV1', fieldsV1 });
const hpa: ManagedFieldsEntry = { manager: 'kube-controller-manager', operation: 'Update', subresource: 'scale', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': { 'f:replicas': {} } } };
const flotillaOwnsAll = flotilla({
  'f:metadata': { 'f:annotations': { 'f:team': {} } },
  'f:spec': { 'f:replicas': {}, 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"web"}': { '.': {}, 'f:name': {}, 'f:image': {} } } } } },
});

describe('ignoreDifferencesIssue: what the API refuses, naming the field', () => {
  const rows: { name: string; value: unknown; path?: string; message?: RegExp }[] = [
    { name: 'absent', value: undefined },
    { name: "Argo CD's examples", value: [{ group: 'apps', kind: 'Deployment', jsonPointers: ['/spec/replicas'] }, { group: '*', kind: '*', managedFieldsManagers: ['kube-controller-manager'] }, { group: 'apps', kind: 'Deployment', jqPathExpressions: ['.spec.template.spec.initContainers[] | select(.name == "injected-init-container")'] }] },
    { name: 'core group, name and namespace filters', value: [{ kind: 'ConfigMap', name: 'settings', namespace: 'shop', jsonPointers: ['/data/a~1b'] }] },
    { name: 'not a list', value: { kind: 'Deployment' }, path: 'spec.ignoreDifferences', message: /must be a list/ },
    { name: 'an entry that is not an object', value: ['Deployment'], path: 'spec.ignoreDifferences[0]', message: /must be an object/ },
    { name: 'no kind', value: [{ group: 'apps', jsonPointers: ['/spec/replicas'] }], path: 'spec.ignoreDifferences[0].kind', message: /is required/ },
    { name: 'a group that is not a string', value: [{ kind: 'Deployment', group: 1 }], path: 'spec.ignoreDifferences[0].group', message: /must be a string/ },
    { name: 'a kind that is no glob', value: [{ kind: 'Deploy[ment' }], path: 'spec.ignoreDifferences[0].kind', message: /is not a valid glob/ },
    { name: 'pointers that are not a list', value: [{ kind: 'Deployment', jsonPointers: '/spec/replicas' }], path: 'spec.ignoreDifferences[0].jsonPointers', message: /must be a list of strings/ },
    { name: 'a pointer without its slash', value: [{ kind: 'Deployment', jsonPointers: ['/spec/replicas', 'spec/paused'] }], path: 'spec.ignoreDifferences[0].jsonPointers[1]', message: /starts with "\/"/ },
    {
      name: 'a jq function outside the subset',
      value: [{ kind: 'Deployment' }, { kind: 'Deployment', jqPathExpressions: ['.spec.template.spec.containers[] | map(.image)'] }],
      path: 'spec.ignoreDifferences[1].jqPathExpressions[0]',
      message: /^spec\.ignoreDifferences\[1\]\.jqPathExpressions\[0\]: unsupported jq at character 36: "map"/,
    },
    { name: 'a jq expression that is not a string', value: [{ kind: 'Deployment', jqPathExpressions: [3] }], path: 'spec.ignoreDifferences[0].jqPathExpressions[0]', message: /must be a string/ },
    { name: 'an empty manager', value: [{ kind: '*', managedFieldsManagers: [''] }], path: 'spec.ignoreDifferences[0].managedFieldsManagers[0]', message: /must name a field manager/ },
  ];
  it.each(rows)('$name', ({ value, path, message }) => {
    const issue = ignoreDifferencesIssue(value);
    if (path === undefined) expect(issue).toBeUndefined();
    else expect(issue).toEqual({ path, message: expect.stringMatching(message!) });
  });

  it('a stored value the API would refuse stops the comparison with a terminal Invalid error naming the field', () => {
    const bad = [{ kind: 'Deployment', jqPathExpressions: ['.a | keys'] }];
    expect(() => ignoredDifferencesOf(app(bad))).toThrow(SyncError);
    expect(() => ignoredDifferencesOf(app(bad))).toThrow(/spec\.ignoreDifferences\[0\]\.jqPathExpressions\[0\]/);
  });
});

describe('withoutIgnoredFields: both sides lose the ignored fields before they are compared', () => {
  const selection: { name: string; entry: IgnoreDifference; key: ResourceKey; selected: boolean }[] = [
    { name: 'group and kind', entry: { group: 'apps', kind: 'Deployment', jsonPointers: ['/spec/replicas'] }, key: WEB, selected: true },
    { name: 'another kind', entry: { group: 'apps', kind: 'StatefulSet', jsonPointers: ['/spec/replicas'] }, key: WEB, selected: false },
    { name: 'no group is the core group', entry: { kind: 'Deployment', jsonPointers: ['/spec/replicas'] }, key: WEB, selected: false },
    { name: 'globs', entry: { group: '*', kind: 'Deploy*', jsonPointers: ['/spec/replicas'] }, key: WEB, selected: true },
    { name: 'its name', entry: { group: 'apps', kind: 'Deployment', name: 'web', jsonPointers: ['/spec/replicas'] }, key: WEB, selected: true },
    { name: 'another name', entry: { group: 'apps', kind: 'Deployment', name: 'api', jsonPointers: ['/spec/replicas'] }, key: WEB, selected: false },
    { name: 'another namespace', entry: { group: 'apps', kind: 'Deployment', namespace: 'other', jsonPointers: ['/spec/replicas'] }, key: WEB, selected: false },
  ];
  it.each(selection)('selects by $name', ({ entry, key, selected }) => {
    const { desired, live } = withoutIgnoredFields(rules(entry), key, deployment(2), deployment(5));
    expect([(desired.spec as { replicas?: number }).replicas, (live.spec as { replicas?: number }).replicas]).toEqual(selected ? [undefined, undefined] : [2, 5]);
  });

  it('jq: the image of one container on both sides, the rest kept; the inputs are not changed', () => {
    const desired = deployment(2, 'web:1');
    const live = deployment(2, 'web:2');
    const compared = withoutIgnoredFields(rules({ group: 'apps', kind: 'Deployment', jqPathExpressions: ['.spec.template.spec.containers[] | select(.name == "web") | .image'] }), WEB, desired, live);
    expect(compared.desired.spec).toEqual({ replicas: 2, template: { spec: { containers: [{ name: 'web' }] } } });
    expect(compared.live.spec).toEqual(compared.desired.spec);
    expect((live.spec as { template: { spec: { containers: { image: string }[] } } }).template.spec.containers[0].image).toBe('web:2');
  });

  it('managed fields: what the trusted manager owns live, on both sides; the name of a list item stays', () => {
    const webhook: ManagedFieldsEntry = { manager: 'mesh-webhook', operation: 'Update', fieldsV1: { 'f:spec': { 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"web"}': { '.': {}, 'f:name': {}, 'f:image': {} } } } } } } };
    const live = deployment(7, 'web:patched', [flotillaOwnsAll, hpa, webhook]);
    const compared = withoutIgnoredFields(rules({ group: '*', kind: '*', managedFieldsManagers: ['kube-controller-manager', 'mesh-webhook'] }), WEB, deployment(2), live);
    expect(compared.desired.spec).toEqual({ template: { spec: { containers: [{ name: 'web' }] } } });
    expect(compared.live.spec).toEqual(compared.desired.spec);
    expect(compared.live.metadata.managedFields).toHaveLength(3);
  });

  it("never takes the object's identity or its managedFields away", () => {
    const live = deployment(5, 'web:1', [hpa]);
    const compared = withoutIgnoredFields(rules({ group: 'apps', kind: 'Deployment', jsonPointers: ['/metadata', '/kind', '/apiVersion'] }), WEB, deployment(5), live);
    expect(compared.desired.metadata).toEqual({ name: 'web', namespace: 'shop' });
    expect(compared.live.metadata).toEqual({ name: 'web', namespace: 'shop', managedFields: [hpa] });
    expect([compared.live.apiVersion, compared.live.kind]).toEqual(['apps/v1', 'Deployment']);
  });

  it('copies nothing when no rule selects the resource', () => {
    const desired = deployment(2);
    const live = deployment(5);
    const compared = withoutIgnoredFields(rules({ kind: 'ConfigMap', jsonPointers: ['/data'] }), WEB, desired, live);
    expect(compared.desired).toBe(desired);
    expect(compared.live).toBe(live);
  });
});

describe('withLiveIgnoredFields (RespectIgnoreDifferences=true): what the sync applies', () => {
  const replicas = rules({ group: 'apps', kind: 'Deployment', jsonPointers: ['/spec/replicas'] });

  it('leaves out a field another manager took over, so the apply neither changes nor claims it', () => {
    const applied = withLiveIgnoredFields(replicas, WEB, deployment(2, 'web:2'), deployment(7, 'web:1', [flotilla({ 'f:spec': { 'f:template': {} } }), hpa]));
    expect(applied.spec).toEqual({ template: { spec: { containers: [{ name: 'web', image: 'web:2' }] } } });
  });

  it('sends the live value of a field Flotilla still owns, so the apply neither changes nor drops it', () => {
    const applied = withLiveIgnoredFields(replicas, WEB, deployment(2, 'web:2'), deployment(7, 'web:1', [flotillaOwnsAll]));
    expect(applied.spec).toEqual({ replicas: 7, template: { spec: { containers: [{ name: 'web', image: 'web:2' }] } } });
  });

  it('applies the desired object whole when there is nothing live yet', () => {
    const desired = deployment(2);
    expect(withLiveIgnoredFields(replicas, WEB, desired, undefined)).toBe(desired);
  });

  it('puts back a whole ignored item Flotilla owns, where it stands live, with only the fields Flotilla owns', () => {
    const injected = rules({ group: 'apps', kind: 'Deployment', jqPathExpressions: ['.spec.template.spec.containers[] | select(.name == "mesh")'] });
    const live = deployment(2, 'web:1', [flotilla({ 'f:spec': { 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"mesh"}': { '.': {}, 'f:name': {}, 'f:image': {} } } } } } })]);
    (live.spec as { template: { spec: { containers: unknown[] } } }).template.spec.containers.unshift({ name: 'mesh', image: 'proxy:1', terminationMessagePath: '/dev/termination-log' });
    const applied = withLiveIgnoredFields(injected, WEB, deployment(2, 'web:2'), live);
    expect((applied.spec as { template: unknown }).template).toEqual({ spec: { containers: [{ name: 'mesh', image: 'proxy:1' }, { name: 'web', image: 'web:2' }] } });
  });

  it('of an ignored map, sends only the entries Flotilla owns live', () => {
    const annotations = rules({ group: 'apps', kind: 'Deployment', jsonPointers: ['/metadata/annotations'] });
    const live = deployment(2, 'web:1', [flotillaOwnsAll]);
    live.metadata.annotations = { team: 'b', 'deployment.kubernetes.io/revision': '3' };
    const desired = deployment(2);
    desired.metadata.annotations = { team: 'a', owner: 'x' };
    expect(withLiveIgnoredFields(annotations, WEB, desired, live).metadata.annotations).toEqual({ team: 'b' });
  });
});
