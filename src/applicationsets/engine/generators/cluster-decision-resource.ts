import { z } from 'zod';
import { formatLabelSelector, fromLabelSelector, LabelSelectorError } from '../../../common/label-selector';
import type { FieldIssue, Params } from '../types';
import type { ClusterDecisionSource, DecisionResourceQuery } from './cluster-decision-source';
import { decisionParams, decisionsOf, type DecisionKeys } from './cluster-decisions';
import { labelSelectorSchema, schemaIssues, templateOverrideSchema } from './config-schema';
import { failed, succeeded, type GenerationContext, type Generator, type GeneratorResult } from './generator';

// Argo CD's default when the ConfigMap names no `statusListKey` (its docs: "The Default Cluster list key is clusters").
const DEFAULT_STATUS_LIST_KEY = 'clusters';

type LabelSelector = z.infer<typeof labelSelectorSchema>;

// Argo CD counts a selector as given when either of its lists is present, even empty (`matchLabels: {}`).
function hasSelector(selector: LabelSelector | null | undefined): boolean {
  return selector?.matchLabels != null || selector?.matchExpressions != null;
}

const clusterDecisionResourceSchema = z
  .looseObject({
    configMapRef: z.string().min(1),
    name: z.string().nullish(),
    labelSelector: labelSelectorSchema.nullish(),
    // Argo CD requeues the set after this many seconds (3 minutes by default); here it shortens the set's re-poll.
    requeueAfterSeconds: z.int().min(0).nullish(),
    values: z.record(z.string(), z.string()).nullish(),
    template: templateOverrideSchema.nullish(),
  })
  .superRefine((config, ctx) => {
    const named = (config.name ?? '') !== '';
    const selected = hasSelector(config.labelSelector);
    if (!named && !selected) ctx.addIssue({ code: 'custom', message: 'needs either "name" or "labelSelector" to select the decision resource' });
    if (named && selected) ctx.addIssue({ code: 'custom', path: ['labelSelector'], message: 'choose either "name" or "labelSelector", not both' });
  });

type ClusterDecisionResourceConfig = z.infer<typeof clusterDecisionResourceSchema>;

/**
 * `clusterDecisionResource` (Argo CD's duck-type generator): ConfigMap `configMapRef`, in the hub's Argo CD namespace,
 * names a resource type (`apiVersion` group/version, `kind` the plural resource), the status list to read
 * (`statusListKey`, default `clusters`) and the key of each entry that names a cluster (`matchKey`). The objects of
 * that type selected by `name` or `labelSelector` are read from the hub's own cluster, and every entry of their
 * `status.<statusListKey>` whose matchKey names a known cluster (the registered ones and in-cluster) gives one
 * parameter set: the cluster's `name` and `server`, then every field of the entry printed as Go's %v prints it (a
 * field named `name` wins over the cluster's), then `values` as written (`values.<key>`, or a `values` map in Go
 * template mode). Entries naming unknown clusters are skipped, as in Argo CD. Argo CD generates nothing when the
 * ConfigMap has no matchKey; here that fails the set instead, since an empty result would delete its applications.
 */
export class ClusterDecisionResourceGenerator implements Generator {
  readonly kind = 'clusterDecisionResource';
  readonly composite = false;
  readonly configSchema = clusterDecisionResourceSchema;

  validate(config: unknown, path: string): FieldIssue[] {
    return schemaIssues(clusterDecisionResourceSchema, config, path);
  }

  async generate(config: unknown, context: GenerationContext, path: string): Promise<GeneratorResult> {
    const parsed = clusterDecisionResourceSchema.safeParse(config);
    if (!parsed.success) {
      const issue = schemaIssues(clusterDecisionResourceSchema, config, path)[0];
      return failed(issue ? `${issue.path}: ${issue.message}` : `${path}: invalid clusterDecisionResource generator`);
    }
    if (!context.clusterDecisions) return failed(`${path}: the hub's own cluster cannot be read here`);
    const source = context.clusterDecisions;
    const selection = this.selection(parsed.data, path);
    if (typeof selection === 'string') return failed(selection);
    try {
      const keys = await this.readConfigMap(source, parsed.data.configMapRef, `${path}.configMapRef`);
      if (typeof keys === 'string') return failed(keys);
      const query: DecisionResourceQuery = { ...keys.resource, ...selection };
      const resources = await source.listResources(query);
      if (resources.length === 0) return failed(`${path}: no ${describeQuery(query)} found in namespace ${source.namespace}`);
      const decisions = decisionsOf(resources, keys.statusListKey);
      if (typeof decisions === 'string') return failed(`${path}: ${decisions}`);
      const params: Params[] = [];
      for (const decision of decisions) {
        const own = decisionParams(decision, keys.matchKey, context);
        if (own !== undefined) params.push(withValues(own, parsed.data, context.goTemplate));
      }
      return succeeded(params);
    } catch (error) {
      // The source's messages are safe to show by contract; any failure to read fails the whole set.
      return failed(`${path}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private selection(config: ClusterDecisionResourceConfig, path: string): Pick<DecisionResourceQuery, 'name' | 'labelSelector'> | string {
    if ((config.name ?? '') !== '') return { name: config.name as string };
    try {
      return { labelSelector: formatLabelSelector(fromLabelSelector(config.labelSelector ?? {})) };
    } catch (error) {
      if (error instanceof LabelSelectorError) return `${path}.labelSelector: ${error.message}`;
      throw error;
    }
  }

  private async readConfigMap(source: ClusterDecisionSource, name: string, path: string): Promise<DecisionKeys | string> {
    const data = await source.configMapData(name);
    const where = `ConfigMap ${source.namespace}/${name}`;
    if (data === undefined) return `${path}: ${where} not found`;
    const apiVersion = data.apiVersion ?? '';
    const slash = apiVersion.indexOf('/');
    // Argo CD needs a group (the core group has no duck-typed resources) and takes `kind` as the resource name.
    if (slash < 1 || slash === apiVersion.length - 1 || (data.kind ?? '') === '') {
      return `${path}: ${where} needs "apiVersion" (group/version) and "kind" (the resource, e.g. placementdecisions)`;
    }
    if ((data.matchKey ?? '') === '') return `${path}: ${where} needs "matchKey" (the key of each decision that names a cluster)`;
    return {
      resource: { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1), resource: data.kind },
      statusListKey: (data.statusListKey ?? '') === '' ? DEFAULT_STATUS_LIST_KEY : data.statusListKey,
      matchKey: data.matchKey,
    };
  }
}

function describeQuery(query: DecisionResourceQuery): string {
  const type = `${query.resource}.${query.group}/${query.version}`;
  return query.name !== undefined ? `${type} named "${query.name}"` : `${type} matching labels "${query.labelSelector}"`;
}

// Argo CD copies `values` as written (no rendering) after the decision's own fields.
function withValues(params: Params, config: ClusterDecisionResourceConfig, goTemplate: boolean): Params {
  const values = Object.entries(config.values ?? {});
  if (values.length === 0) return params;
  if (goTemplate) return { ...params, values: Object.fromEntries(values) };
  for (const [key, value] of values) params[`values.${key}`] = value;
  return params;
}
