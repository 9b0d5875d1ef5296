import { beforeEach, describe, expect, it } from 'vitest';
import type { AppConfig } from '../config/app-config';
import type { ApplicationIdentity, KubeObject } from '../sync';
import { FakeClusterApi } from '../sync/testing/fake-cluster-api';
import { withTracking } from '../sync/tracking';
import { type ApplicationTarget, ApplicationTargets } from './application-targets';
import { type HubChildStatus, HubObjects, type HubSyncOutcome } from './hub-objects';

/** The hub side of an app of apps, counting what it is asked; it owns what `owned` says. */
class CountingHub extends HubObjects {
  readonly asked: string[] = [];
  owned: HubChildStatus[] = [];

  async compare(): Promise<HubChildStatus[]> {
    this.asked.push('compare');
    return this.owned;
  }

  async sync(): Promise<HubSyncOutcome> {
    this.asked.push('sync');
    return { phase: 'Succeeded', message: 'synced', resources: [], rejected: false };
  }

  async release(): Promise<HubSyncOutcome> {
    this.asked.push('release');
    return { phase: 'Succeeded', message: 'released', resources: [], rejected: false };
  }
}

const identity: ApplicationIdentity = { name: 'shop', destinationNamespace: 'shop', syncOptions: [], prune: true, dryRun: false };
const configMap = (name: string, value: string): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { value } });
const deployment: KubeObject = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 2 } };

let api: FakeClusterApi;
let hub: CountingHub;
let targets: ApplicationTargets;
const target = (objects: KubeObject[], hubObjects: KubeObject[] = []): ApplicationTarget => ({ identity, objects, hubObjects, api, planOptions: {} });

beforeEach(() => {
  api = new FakeClusterApi();
  api.seed({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } });
  hub = new CountingHub();
  targets = new ApplicationTargets(hub, { reconcile: { argoNamespace: 'argocd' } } as AppConfig);
});

describe('one reconcile: compare, sync, compare again', () => {
  it('reads each kind once and asks the hub once for an application with no hub children', async () => {
    const shop = target([configMap('settings', 'a'), deployment]);
    expect((await targets.compare(shop)).sync.status).toBe('OutOfSync');
    const synced = await targets.sync(shop);
    const after = await targets.compareAfterSync(shop);
    expect(synced.phase).toBe('Succeeded');
    expect(after.sync.status).toBe('Synced');
    expect(api.calls.filter((c) => c.verb === 'list').map((c) => c.target)).toEqual(['/ConfigMap', 'apps/Deployment']);
    expect(api.calls.filter((c) => c.verb === 'apply')).toHaveLength(2);
    expect(hub.asked).toEqual(['compare']);
  });

  it('reads again after a sync that pruned, and asks the hub each time for a parent with children', async () => {
    api.seed(withTracking({ ...configMap('gone', 'x'), metadata: { name: 'gone', namespace: 'shop' } }, 'shop'));
    hub.owned = [{ kind: 'AppProject', name: 'team', status: 'Synced' }];
    const shop = target([configMap('settings', 'a')]);
    await targets.compare(shop);
    const synced = await targets.sync(shop);
    expect(synced.resources.map((r) => `${r.kind}/${r.name}:${r.action}`)).toEqual(['ConfigMap/settings:created', 'ConfigMap/gone:pruned']);
    await targets.compareAfterSync(shop);
    expect(api.calls.filter((c) => c.verb === 'list')).toHaveLength(2);
    expect(hub.asked).toEqual(['compare', 'sync', 'compare']);
  });
});

describe('across reconciles under one shard lease', () => {
  const lease = { shard: 3, epoch: '7', row: 'row-1', rowChangedAt: 1_000 };
  const leased = (objects: KubeObject[], hubObjects: KubeObject[] = [], held = lease): ApplicationTarget => ({ ...target(objects, hubObjects), lease: held });
  const project: KubeObject = { apiVersion: 'argoproj.io/v1alpha1', kind: 'AppProject', metadata: { name: 'team', namespace: 'argocd' } };

  it('asks the hub once for an application that owns no children, while the lease is the same', async () => {
    await targets.compare(leased([deployment]));
    await targets.compare(leased([deployment]));
    await targets.compare(leased([deployment]));
    expect(hub.asked).toEqual(['compare']);
  });

  it('asks again under a new epoch (another replica may have held the shard) or another shard', async () => {
    await targets.compare(leased([deployment]));
    await targets.compare(leased([deployment], [], { ...lease, epoch: '8' }));
    await targets.compare(leased([deployment], [], { ...lease, shard: 4, epoch: '8' }));
    expect(hub.asked).toEqual(['compare', 'compare', 'compare']);
  });

  it('asks again once the row changed (a new destination may have been in another replica’s shard) or is another row of the name', async () => {
    await targets.compare(leased([deployment]));
    await targets.compare(leased([deployment], [], { ...lease, rowChangedAt: 2_000 }));
    await targets.compare(leased([deployment], [], { ...lease, row: 'row-2', rowChangedAt: 2_000 }));
    await targets.compare(leased([deployment], [], { ...lease, row: 'row-2', rowChangedAt: 2_000 }));
    expect(hub.asked).toEqual(['compare', 'compare', 'compare']);
  });

  it('asks every time for a parent that owns children, and once a render names a hub object', async () => {
    hub.owned = [{ kind: 'AppProject', name: 'team', status: 'Synced' }];
    await targets.compare(leased([deployment]));
    await targets.compare(leased([deployment]));
    hub.owned = [];
    await targets.compare(leased([deployment]));
    await targets.compare(leased([deployment], [project]));
    await targets.compare(leased([deployment]));
    expect(hub.asked).toEqual(['compare', 'compare', 'compare', 'compare', 'compare']);
  });

  it('does not ask when the row read in this reconcile said it owns nothing, unless the render names a hub object', async () => {
    await targets.compare({ ...leased([deployment], [], { ...lease, epoch: '9' }), ownedNoHubObjectsWhenRead: true });
    await targets.compare({ ...leased([deployment], [project], { ...lease, epoch: '9' }), ownedNoHubObjectsWhenRead: true });
    expect(hub.asked).toEqual(['compare']);
  });

  it('remembers nothing for a read without a lease (the diff endpoint)', async () => {
    await targets.compare(target([deployment]));
    await targets.compare(target([deployment]));
    expect(hub.asked).toEqual(['compare', 'compare']);
  });
});
