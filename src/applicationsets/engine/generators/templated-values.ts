import type { Params } from '../types';
import type { GenerationContext } from './generator';

/**
 * A generator's `values` added to one of its parameter sets (Argo CD's appendTemplatedValues): each value is
 * rendered with that set's own parameters, never with other values, then published as `values.<key>` strings in
 * fasttemplate mode or as one `values` map in Go template mode (replacing a `values` the set may have had).
 * Throws `TemplateRenderError`.
 */
export function withTemplatedValues(params: Params, values: Record<string, string> | null | undefined, context: GenerationContext, path: string): Params {
  const entries = Object.entries(values ?? {});
  if (entries.length === 0) return params;
  const rendered = entries.map(([key, value]) => [key, context.renderer.render(value, params, `${path}.values.${key}`)] as const);
  if (context.goTemplate) return { ...params, values: Object.fromEntries(rendered) };
  const flat = { ...params };
  for (const [key, value] of rendered) flat[`values.${key}`] = value;
  return flat;
}
