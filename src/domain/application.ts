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

/** Who made an application: an ApplicationSet's expansion, or a user through `POST /api/v1/applications`. */
export type ApplicationOrigin = 'ApplicationSet' | 'manual';

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
  revision: string;
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
  sync: { status: 'Unknown' | 'Synced' | 'OutOfSync'; revision?: string };
  health: { status: 'Unknown' | 'Healthy' | 'Progressing' | 'Degraded' | 'Missing' | 'Suspended'; message?: string };
  conditions: ApplicationCondition[];
  resources?: ApplicationResourceStatus[];
  operationState?: OperationState;
  /** Failed syncs retried under syncPolicy.retry: how many so far and when the next is due. */
  retry?: { attempts: number; nextAttemptAt: string; revision: string };
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
