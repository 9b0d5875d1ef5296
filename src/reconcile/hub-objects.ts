import type { KubeObject, SyncAction } from '../sync';

/** The Argo CD kinds the hub itself stores: an app of apps creates them in the hub, not in a cluster. */
export type HubKind = 'AppProject' | 'ApplicationSet' | 'Application';

export interface HubChildKey {
  kind: HubKind;
  name: string;
}

export interface HubChildStatus extends HubChildKey {
  /** Missing: not in the hub (or held by someone else); OutOfSync: stored differently, or no longer rendered. */
  status: 'Synced' | 'OutOfSync' | 'Missing';
  /** The parent owns it but no longer renders it. */
  requiresPruning?: boolean;
  /** Why it cannot be the parent's (another owner holds the name). */
  conflict?: string;
}

export interface HubChildResult extends HubChildKey {
  action: SyncAction;
  message: string;
  requiresPruning?: boolean;
}

export interface HubSyncOutcome {
  phase: 'Succeeded' | 'Failed';
  message: string;
  resources: HubChildResult[];
  /**
   * A child failed validation: nothing was written, in the hub or (the caller's part) in the cluster, as Argo CD
   * fails a sync whose dry run fails before it applies anything.
   */
  rejected: boolean;
}

/**
 * The port through which a reconcile makes an app of apps' children real: the hub's own projects, sets and
 * applications, owned by the parent Application (by name, as Argo CD's tracking id owns cluster objects). The
 * adapter uses the services and validation of the REST API; reconcile only decides when to call it.
 */
export abstract class HubObjects {
  /** How the children rendered now compare with what the hub holds for this parent. Reads only. */
  abstract compare(parent: string, desired: readonly KubeObject[]): Promise<HubChildStatus[]>;

  /** Creates and updates the rendered children, prunes the parent's others (`prune`), or only validates (`dryRun`). */
  abstract sync(parent: string, desired: readonly KubeObject[], options: { prune: boolean; dryRun: boolean }): Promise<HubSyncOutcome>;

  /** The parent's cascading deletion: every child it owns is deleted as the REST API deletes it. */
  abstract release(parent: string): Promise<HubSyncOutcome>;
}
