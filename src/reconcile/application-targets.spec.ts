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
