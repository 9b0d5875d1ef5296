import { GoTemplateRenderer } from '../template/go-renderer';
import { TemplateRenderer } from '../template/renderer';
import type { ClusterInfo, GeneratorEntry } from '../types';
import type { GeneratorResult } from '../generators/generator';
import { createDefaultRegistry } from '../generators';

/** Runs one generator entry through the default registry, as a top-level `spec.generators[0]` (fasttemplate mode unless asked). */
export function runEntry(
  entry: GeneratorEntry,
  clusters: ClusterInfo[] = [],
  inCluster?: { enabled: boolean },
  mode: { goTemplate: boolean } = { goTemplate: false },
): Promise<GeneratorResult> {
  const renderer = mode.goTemplate ? new GoTemplateRenderer() : new TemplateRenderer();
  return createDefaultRegistry().generate(entry, { clusters, inCluster, goTemplate: mode.goTemplate, renderer }, 'spec.generators[0]');
}
