export const DEFAULT_PROJECT_NAME = 'default';

/** An Application's project: an empty or missing `spec.project` means `default`, as Argo CD's `GetProject` reads it. */
export function effectiveProject(project: unknown): string {
  return typeof project === 'string' && project !== '' ? project : DEFAULT_PROJECT_NAME;
}

/** One allowed (or, with a leading `!` in any field, denied) deployment target of a project. */
export interface ProjectDestination {
  server?: string;
  name?: string;
  namespace?: string;
}

/** A Kubernetes API group and kind; both fields accept globs. */
export interface GroupKind {
  group: string;
  kind: string;
}

/**
 * Argo CD's sync window: from each time `schedule` fires (5-field cron, read in `timeZone`, UTC by default) for
 * `duration` (a Go duration), syncs of the applications it matches are allowed or denied. `applications`,
 * `namespaces` and `clusters` are glob lists; a window matches when any set list matches, or every set list with
 * `andOperator`. `manualSync` lets manual syncs through a window that blocks automated ones.
 */
export interface SyncWindow {
  kind: 'allow' | 'deny';
  schedule: string;
  duration: string;
  applications?: string[];
  namespaces?: string[];
  /** Globs over the destination cluster's name or its API server URL. */
  clusters?: string[];
  manualSync?: boolean;
  /** An IANA time zone name; empty or absent means UTC. */
  timeZone?: string;
  andOperator?: boolean;
  description?: string;
  /** Argo CD fields Flotilla keeps but does not interpret (e.g. `syncOverrun`). */
  [field: string]: unknown;
}

/**
 * An Argo CD project role: its policies (`p, proj:<project>:<role>, <resource>, <action>, <project>/<object>, allow|deny`)
 * apply to the tokens issued for it and to the SSO groups it names.
 */
export interface ProjectRole {
  name: string;
  description?: string;
  policies?: string[];
  groups?: string[];
  /** Argo CD's record of the JWTs it issued for the role; kept as given, it grants nothing here (hub tokens are in `api_tokens`). */
  jwtTokens?: { iat: number; exp?: number; id?: string }[];
  [field: string]: unknown;
}

export interface AppProjectSpec {
  description?: string;
  sourceRepos?: string[];
  destinations?: ProjectDestination[];
  sourceNamespaces?: string[];
  clusterResourceWhitelist?: GroupKind[];
  clusterResourceBlacklist?: GroupKind[];
  /** Absent means every namespaced kind is allowed; an empty list allows none (as in Argo CD). */
  namespaceResourceWhitelist?: GroupKind[];
  namespaceResourceBlacklist?: GroupKind[];
  syncWindows?: SyncWindow[];
  roles?: ProjectRole[];
  [field: string]: unknown;
}

export interface AppProject {
  apiVersion: 'argoproj.io/v1alpha1';
  kind: 'AppProject';
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: AppProjectSpec;
}

/** A destination after resolution: the server URL and the cluster name are both known when checking permissions. */
export interface DestinationToCheck {
  server?: string;
  name?: string;
  namespace?: string;
}

export interface ResourceToCheck {
  group: string;
  kind: string;
  namespaced: boolean;
}
