import { TemplateRenderer } from '../template/renderer';
import type { ClusterInfo, GeneratorEntry } from '../types';
import type { GeneratorResult } from '../generators/generator';
import { createDefaultRegistry } from '../generators';

/** Runs one generator entry through the default registry, as a top-level `spec.generators[0]`, in fasttemplate mode. */
export function runEntry(entry: GeneratorEntry, clusters: ClusterInfo[] = [], inCluster?: { enabled: boolean }): Promise<GeneratorResult> {
  return createDefaultRegistry().generate(entry, { clusters, inCluster, goTemplate: false, renderer: new TemplateRenderer() }, 'spec.generators[0]');
}
