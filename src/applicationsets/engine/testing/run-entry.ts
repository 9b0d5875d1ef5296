import { GoTemplateRenderer } from '../template/go-renderer';
import { TemplateRenderer } from '../template/renderer';
import type { ClusterInfo, GeneratorEntry } from '../types';
import type { GenerationContext, GeneratorResult } from '../generators/generator';
import { createDefaultRegistry } from '../generators';

/**
 * Runs one generator entry through the default registry, as a top-level `spec.generators[0]`, in fasttemplate
 * mode unless `extra` says otherwise (`goTemplate: true` brings the Go template renderer with it).
 */
export function runEntry(
  entry: GeneratorEntry,
  clusters: ClusterInfo[] = [],
  inCluster?: { enabled: boolean },
  extra: Partial<GenerationContext> = {},
): Promise<GeneratorResult> {
  const renderer = extra.goTemplate ? new GoTemplateRenderer() : new TemplateRenderer();
  return createDefaultRegistry().generate(entry, { clusters, inCluster, goTemplate: false, renderer, ...extra }, 'spec.generators[0]');
}
