/**
 * Argo CD's Application as Flotilla stores and serves it: the manifest an ApplicationSet generates, and the
 * status the reconciler fills in. Shared by expansion, reconcile and the API, so it belongs to none of them.
 */

export interface ApplicationDestination {
  server?: string;
  name?: string;
  namespace?: string;
}

export interface ApplicationSource {
  repoURL: string;
  [field: string]: unknown;
}

/**
 * The sources an application renders, in order: `spec.sources` when it lists any (Argo CD then ignores
 * `spec.source`), else `spec.source`.
 */
export function applicationSources(spec: Pick<ApplicationSpec, 'source' | 'sources'>): ApplicationSource[] {
  if (hasMultipleSources(spec)) return spec.sources!;
  return spec.source ? [spec.source] : [];
}

/** Argo CD's HasMultipleSources: a non-empty `spec.sources`. Only then do `ref` and `$ref/` value files mean anything. */
export function hasMultipleSources(spec: Pick<ApplicationSpec, 'sources'>): boolean {
  return Array.isArray(spec.sources) && spec.sources.length > 0;
}

/**
 * What an automated sync compares: the commit of a single source, or every source's commit in order (a push to any
 * of the repositories of a multi-source application is a new revision).
 */
export function revisionKey(of: { revision: string; revisions?: readonly string[] }): string {
  return of.revisions ? of.revisions.join(',') : of.revision;
}

export interface ApplicationSpec {
  project: string;
  source?: ApplicationSource;
  sources?: ApplicationSource[];
  destination: ApplicationDestination;
  syncPolicy?: Record<string, unknown>;
  [field: string]: unknown;
}

export interface ApplicationMetadata {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
  [field: string]: unknown;
}

/**
 * Who made an application: an ApplicationSet's expansion, a user through `POST /api/v1/applications`, or an app of
 * apps whose manifests hold it (`Application`).
 */
export type ApplicationOrigin = 'ApplicationSet' | 'manual' | 'Application';

export interface Application {
  apiVersion: 'argoproj.io/v1alpha1';
  kind: 'Application';
  metadata: ApplicationMetadata;
  spec: ApplicationSpec;
}

export interface ApplicationCondition {
  type: string;
  message: string;
  lastTransitionTime: string;
}

export interface OperationState {
  phase: 'Running' | 'Succeeded' | 'Failed' | 'Error';
  message: string;
  trigger: 'automated' | 'self-heal' | 'manual' | 'retry' | 'rollout';
  triggeredBy?: string;
  /** The commit of the first source (Argo CD's UI shows the first source of a multi-source application). */
  revision: string;
  /** With `spec.sources`: the commit of every source, in the order of `spec.sources`. */
  revisions?: string[];
  syncRunId: string;
  startedAt: string;
  finishedAt?: string;
  retryable?: boolean;
}

export interface ApplicationResourceStatus {
  group: string;
  kind: string;
  namespace: string;
  name: string;
  status: string;
  health: { status: string; message?: string };
  requiresPruning?: boolean;
}

/** Argo CD's Application status, as far as Flotilla fills it in. */
export interface ApplicationStatusRecord {
  /** `revisions`: with `spec.sources`, one commit per source in their order (Argo CD's status.sync.revisions). */
  sync: { status: 'Unknown' | 'Synced' | 'OutOfSync'; revision?: string; revisions?: string[] };
  health: { status: 'Unknown' | 'Healthy' | 'Progressing' | 'Degraded' | 'Missing' | 'Suspended'; message?: string };
  conditions: ApplicationCondition[];
  resources?: ApplicationResourceStatus[];
  operationState?: OperationState;
  /** Failed syncs retried under syncPolicy.retry: how many so far and when the next is due. */
  retry?: { attempts: number; nextAttemptAt: string; revision: string; revisions?: string[] };
  reconciledAt?: string;
  /** A cascading deletion that failed: how many attempts so far and when the next is due (the message is a condition). */
  deletion?: { attempts: number; nextAttemptAt: string };
  /**
   * Every kind this application has rendered: the pruner lists these, so objects of a kind that vanished from
   * Git entirely are still found and pruned.
   */
  trackedKinds?: { apiVersion: string; kind: string }[];
}

/** An application's status before its first reconcile. */
export const NEW_APPLICATION_STATUS: ApplicationStatusRecord = { sync: { status: 'Unknown' }, health: { status: 'Unknown' }, conditions: [] };
