import { TemplateRenderError } from '../template/renderer';
import type { GeneratorEntry, Params } from '../types';
import type { GenerationContext } from './generator';

/**
 * A matrix's second child rendered with one parameter set of the first child (Argo CD's
 * RenderGeneratorParams). In Go template mode a generator's `values` may also refer to the parameters that
 * generator makes itself (`{{ .name }}` of a cluster), which do not exist yet: each value is rendered with
 * `missingkey=error` and kept as written when it names a missing key, so the child renders it later.
 * Fasttemplate leaves unknown `{{tags}}` as they are anyway. Throws `TemplateRenderError`.
 */
export function interpolateEntry(entry: GeneratorEntry, params: Params, context: GenerationContext, path: string): GeneratorEntry {
  if (!context.goTemplate) return context.renderer.renderDeep(entry, params, path);
  const rendered: GeneratorEntry = {};
  for (const [kind, config] of Object.entries(entry)) {
    const values = valuesOf(config);
    if (values === undefined) {
      rendered[kind] = context.renderer.renderDeep(config, params, `${path}.${kind}`);
      continue;
    }
    const { values: _values, ...rest } = config as Record<string, unknown>;
    const renderedRest = context.renderer.renderDeep(rest, params, `${path}.${kind}`);
    rendered[kind] = { ...renderedRest, values: preResolveValues(values, params, context, `${path}.${kind}.values`) };
  }
  return rendered;
}

function valuesOf(config: unknown): Record<string, unknown> | undefined {
  const values = (config as { values?: unknown } | null)?.values;
  return values !== null && typeof values === 'object' && !Array.isArray(values) ? (values as Record<string, unknown>) : undefined;
}

function preResolveValues(values: Record<string, unknown>, params: Params, context: GenerationContext, path: string): Record<string, unknown> {
  const resolved: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    if (typeof value !== 'string') {
      resolved[key] = value;
      continue;
    }
    try {
      resolved[key] = context.renderer.render(value, params, `${path}.${key}`, 'error');
    } catch (error) {
      if (!(error instanceof TemplateRenderError) || !isMissingKeyError(error)) throw error;
      resolved[key] = value;
    }
  }
  return resolved;
}

function isMissingKeyError(error: Error): boolean {
  return error.message.includes('map has no entry for key') || error.message.includes("can't evaluate field");
}
