import type { Application } from '../../domain/application';
import type { Condition, RejectedApplication } from '../../domain/application-set';
import type { FieldIssue } from '../../domain/field-issue';
import type { AppProject } from '../../projects/rules';
import type { GitTreeSource } from './generators/git-source';
import type { ClusterDecisionSource } from './generators/cluster-decision-source';
import type { PluginSource } from './generators/plugin-source';
import type { ScmSource } from './generators/scm-source';
import type { IgnoreApplicationDifference } from './ignore-differences';

export type { FieldIssue };
export type { Application, ApplicationDestination, ApplicationMetadata, ApplicationSource, ApplicationSpec } from '../../domain/application';

/**
 * A generator parameter set. In Argo CD's default (fasttemplate) mode every parameter is a flat string
 * (`metadata.labels.env`); in Go template mode parameters keep their JSON types and nest (`metadata.labels` is
 * a map, a list element's numbers stay numbers).
 */
export type Params = Record<string, unknown>;

/** A registered cluster as the cluster registry hands it to the engine. */
export interface ClusterInfo {
  name: string;
  nameNormalized: string;
  server: string;
  project?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export interface ExpansionContext {
  /** Read only: the hub shares one reading among expansions (frozen). */
  clusters: readonly ClusterInfo[];
  /** The implicit local cluster (`in-cluster` at https://kubernetes.default.svc), when the hub exposes one. */
  inCluster?: { enabled: boolean };
  /**
   * Projects by name. When absent, or when it has no `default` entry, Argo CD's built-in permissive `default`
   * project stands in for `default`.
   */
  projects?: ReadonlyMap<string, AppProject>;
  /** Repository contents for Git generators (an adapter over the hub's mirrors, scoped to one pass). */
  git?: GitTreeSource;
  /** The hub's own cluster, read by clusterDecisionResource generators (an adapter over the in-cluster connection). */
  clusterDecisions?: ClusterDecisionSource;
  /** Registered generator plugins for plugin generators (an adapter over the hub's guarded HTTP client). */
  plugins?: PluginSource;
  /** SCM provider APIs for pullRequest and scmProvider generators (an adapter over the hub's outbound HTTP client). */
  scm?: ScmSource;
}

/** The `template` of an ApplicationSet (or of a generator override), before rendering. */
export interface ApplicationTemplate {
  metadata?: Record<string, unknown>;
  spec?: Record<string, unknown>;
  [field: string]: unknown;
}

export type ApplicationsSyncPolicy = 'create-only' | 'create-update' | 'create-delete' | 'sync';

export interface ApplicationSetSyncPolicy {
  applicationsSync?: ApplicationsSyncPolicy;
  preserveResourcesOnDeletion?: boolean;
  [field: string]: unknown;
}

/** One entry of `spec.generators` (or of a matrix/merge child list): one generator key plus an optional post selector. */
export type GeneratorEntry = Record<string, unknown>;

export interface ApplicationSet {
  apiVersion: 'argoproj.io/v1alpha1';
  kind: 'ApplicationSet';
  metadata: { name: string; namespace?: string; [field: string]: unknown };
  spec: {
    goTemplate?: boolean;
    goTemplateOptions?: string[];
    generators: GeneratorEntry[];
    template: ApplicationTemplate;
    templatePatch?: string;
    syncPolicy?: ApplicationSetSyncPolicy;
    preservedFields?: { annotations?: string[]; labels?: string[] };
    ignoreApplicationDifferences?: IgnoreApplicationDifference[];
    [field: string]: unknown;
  };
}

export type { Condition, RejectedApplication } from '../../domain/application-set';

/** Whole-set failures: Argo CD aborts the whole reconcile on any of these, so nothing may be created or deleted. */
export type ExpansionErrorCode =
  | 'InvalidManifest'
  | 'UnsupportedGenerator'
  | 'GeneratorFailed'
  | 'TemplateError'
  | 'TemplatePatchError'
  /** A repoURL (as written, or as rendered) embeds a password: refused so it is never stored or applied. */
  | 'CredentialInRepoURL'
  /** `spec.strategy` is not a valid rollout (Argo CD's InvalidRolloutConfig condition). */
  | 'InvalidRolloutConfig';

export type ExpansionResult =
  | { ok: true; applications: Application[]; rejected: RejectedApplication[]; conditions: Condition[] }
  | { ok: false; code: ExpansionErrorCode; message: string; issues: FieldIssue[] };
