import { beforeEach, describe, expect, it } from 'vitest';
import { diffApplication } from './application-diff';
import { syncApplication } from './sync';
import { FakeClusterApi } from './testing/fake-cluster-api';
import type { ApplicationIdentity, KubeObject } from './types';

const app: ApplicationIdentity = { name: 'shop', destinationNamespace: 'shop', syncOptions: [], prune: true, dryRun: false };
const configMap = (name: string, data: Record<string, string> = { name }, annotations?: Record<string, string>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, ...(annotations && { annotations }) },
  data,
});
const secret = (data: Record<string, string>): KubeObject => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'creds' }, type: 'Opaque', data });

describe('diffApplication', () => {
  let api: FakeClusterApi;

  beforeEach(() => {
    api = new FakeClusterApi({ '/ConfigMap': true, '/Secret': true });
  });

  const deploy = async (objects: KubeObject[]) => expect((await syncApplication(app, objects, api)).phase).toBe('Succeeded');

  it('reports a tracked object no longer rendered as removed, as it is live, and says when prune is disabled on it', async () => {
    await deploy([configMap('kept'), configMap('dropped'), configMap('pinned', { name: 'pinned' }, { 'argocd.argoproj.io/sync-options': 'Prune=false' })]);
    const live = api.find('ConfigMap', 'dropped')!;
    api.seed({ ...live, metadata: { ...live.metadata, managedFields: [{ manager: 'flotilla', operation: 'Apply' }] }, status: { note: 'server only' } });
    const resources = await diffApplication(app, [configMap('kept')], api);
    expect(resources.map(({ name, state, message }) => ({ name, state, message }))).toEqual([
      { name: 'dropped', state: 'removed', message: undefined },
      { name: 'kept', state: 'unchanged', message: undefined },
      { name: 'pinned', state: 'removed', message: 'Prune=false: a sync with prune leaves it in place' },
    ]);
    const removed = resources[0].diff!;
    expect(removed).toMatch(/^--- live\n\+\+\+ desired\n@@ -1,\d+ \+0,0 @@\n-apiVersion: v1\n-data:\n- {2}name: dropped\n/);
    expect(removed).toContain('\n-    argocd.argoproj.io/tracking-id: shop:/ConfigMap:shop/dropped\n');
    expect(removed).not.toContain('managedFields');
    expect(removed).not.toContain('server only');
    expect(resources[1].diff).toBeUndefined();
  });

  it('masks Secret values in every state: the same run for an equal value, a longer one for a changed value', async () => {
    const values = ['first-password', 'changed-password', 'admin'].map((text) => Buffer.from(text).toString('base64'));
    const modified = async () => (await diffApplication(app, [secret({ password: values[0], user: values[2] })], api))[0];
    expect((await modified()).state).toBe('added');
    expect((await modified()).diff).toContain('\n+  password: ++++++++\n+  user: ++++++++\n');

    await deploy([secret({ password: values[0], user: values[2] })]);
    const live = api.find('Secret', 'creds')!;
    api.seed({ ...live, data: { password: values[1], user: values[2] } });
    const changed = await modified();
    expect(changed.state).toBe('modified');
    expect(changed.diff).toContain('\n-  password: ++++++++\n+  password: ++++++++++++\n   user: ++++++++\n');

    const removed = (await diffApplication(app, [], api, { extraKinds: [{ apiVersion: 'v1', kind: 'Secret' }] }))[0];
    expect(removed.state).toBe('removed');
    for (const answer of [changed, removed]) for (const value of values) expect(JSON.stringify(answer)).not.toContain(value);
  });

  it('calls an object owned by another application modified, with the reason', async () => {
    await deploy([configMap('shared')]);
    const [resource] = await diffApplication({ ...app, name: 'other' }, [configMap('shared')], api);
    expect(resource).toMatchObject({ name: 'shared', state: 'modified', message: 'ConfigMap shared is already managed by application "shop"' });
    expect(resource.diff).toContain('\n-    argocd.argoproj.io/tracking-id: shop:/ConfigMap:shop/shared\n+    argocd.argoproj.io/tracking-id: other:/ConfigMap:shop/shared\n');
  });
});
