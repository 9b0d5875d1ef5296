import { fromLabelSelector, LabelSelectorError, matchesSelector, type SelectorRequirement } from '../../../common/label-selector';
import { z } from 'zod';
import { IN_CLUSTER_NAME, IN_CLUSTER_SERVER } from '../../../domain/in-cluster';
import { TemplateRenderError } from '../template/renderer';
import type { ClusterInfo, FieldIssue, Params } from '../types';
import { labelSelectorSchema, schemaIssues, templateOverrideSchema } from './config-schema';
import { failed, succeeded, type GenerationContext, type Generator, type GeneratorResult } from './generator';


// Argo CD keeps registered clusters in Secrets labelled `argocd.argoproj.io/secret-type: cluster`, so every
// registered cluster carries that label (users select on it to leave out the local cluster); in-cluster does not.
const SECRET_TYPE_LABEL = 'argocd.argoproj.io/secret-type';
const SECRET_TYPE_CLUSTER = 'cluster';

const clustersSchema = z.looseObject({
  selector: labelSelectorSchema.nullish(),
  values: z.record(z.string(), z.string()).nullish(),
  template: templateOverrideSchema.nullish(),
  // One parameter set `{clusters: [...]}` instead of one per cluster: a list, so only Go templates can use it.
  flatList: z.boolean().nullish(),
});

type ClustersConfig = z.infer<typeof clustersSchema>;

/**
 * `clusters`: one parameter set per registered cluster whose labels match `selector`, with `name`,
 * `nameNormalized`, `server`, `project`, the labels (including the secret-type label) and annotations, and
 * `values` (each value rendered with that cluster's other parameters, not with other values). Fasttemplate
 * mode publishes flat keys (`metadata.labels.<key>`, `values.<key>`); Go template mode nests them
 * (`metadata.labels` and `values` are maps; `metadata` holds only the non-empty ones, as in Argo CD).
 */
export class ClustersGenerator implements Generator {
  readonly kind = 'clusters';
  readonly composite = false;
  readonly configSchema = clustersSchema;

  validate(config: unknown, path: string): FieldIssue[] {
    return schemaIssues(clustersSchema, config ?? {}, path);
  }

  async generate(config: unknown, context: GenerationContext, path: string): Promise<GeneratorResult> {
    const parsed = clustersSchema.safeParse(config ?? {});
    if (!parsed.success) return failed(`${path}: invalid clusters generator`);
    const selector = parsed.data.selector ?? {};
    let requirements: SelectorRequirement[];
    try {
      requirements = fromLabelSelector(selector);
    } catch (error) {
      if (error instanceof LabelSelectorError) return failed(`${path}.selector: ${error.message}`);
      throw error;
    }
    try {
      const params: Params[] = [];
      for (const cluster of context.clusters) {
        const labels = { [SECRET_TYPE_LABEL]: SECRET_TYPE_CLUSTER, ...cluster.labels };
        if (!matchesSelector(requirements, labels)) continue;
        const own = context.goTemplate ? goClusterParams(cluster, labels) : clusterParams(cluster, labels);
        params.push(this.withValues(own, parsed.data, context, path));
      }
      if (requirements.length === 0 && this.includesInCluster(context)) {
        params.push(this.withValues(inClusterParams(), parsed.data, context, path));
      }
      return succeeded(parsed.data.flatList === true ? [{ clusters: params }] : params);
    } catch (error) {
      if (error instanceof TemplateRenderError) return failed(error.message);
      throw error;
    }
  }

  // Argo CD lists the local cluster only when no cluster secret claims its URL; having no secret, it has no
  // labels, so any non-empty selector excludes it.
  private includesInCluster(context: GenerationContext): boolean {
    if (!context.inCluster?.enabled) return false;
    return !context.clusters.some((cluster) => cluster.server === IN_CLUSTER_SERVER);
  }

  private withValues(params: Params, config: ClustersConfig, context: GenerationContext, path: string): Params {
    const values = Object.entries(config.values ?? {});
    if (values.length === 0) return params;
    const base = { ...params };
    const rendered = values.map(([key, value]) => [key, context.renderer.render(value, base, `${path}.values.${key}`)] as const);
    if (context.goTemplate) return { ...params, values: Object.fromEntries(rendered) };
    for (const [key, value] of rendered) params[`values.${key}`] = value;
    return params;
  }
}

function clusterParams(cluster: ClusterInfo, labels: Record<string, string>): Params {
  const params: Params = {
    name: cluster.name,
    nameNormalized: cluster.nameNormalized,
    server: cluster.server,
    project: cluster.project ?? '',
  };
  for (const [key, value] of Object.entries(cluster.annotations)) params[`metadata.annotations.${key}`] = value;
  for (const [key, value] of Object.entries(labels)) params[`metadata.labels.${key}`] = value;
  return params;
}

function goClusterParams(cluster: ClusterInfo, labels: Record<string, string>): Params {
  const metadata: Params = {};
  if (Object.keys(cluster.annotations).length > 0) metadata.annotations = { ...cluster.annotations };
  metadata.labels = labels;
  return { name: cluster.name, nameNormalized: cluster.nameNormalized, server: cluster.server, project: cluster.project ?? '', metadata };
}

function inClusterParams(): Params {
  return { name: IN_CLUSTER_NAME, nameNormalized: IN_CLUSTER_NAME, server: IN_CLUSTER_SERVER, project: '' };
}
