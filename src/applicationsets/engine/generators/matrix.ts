import { z } from 'zod';
import { stableStringify } from '../../../common/json';
import { isTemplated } from '../template/fasttemplate-scan';
import { TemplateRenderError } from '../template/renderer';
import type { FieldIssue, GeneratorEntry, Params } from '../types';
import { schemaIssues, templateOverrideSchema } from './config-schema';
import { deepMerge } from './deep-merge';
import { interpolateEntry } from './interpolate-entry';
import { failed, succeeded, type GenerationContext, type Generator, type GeneratorResult } from './generator';
import type { GeneratorRegistry } from './registry';

const matrixSchema = z.looseObject({
  generators: z.array(z.record(z.string(), z.unknown())).length(2, { message: 'matrix needs exactly two child generators' }),
  template: templateOverrideSchema.nullish(),
});

/**
 * `matrix`: every combination of the two children's parameter sets. The second child's configuration may use
 * the first child's parameters (`{{...}}`), so it is rendered and run once per parameter set of the first.
 * In fasttemplate mode a parameter present in both children with different values is an error (Argo CD's
 * CombineStringMaps); in Go template mode the two sets are merged deeply, the first child's values winning.
 * Children's `template` overrides are ignored, as in Argo CD.
 */
export class MatrixGenerator implements Generator {
  readonly kind = 'matrix';
  readonly composite = true;
  readonly configSchema = matrixSchema;

  constructor(private readonly registry: GeneratorRegistry) {}

  validate(config: unknown, path: string, depth: number): FieldIssue[] {
    const issues = schemaIssues(matrixSchema, config, path);
    const children = (config as { generators?: unknown } | null)?.generators;
    if (Array.isArray(children)) {
      children.forEach((child, index) => issues.push(...this.registry.validateEntry(child, `${path}.generators[${index}]`, depth + 1)));
    }
    return issues;
  }

  async generate(config: unknown, context: GenerationContext, path: string): Promise<GeneratorResult> {
    const parsed = matrixSchema.safeParse(config);
    if (!parsed.success) return failed(`${path}: matrix needs exactly two child generators`);
    const [firstEntry, secondEntry] = parsed.data.generators as GeneratorEntry[];
    const first = await this.registry.generate(firstEntry, context, `${path}.generators[0]`);
    if (!first.ok) return first;
    const secondPath = `${path}.generators[1]`;
    // Without placeholders the second child does not depend on the first: run it once.
    const fixedSecond = usesPlaceholders(secondEntry) ? undefined : await this.registry.generate(secondEntry, context, secondPath);
    const combined: Params[] = [];
    for (const left of first.params) {
      const second = fixedSecond ?? (await this.generateInterpolated(secondEntry, left, context, secondPath));
      if (!second.ok) return second;
      for (const right of second.params) {
        const merged = context.goTemplate ? deepMerge(right, left) : combine(left, right, path);
        if (typeof merged === 'string') return failed(merged);
        combined.push(merged);
      }
    }
    return succeeded(combined);
  }

  private async generateInterpolated(entry: GeneratorEntry, params: Params, context: GenerationContext, path: string): Promise<GeneratorResult> {
    let interpolated: GeneratorEntry;
    try {
      interpolated = interpolateEntry(entry, params, context, path);
    } catch (error) {
      if (error instanceof TemplateRenderError) return failed(error.message);
      throw error;
    }
    return this.registry.generate(interpolated, context, path);
  }
}

function usesPlaceholders(value: unknown): boolean {
  if (typeof value === 'string') return isTemplated(value);
  if (Array.isArray(value)) return value.some(usesPlaceholders);
  if (value !== null && typeof value === 'object') return Object.values(value).some(usesPlaceholders);
  return false;
}

function combine(left: Params, right: Params, path: string): Params | string {
  const merged: Params = { ...left };
  for (const [key, value] of Object.entries(right)) {
    // Argo CD compares the values as printed; the one map a fasttemplate set holds (the plugin generator's
    // `generator.input.parameters`) is equal in both children when the same input was sent.
    if (key in merged && merged[key] !== value && stableStringify(merged[key]) !== stableStringify(value)) {
      return `${path}: parameter "${key}" has different values in the two child generators (${JSON.stringify(merged[key])} and ${JSON.stringify(value)})`;
    }
    merged[key] = value;
  }
  return merged;
}
