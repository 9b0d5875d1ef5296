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
