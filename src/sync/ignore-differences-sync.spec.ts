import { beforeEach, describe, expect, it } from 'vitest';
import { diffApplication } from './application-diff';
import { compareApplication } from './compare';
import type { IgnoreDifference } from './ignore-differences';
import { syncApplication } from './sync';
import { FakeClusterApi } from './testing/fake-cluster-api';
import { TRACKING_ANNOTATION } from './tracking';
import type { ApplicationIdentity, KubeObject, ManagedFieldsEntry } from './types';

/** spec.ignoreDifferences through the engine: comparison, sync (with and without RespectIgnoreDifferences) and diff. */

const REPLICAS: IgnoreDifference[] = [{ group: 'apps', kind: 'Deployment', jsonPointers: ['/spec/replicas'] }];

const app = (overrides: Partial<ApplicationIdentity> = {}): ApplicationIdentity => ({
  name: 'shop',
  destinationNamespace: 'shop',
  syncOptions: [],
  prune: true,
  dryRun: false,
  ignoreDifferences: REPLICAS,
  ...overrides,
});

const web = (replicas: number, image = 'web:1'): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web' },
  spec: { replicas, template: { spec: { containers: [{ name: 'web', image }] } } },
});

let api: FakeClusterApi;
/** What each apply sent. */
let sent: KubeObject[];

beforeEach(() => {
  api = new FakeClusterApi();
  sent = [];
  const apply = api.apply.bind(api);
  api.apply = async (obj, options) => {
    sent.push(structuredClone(obj));
    return apply(obj, options);
  };
});

/** Deploys `web(2)`, then changes the live object as an autoscaler (and maybe someone else) would. */
async function deployThenScale(replicas: number, image = 'web:1', managedFields: ManagedFieldsEntry[] = []): Promise<void> {
  expect((await syncApplication(app(), [web(2)], api)).phase).toBe('Succeeded');
  const live = api.find('Deployment', 'web')!;
  api.seed({ ...live, metadata: { ...live.metadata, managedFields }, spec: { ...(live.spec as object), replicas, template: { spec: { containers: [{ name: 'web', image }] } } } });
  sent = [];
  api.calls.length = 0;
}

const flotillaOwns = (fieldsV1: Record<string, unknown>): ManagedFieldsEntry => ({ manager: 'flotilla', operation: 'Apply', fieldsV1 });
const scaledByHpa: ManagedFieldsEntry = { manager: 'kube-controller-manager', operation: 'Update', subresource: 'scale', fieldsV1: { 'f:spec': { 'f:replicas': {} } } };
const imageOwnedByFlotilla = flotillaOwns({ 'f:spec': { 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"web"}': { '.': {}, 'f:name': {}, 'f:image': {} } } } } } });

describe('comparison', () => {
  it('is Synced when the only drift is in an ignored field, and OutOfSync without the rule', async () => {
    await deployThenScale(7);
    await expect(compareApplication(app(), [web(2)], api)).resolves.toMatchObject({ sync: { status: 'Synced' }, resources: [{ status: 'Synced' }] });
    const unignored = await compareApplication(app({ ignoreDifferences: undefined }), [web(2)], api);
    expect(unignored).toMatchObject({ sync: { status: 'OutOfSync' }, resources: [{ status: 'OutOfSync', diff: ['.spec.replicas'] }] });
  });

  it('still reports drift in the fields it does not ignore', async () => {
    await deployThenScale(7, 'web:hotfix');
    const comparison = await compareApplication(app(), [web(2)], api);
    expect(comparison.resources).toMatchObject([{ status: 'OutOfSync', diff: ['.spec.template.spec.containers[name=web].image'] }]);
  });

  it('ignores the fields a trusted manager owns live', async () => {
    await deployThenScale(7, 'web:1', [scaledByHpa]);
    const trusting = app({ ignoreDifferences: [{ group: '*', kind: '*', managedFieldsManagers: ['kube-controller-manager'] }] });
    await expect(compareApplication(trusting, [web(2)], api)).resolves.toMatchObject({ sync: { status: 'Synced' } });
  });

  it('a stored rule the API would refuse makes the comparison Unknown with a terminal error, and the sync writes nothing', async () => {
    await deployThenScale(7);
    const broken = app({ ignoreDifferences: [{ kind: 'Deployment', jqPathExpressions: ['.spec | keys'] }] });
    const comparison = await compareApplication(broken, [web(2)], api);
    expect(comparison.sync.status).toBe('Unknown');
    expect(comparison.error).toMatchObject({ reason: 'Invalid', category: 'terminal', message: expect.stringContaining('spec.ignoreDifferences[0].jqPathExpressions[0]') });
    const result = await syncApplication(broken, [web(2)], api);
    expect(result.phase).toBe('Error');
    expect(api.writes()).toEqual([]);
  });
});

describe('sync', () => {
  it('writes nothing when the only drift is ignored (self-heal has nothing to do)', async () => {
    await deployThenScale(7);
    const result = await syncApplication(app(), [web(2)], api);
    expect(result.resources.map((r) => r.action)).toEqual(['unchanged']);
    expect(api.writes()).toEqual([]);
  });

  it('without RespectIgnoreDifferences, a sync for other drift applies the desired value of ignored fields too (Argo CD)', async () => {
    await deployThenScale(7, 'web:hotfix', [scaledByHpa, imageOwnedByFlotilla]);
    const result = await syncApplication(app(), [web(2)], api);
    expect(result.resources).toMatchObject([{ action: 'configured', message: 'configured: .spec.template.spec.containers[name=web].image' }]);
    expect(sent.map((obj) => obj.spec)).toEqual([{ replicas: 2, template: { spec: { containers: [{ name: 'web', image: 'web:1' }] } } }]);
  });

  it('with RespectIgnoreDifferences, leaves out an ignored field another manager owns', async () => {
    await deployThenScale(7, 'web:hotfix', [scaledByHpa, imageOwnedByFlotilla]);
    await syncApplication(app({ syncOptions: ['RespectIgnoreDifferences=true'] }), [web(2)], api);
    expect(sent.map((obj) => obj.spec)).toEqual([{ template: { spec: { containers: [{ name: 'web', image: 'web:1' }] } } }]);
    expect(sent[0].metadata.annotations?.[TRACKING_ANNOTATION]).toBe('shop:apps/Deployment:shop/web');
  });

  it('with RespectIgnoreDifferences, sends the live value of an ignored field Flotilla owns, keeping the value and the owner', async () => {
    const flotillaOwnsReplicasToo = flotillaOwns({ 'f:spec': { 'f:replicas': {}, 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"web"}': { '.': {}, 'f:name': {}, 'f:image': {} } } } } } });
    await deployThenScale(7, 'web:hotfix', [flotillaOwnsReplicasToo]);
    await syncApplication(app({ syncOptions: ['RespectIgnoreDifferences=true'] }), [web(2)], api);
    expect(sent.map((obj) => obj.spec)).toEqual([{ replicas: 7, template: { spec: { containers: [{ name: 'web', image: 'web:1' }] } } }]);
  });

  it('with RespectIgnoreDifferences, creates a missing object as desired', async () => {
    await syncApplication(app({ syncOptions: ['RespectIgnoreDifferences=true'] }), [web(2)], api);
    expect(sent.map((obj) => obj.spec)).toEqual([web(2).spec]);
  });

  it('keeps tracking even when the ignored fields include the annotations', async () => {
    await deployThenScale(2, 'web:hotfix', [imageOwnedByFlotilla]);
    const annotations = app({ syncOptions: ['RespectIgnoreDifferences=true'], ignoreDifferences: [{ group: 'apps', kind: 'Deployment', jsonPointers: ['/metadata/annotations'] }] });
    await syncApplication(annotations, [web(2)], api);
    expect(sent[0].metadata.annotations).toEqual({ [TRACKING_ANNOTATION]: 'shop:apps/Deployment:shop/web' });
  });
});

describe('diffApplication', () => {
  it('shows neither side of an ignored field: unchanged when nothing else differs', async () => {
    await deployThenScale(7);
    await expect(diffApplication(app(), [web(2)], api)).resolves.toMatchObject([{ name: 'web', state: 'unchanged' }]);
    await expect(diffApplication(app({ ignoreDifferences: undefined }), [web(2)], api)).resolves.toMatchObject([{ name: 'web', state: 'modified', diff: expect.stringContaining('-  replicas: 7\n+  replicas: 2') }]);
  });

  it('leaves ignored fields out of a modified or added object', async () => {
    await deployThenScale(7, 'web:hotfix');
    const [modified] = await diffApplication(app(), [web(2)], api);
    expect(modified.diff).toContain('-        - image: web:hotfix\n+        - image: web:1\n');
    expect(modified.diff).not.toContain('replicas');
    const added = await diffApplication(app(), [web(2), { ...web(3), metadata: { name: 'api' } }], api);
    expect(added.find((resource) => resource.name === 'api')).toMatchObject({ state: 'added' });
    expect(added.find((resource) => resource.name === 'api')?.diff).not.toContain('replicas');
  });
});
