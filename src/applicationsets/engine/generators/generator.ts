import type { z } from 'zod';
import type { ParamRenderer } from '../template/param-renderer';
import type { ClusterInfo, FieldIssue, Params } from '../types';
import type { GitTreeSource } from './git-source';
import type { ClusterDecisionSource } from './cluster-decision-source';
import type { PluginSource } from './plugin-source';
import type { ScmSource } from './scm-source';

/**
 * A generator either succeeds with an authoritative list of parameter sets (possibly empty) or fails with a
 * reason. Never turn a failure into an empty success: an empty result can lead to deletions.
 */
export type GeneratorResult = { ok: true; params: Params[] } | { ok: false; reason: string };

export interface GenerationContext {
  clusters: readonly ClusterInfo[];
  inCluster?: { enabled: boolean };
  /**
   * Go template mode (`goTemplate: true`): parameters keep their JSON types and nest (`metadata.labels` is a
   * map); otherwise every parameter is a flat string (`metadata.labels.env`).
   */
  goTemplate: boolean;
  /** Renders generator fields with another generator's parameters (matrix) and `values` (clusters). */
  renderer: ParamRenderer;
  /** Repository contents for the Git generator; without it a Git generator fails (nothing to read). */
  git?: GitTreeSource;
  /** The hub's own cluster for clusterDecisionResource generators; without it such a generator fails. */
  clusterDecisions?: ClusterDecisionSource;
  /** Registered generator plugins for the plugin generator; without it a plugin generator fails. */
  plugins?: PluginSource;
  /** The set being expanded: the plugin generator tells its plugin (for the plugin's logs). */
  applicationSetName?: string;
  /** SCM provider APIs for the pullRequest and scmProvider generators; without it they fail (nothing to read). */
  scm?: ScmSource;
}

export interface Generator {
  /** The manifest key that selects this generator (`list`, `clusters`, `matrix`, `merge`). */
  readonly kind: string;
  /** True for generators that combine child generators (nesting depth is limited for them). */
  readonly composite: boolean;
  /** The shape of its configuration: structural validation, and the API document's description of it. */
  readonly configSchema: z.ZodType;
  /**
   * Structural checks only: strings may still hold `{{...}}` that a matrix fills in later, so value-level
   * checks (selector syntax, label values) happen in `generate`. `depth` counts the enclosing composites.
   */
  validate(config: unknown, path: string, depth: number): FieldIssue[];
  /** Asynchronous because some generators read outside systems (Git repositories). */
  generate(config: unknown, context: GenerationContext, path: string): Promise<GeneratorResult>;
}

export function succeeded(params: Params[]): GeneratorResult {
  return { ok: true, params };
}

export function failed(reason: string): GeneratorResult {
  return { ok: false, reason };
}
