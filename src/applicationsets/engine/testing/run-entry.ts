import { TemplateRenderer } from '../template/renderer';
import type { ClusterInfo, GeneratorEntry } from '../types';
import type { GenerationContext, GeneratorResult } from '../generators/generator';
import { createDefaultRegistry } from '../generators';

/**
 * Runs one generator entry through the default registry, as a top-level `spec.generators[0]`, in fasttemplate
 * mode unless `extra` says otherwise.
 */
export function runEntry(
  entry: GeneratorEntry,
  clusters: ClusterInfo[] = [],
  inCluster?: { enabled: boolean },
  extra: Partial<GenerationContext> = {},
): Promise<GeneratorResult> {
  return createDefaultRegistry().generate(entry, { clusters, inCluster, goTemplate: false, renderer: new TemplateRenderer(), ...extra }, 'spec.generators[0]');
}
