import { describe, expect, it } from 'vitest';
import type { ComparisonResult, KubeObject, SyncResult } from '../sync';
import { isHubObject, rejectedSync, splitRendered, withHubChildren, withHubResults } from './hub-children';

const object = (apiVersion: string, kind: string, namespace?: string): KubeObject => ({ apiVersion, kind, metadata: { name: 'x', ...(namespace ? { namespace } : {}) } });
const remote = { argoNamespace: 'argocd', destinationCluster: 'prod-eu' };
const inCluster = { argoNamespace: 'argocd', destinationCluster: 'in-cluster' };

describe('which rendered objects the hub adopts (app of apps)', () => {
  const rows: { name: string; object: KubeObject; target: typeof remote; adopted: boolean }[] = [
    { name: 'Application in the Argo CD namespace', object: object('argoproj.io/v1alpha1', 'Application', 'argocd'), target: remote, adopted: true },
    { name: 'ApplicationSet in the Argo CD namespace', object: object('argoproj.io/v1alpha1', 'ApplicationSet', 'argocd'), target: remote, adopted: true },
    { name: 'AppProject in the Argo CD namespace', object: object('argoproj.io/v1alpha1', 'AppProject', 'argocd'), target: remote, adopted: true },
    { name: 'Application without a namespace, parent on in-cluster', object: object('argoproj.io/v1alpha1', 'Application'), target: inCluster, adopted: true },
    { name: 'Application in another namespace, parent on in-cluster', object: object('argoproj.io/v1alpha1', 'Application', 'team-a'), target: inCluster, adopted: true },
    { name: 'Application in another namespace of a remote cluster (a remote Argo CD)', object: object('argoproj.io/v1alpha1', 'Application', 'team-a'), target: remote, adopted: false },
    { name: 'Application without a namespace, parent on a remote cluster', object: object('argoproj.io/v1alpha1', 'Application'), target: remote, adopted: false },
    { name: 'Argo Rollouts Rollout in the Argo CD namespace', object: object('argoproj.io/v1alpha1', 'Rollout', 'argocd'), target: inCluster, adopted: false },
    { name: 'another API version of Application', object: object('argoproj.io/v1beta1', 'Application', 'argocd'), target: remote, adopted: false },
    { name: 'a ConfigMap in the Argo CD namespace', object: object('v1', 'ConfigMap', 'argocd'), target: inCluster, adopted: false },
    { name: 'a namespace setting other than argocd', object: object('argoproj.io/v1alpha1', 'Application', 'gitops'), target: { argoNamespace: 'gitops', destinationCluster: 'prod-eu' }, adopted: true },
  ];
  for (const row of rows) {
    it(row.name, () => {
      expect(isHubObject(row.object, row.target)).toBe(row.adopted);
    });
  }

  it('splits the rendered objects, keeping their order', () => {
    const app = object('argoproj.io/v1alpha1', 'Application', 'argocd');
    const config = object('v1', 'ConfigMap', 'argocd');
    const project = object('argoproj.io/v1alpha1', 'AppProject', 'argocd');
    expect(splitRendered([app, config, project], remote)).toEqual({ hub: [app, project], cluster: [config] });
  });
});

const synced: ComparisonResult = {
  sync: { status: 'Synced' },
  trackedKinds: [],
  health: { status: 'Healthy' },
  resources: [{ group: '', kind: 'ConfigMap', namespace: 'apps', name: 'c', status: 'Synced', health: { status: 'Healthy' } }],
};

describe('children in the parent\'s status and sync result', () => {
  it('lists the children as resources; a missing or unpruned child makes the parent OutOfSync', () => {
    const comparison = withHubChildren(
      synced,
      [
        { kind: 'Application', name: 'a', status: 'Synced' },
        { kind: 'AppProject', name: 'p', status: 'Missing', conflict: 'held elsewhere' },
        { kind: 'ApplicationSet', name: 's', status: 'OutOfSync', requiresPruning: true },
      ],
      'argocd',
    );
    expect(comparison.sync.status).toBe('OutOfSync');
    expect(comparison.health).toEqual({ status: 'Missing', message: 'held elsewhere' });
    expect(comparison.resources.slice(1)).toEqual([
      { group: 'argoproj.io', kind: 'Application', namespace: 'argocd', name: 'a', status: 'Synced', health: { status: 'Healthy' } },
      { group: 'argoproj.io', kind: 'AppProject', namespace: 'argocd', name: 'p', status: 'Missing', health: { status: 'Missing', message: 'held elsewhere' } },
      { group: 'argoproj.io', kind: 'ApplicationSet', namespace: 'argocd', name: 's', status: 'OutOfSync', health: { status: 'Healthy' }, requiresPruning: true },
    ]);
  });

  it('stays Synced when every child is', () => {
    expect(withHubChildren(synced, [{ kind: 'Application', name: 'a', status: 'Synced' }], 'argocd').sync.status).toBe('Synced');
  });

  it('a child that failed fails the sync and leads its message', () => {
    const cluster: SyncResult = { phase: 'Succeeded', message: 'ok', dryRun: false, resources: [], health: { status: 'Healthy' }, trackedKinds: [] };
    const merged = withHubResults(cluster, { phase: 'Failed', message: 'Application b: Conflict', rejected: false, resources: [{ kind: 'Application', name: 'b', action: 'failed', message: 'Conflict' }] }, 'argocd');
    expect(merged.phase).toBe('Failed');
    expect(merged.message).toBe('Application b: Conflict');
    expect(merged.resources).toMatchObject([{ group: 'argoproj.io', kind: 'Application', name: 'b', action: 'failed' }]);
  });

  it('a rejected child is the whole result: nothing reached the cluster', () => {
    const result = rejectedSync({ phase: 'Failed', message: 'Application "b" is invalid: spec.project', rejected: true, resources: [{ kind: 'Application', name: 'b', action: 'failed', message: 'invalid' }] }, 'argocd', false, []);
    expect(result).toMatchObject({ phase: 'Failed', message: 'Application "b" is invalid: spec.project', resources: [{ name: 'b', action: 'failed' }] });
  });
});
