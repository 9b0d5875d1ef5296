import { z } from 'zod';
import type { FieldIssue, GeneratorEntry, Params } from '../types';
import { schemaIssues, templateOverrideSchema } from './config-schema';
import { deepMerge } from './deep-merge';
import { failed, succeeded, type GenerationContext, type Generator, type GeneratorResult } from './generator';
import type { GeneratorRegistry } from './registry';

const mergeSchema = z.looseObject({
  generators: z.array(z.record(z.string(), z.unknown())).min(2, { message: 'merge needs at least two child generators' }),
  mergeKeys: z.array(z.string().min(1)).min(1, { message: 'merge needs at least one merge key' }),
  template: templateOverrideSchema.nullish(),
});

/**
 * `merge`: the first child's parameter sets, each overridden by the parameter sets of later children that
 * have the same values for all `mergeKeys` (later children win). Sets of later children that match no base
 * set are dropped. Every child's sets must be unique by the merge keys, as in Argo CD. In Go template mode an
 * override is merged deeply (a `values` map gains keys instead of being replaced).
 */
export class MergeGenerator implements Generator {
  readonly kind = 'merge';
  readonly composite = true;
  readonly configSchema = mergeSchema;

  constructor(private readonly registry: GeneratorRegistry) {}

  validate(config: unknown, path: string, depth: number): FieldIssue[] {
    const issues = schemaIssues(mergeSchema, config, path);
    const children = (config as { generators?: unknown } | null)?.generators;
    if (Array.isArray(children)) {
      children.forEach((child, index) => issues.push(...this.registry.validateEntry(child, `${path}.generators[${index}]`, depth + 1)));
    }
    return issues;
  }

  async generate(config: unknown, context: GenerationContext, path: string): Promise<GeneratorResult> {
    const parsed = mergeSchema.safeParse(config);
    if (!parsed.success) return failed(`${path}: merge needs at least two child generators and one merge key`);
    const { mergeKeys } = parsed.data;
    const indexed: Map<string, Params>[] = [];
    for (const [index, entry] of (parsed.data.generators as GeneratorEntry[]).entries()) {
      const childPath = `${path}.generators[${index}]`;
      const result = await this.registry.generate(entry, context, childPath);
      if (!result.ok) return result;
      const byKey = indexByMergeKeys(result.params, mergeKeys);
      if (typeof byKey === 'string') return failed(`${childPath}: ${byKey}`);
      indexed.push(byKey);
    }
    const [base, ...overrides] = indexed;
    const overlay = (base: Params, override: Params | undefined): Params => {
      if (override === undefined) return base;
      return context.goTemplate ? deepMerge(base, override) : { ...base, ...override };
    };
    const merged = [...base.entries()].map(([key, params]) => overrides.reduce<Params>((acc, override) => overlay(acc, override.get(key)), { ...params }));
    return succeeded(merged);
  }
}

function indexByMergeKeys(paramSets: Params[], mergeKeys: string[]): Map<string, Params> | string {
  const byKey = new Map<string, Params>();
  for (const params of paramSets) {
    const key = JSON.stringify(mergeKeys.map((mergeKey) => params[mergeKey] ?? null));
    if (byKey.has(key)) return `parameter sets are not unique by the merge keys ${mergeKeys.join(', ')} (duplicate ${key})`;
    byKey.set(key, params);
  }
  return byKey;
}
