import { describe, expect, it } from 'vitest';
import { applicationLabelValue, isTrackedBy, trackingId, withTracking } from './tracking';
import type { KubeObject, ResourceKey } from './types';

describe('trackingId', () => {
  const rows: { name: string; key: ResourceKey; id: string }[] = [
    { name: 'namespaced, named group', key: { group: 'apps', kind: 'Deployment', namespace: 'prod', name: 'web' }, id: 'app:apps/Deployment:prod/web' },
    { name: 'namespaced, core group', key: { group: '', kind: 'Service', namespace: 'prod', name: 'web' }, id: 'app:/Service:prod/web' },
    { name: 'cluster-scoped', key: { group: '', kind: 'Namespace', namespace: '', name: 'prod' }, id: 'app:/Namespace:/prod' },
    { name: 'cluster-scoped, named group', key: { group: 'rbac.authorization.k8s.io', kind: 'ClusterRole', namespace: '', name: 'r' }, id: 'app:rbac.authorization.k8s.io/ClusterRole:/r' },
  ];
  it.each(rows)('$name', ({ key, id }) => {
    expect(trackingId('app', key)).toBe(id);
  });
});

describe('applicationLabelValue', () => {
  const valid = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;
  const rows: { name: string; app: string; same: boolean }[] = [
    { name: 'short DNS name is kept', app: 'my-api-production', same: true },
    { name: 'exactly 63 characters is kept', app: 'a'.repeat(63), same: true },
    { name: '64 characters is shortened', app: 'a'.repeat(64), same: false },
    { name: 'invalid characters are replaced', app: 'team/app:prod', same: false },
    { name: 'leading dash is trimmed', app: '-app', same: false },
  ];
  it.each(rows)('$name', ({ app, same }) => {
    const value = applicationLabelValue(app);
    expect(value).toMatch(valid);
    expect(value.length).toBeLessThanOrEqual(63);
    expect(value === app).toBe(same);
  });

  it('keeps distinct long names distinct', () => {
    const prefix = 'x'.repeat(70);
    expect(applicationLabelValue(`${prefix}-a`)).not.toBe(applicationLabelValue(`${prefix}-b`));
  });
});

describe('isTrackedBy', () => {
  const mine = withTracking({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'prod' } }, 'app');
  const annotated = (id: string | undefined, name = 'web'): KubeObject => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'prod', ...(id !== undefined && { annotations: { 'argocd.argoproj.io/tracking-id': id } }) },
  });
  const rows: { name: string; live: KubeObject; tracked: boolean }[] = [
    { name: 'object applied by this app', live: mine, tracked: true },
    { name: 'another application', live: annotated('other:apps/Deployment:prod/web'), tracked: false },
    { name: 'app name that is a prefix of ours', live: annotated('ap:apps/Deployment:prod/web'), tracked: false },
    { name: 'copied object (id names another object)', live: annotated('app:apps/Deployment:prod/web', 'web-copy'), tracked: false },
    { name: 'no annotation (only the label)', live: { ...annotated(undefined), metadata: { ...annotated(undefined).metadata, labels: { 'flotilla.io/application': 'app' } } }, tracked: false },
  ];
  it.each(rows)('$name', ({ live, tracked }) => {
    expect(isTrackedBy(live, 'app')).toBe(tracked);
  });

  it('withTracking keeps existing labels and annotations', () => {
    const tracked = withTracking({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'n', labels: { a: '1' }, annotations: { b: '2' } } }, 'app');
    expect(tracked.metadata.labels).toEqual({ a: '1', 'flotilla.io/application': 'app' });
    expect(tracked.metadata.annotations).toEqual({ b: '2', 'argocd.argoproj.io/tracking-id': 'app:/ConfigMap:n/c' });
  });
});
