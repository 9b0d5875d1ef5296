/**
 * What the rest of the hub tells the metrics: one small interface per concern, so no folder but this one imports
 * prom-client and a unit test can hand any of them a fake. `MetricsService` implements them all; every label
 * value passed in must come from a bounded set (see README.md in this folder).
 */

/** A sync attempt ended (reconcile): its phase, what triggered it, and how long the apply took. */
export interface SyncRecorder {
  syncFinished(phase: string, trigger: string, seconds: number): void;
}

/** Reconcile timings: a whole pass over this replica's applications, and one application's reconcile. */
export interface ReconcileRecorder {
  passFinished(seconds: number): void;
  applicationReconciled(seconds: number): void;
}

/** One application's labels in `flotilla_app_info`: the statuses the hub last wrote or read for it. */
export interface AppInfo {
  name: string;
  project: string;
  applicationSet: string | null;
  cluster: string;
  syncStatus: string;
  healthStatus: string;
}

/**
 * The applications this replica holds (those of the clusters in its shards). The reconcile pass replaces the
 * whole set from the rows it read anyway; status writes in between update single entries.
 */
export interface AppInfoRecorder {
  replaceApplications(apps: Iterable<AppInfo>): void;
  applicationChanged(app: AppInfo): void;
}

export interface ClusterInfo {
  name: string;
  serverVersion: string | null;
  connectionState: string;
}

/** The connectivity checks' latest view of the clusters, as this replica last checked them. */
export interface ClusterInfoRecorder {
  replaceClusters(clusters: Iterable<ClusterInfo>): void;
  clusterChecked(cluster: ClusterInfo): void;
  clusterForgotten(name: string): void;
}

/**
 * One HTTP request to a cluster's API server: `code` is the HTTP status, or `error` when no response came. When the
 * hub drops a cluster's client (deleted, unused for a while, renamed), that cluster's request series go with it.
 */
export interface ClusterRequestRecorder {
  clusterRequest(cluster: string, verb: string, code: string): void;
  clusterClientDropped(cluster: string): void;
}

/** One git process: its subcommand (`fetch`, `ls-remote`, …) and `success` or the GitError kind. */
export interface GitRequestRecorder {
  gitRequest(op: string, outcome: string): void;
}

/** One render of a source that was not in the render cache. */
export interface RenderRecorder {
  rendered(tool: string, outcome: 'success' | 'failure', seconds: number): void;
}

/** One ApplicationSet expansion (plan) of a reconcile pass. */
export interface ExpansionRecorder {
  expanded(outcome: 'success' | 'failure', seconds: number): void;
}

/** Latest rollout state of each ApplicationSet this replica drives; sets not among `rollingSets` are dropped. */
export interface RolloutInfoRecorder {
  rolloutState(applicationSet: string, state: string): void;
  keepRolloutsOf(rollingSets: ReadonlySet<string>): void;
}

/** Outcome of one notification delivery attempt. */
export type DeliveryOutcome = 'delivered' | 'retrying' | 'dead';

/** Notifications call this once per delivery attempt. */
export interface DeliveryRecorder {
  observeDelivery(outcome: DeliveryOutcome): void;
}

/**
 * The outcome of a check of RBAC_POLICY_FILE: `true` when the policy in force is what the file holds (reloaded, or
 * unchanged), `false` while a missing or invalid file leaves the previous policy in force.
 */
export interface PolicyReloadRecorder {
  policyFileChecked(inForce: boolean): void;
}

/** Scrape-time reading of the shards this replica holds. */
export interface ShardsSource {
  heldShardCount(): number;
}

/** Seconds since `start` (a `process.hrtime.bigint()` reading): latencies are real time, whatever the hub clock says. */
export function secondsSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}
