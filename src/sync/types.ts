import type { IgnoreDifference } from './ignore-differences';

/** A plain JSON Kubernetes object as rendered from Git or read from a cluster. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: KubeMetadata;
  [field: string]: unknown;
}

/**
 * A rendered object as the engine accepts it (structurally what the renderer produces). Its shape
 * is checked before use: one without a name fails on its own, not the whole sync.
 */
export interface DesiredObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name?: string; readonly namespace?: string; readonly [field: string]: unknown };
  readonly [field: string]: unknown;
}

export interface KubeMetadata {
  name: string;
  namespace?: string;
  uid?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  generation?: number;
  resourceVersion?: string;
  deletionTimestamp?: string;
  managedFields?: ManagedFieldsEntry[];
  [field: string]: unknown;
}

export interface ManagedFieldsEntry {
  manager?: string;
  operation?: string;
  subresource?: string;
  fieldsType?: string;
  fieldsV1?: Record<string, unknown>;
}

/** Identifies one object in a cluster. `namespace` is '' for cluster-scoped objects. */
export interface ResourceKey {
  readonly group: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
}

/** What the engine needs to know about the Application being synced. */
export interface ApplicationIdentity {
  readonly name: string;
  /** Namespace given to namespaced objects that name none. */
  readonly destinationNamespace: string;
  /** Argo CD sync options, e.g. `CreateNamespace=true`, `PruneLast=true`, `PrunePropagationPolicy=orphan`. */
  readonly syncOptions: readonly string[];
  readonly prune: boolean;
  readonly dryRun: boolean;
  /**
   * The Application's `spec.ignoreDifferences` as stored (validated when written, compiled again by the engine): fields
   * left out of the comparison, and with `RespectIgnoreDifferences=true` out of the sync's changes.
   */
  readonly ignoreDifferences?: readonly IgnoreDifference[];
}

/** Argo CD's health codes. */
export type HealthStatusCode = 'Healthy' | 'Progressing' | 'Degraded' | 'Suspended' | 'Missing' | 'Unknown';

export interface HealthStatus {
  readonly status: HealthStatusCode;
  readonly message?: string;
}

/** `Unknown` when live state could not be read. */
export type ResourceSyncStatus = 'Synced' | 'OutOfSync' | 'Missing' | 'Unknown';
/** `Unknown` when live state could not be read (e.g. the cluster is unreachable). */
export type AppSyncStatus = 'Synced' | 'OutOfSync' | 'Unknown';

export interface ResourceStatus extends ResourceKey {
  readonly status: ResourceSyncStatus;
  readonly health: HealthStatus;
  /** Live and tracked by this application, but no longer rendered. */
  readonly requiresPruning?: boolean;
  /** Why the resource is out of sync (first differing field paths), for operators. */
  readonly diff?: readonly string[];
}

/** An API kind, as `apiVersion` and `kind`. */
export interface KindRef {
  readonly apiVersion: string;
  readonly kind: string;
}

export interface ComparisonResult {
  readonly sync: { readonly status: AppSyncStatus };
  /**
   * Kinds this application has objects of (rendered, or tracked and awaiting prune). Store them and pass
   * them back as `extraKinds`, so a kind that disappears from Git entirely is still found for pruning.
   */
  readonly trackedKinds: readonly KindRef[];
  readonly health: HealthStatus;
  readonly resources: readonly ResourceStatus[];
  /** Set when live state could not be read; the statuses above are then Unknown. */
  readonly error?: import('./errors').SyncError;
}

export type SyncAction = 'created' | 'configured' | 'unchanged' | 'pruned' | 'failed';

export interface ResourceResult extends ResourceKey {
  readonly action: SyncAction;
  readonly message: string;
  readonly wave: number;
  readonly health: HealthStatus;
  /** Tracked and no longer rendered, but left in place (prune off or `Prune=false`); action is `unchanged`. */
  readonly requiresPruning?: boolean;
  readonly error?: import('./errors').SyncError;
}

/**
 * Succeeded: every task done. Failed: a resource failed (later waves were not applied). Running: a wave
 * is not healthy yet and later waves wait for the next pass. Error: the sync could not run at all.
 */
export type SyncPhase = 'Succeeded' | 'Failed' | 'Running' | 'Error';

export interface SyncResult {
  readonly phase: SyncPhase;
  readonly message: string;
  readonly dryRun: boolean;
  readonly resources: readonly ResourceResult[];
  readonly health: HealthStatus;
  /** As in ComparisonResult: persist and pass back as `extraKinds`. */
  readonly trackedKinds: readonly KindRef[];
  /** The first error that decided the phase; its `retryable` flag tells the caller whether to back off and retry. */
  readonly error?: import('./errors').SyncError;
}
