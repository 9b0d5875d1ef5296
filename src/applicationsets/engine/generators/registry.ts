import { z } from 'zod';
import { fromLabelSelector, LabelSelectorError, matchesSelector } from '../../../common/label-selector';
import type { FieldIssue, GeneratorEntry } from '../types';
import { flattenParams } from './flatten-params';
import { labelSelectorSchema, schemaIssues } from './config-schema';
import { failed, succeeded, type GenerationContext, type Generator, type GeneratorResult } from './generator';

const SELECTOR_FIELD = 'selector';

// Argo CD allows matrix/merge inside matrix/merge only once: a composite at depth 2 or deeper is rejected.
const MAX_COMPOSITE_DEPTH = 1;

export interface EntryIssue extends FieldIssue {
  unsupported?: boolean;
}

export type ResolvedEntry = { ok: true; generator: Generator; config: unknown } | { ok: false; issue: EntryIssue };

/** The set of available generators. Composite generators receive the registry to run their children. */
export class GeneratorRegistry {
  private readonly generators = new Map<string, Generator>();

  register(generator: Generator): this {
    this.generators.set(generator.kind, generator);
    return this;
  }

  /** Finds the single generator an entry names (besides its optional post `selector`). */
  resolve(entry: GeneratorEntry, path: string): ResolvedEntry {
    const keys = Object.keys(entry).filter((key) => key !== SELECTOR_FIELD && entry[key] !== undefined && entry[key] !== null);
    const unknown = keys.find((key) => !this.generators.has(key));
    if (unknown !== undefined) return { ok: false, issue: { path: `${path}.${unknown}`, message: `unknown generator "${unknown}"` } };
    if (keys.length !== 1) {
      const message = keys.length === 0 ? 'no generator given' : `exactly one generator per entry is allowed, found ${keys.join(', ')}`;
      return { ok: false, issue: { path, message } };
    }
    return { ok: true, generator: this.generators.get(keys[0]) as Generator, config: entry[keys[0]] };
  }

  /** One generator entry as the API document describes it: one of the registered generators, and a post selector. */
  entrySchema(): z.ZodObject {
    const generators = [...this.generators.values()].map((generator) => [generator.kind, generator.configSchema.optional()] as const);
    return z.looseObject({ ...Object.fromEntries(generators), [SELECTOR_FIELD]: labelSelectorSchema.nullish() });
  }

  validateEntry(entry: unknown, path: string, depth: number): EntryIssue[] {
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) return [{ path, message: 'must be an object' }];
    const record = entry as GeneratorEntry;
    const resolved = this.resolve(record, path);
    if (!resolved.ok) return [resolved.issue];
    const { generator, config } = resolved;
    const configPath = `${path}.${generator.kind}`;
    const issues: EntryIssue[] = [];
    if (generator.composite && depth > MAX_COMPOSITE_DEPTH) {
      issues.push({ path: configPath, message: 'matrix and merge generators can be nested only one level deep' });
    }
    // A null selector (`selector:` with nothing after it in YAML) means no selector, as in Argo CD.
    if (record[SELECTOR_FIELD] != null) {
      issues.push(...schemaIssues(labelSelectorSchema, record[SELECTOR_FIELD], `${path}.${SELECTOR_FIELD}`));
    }
    issues.push(...generator.validate(config, configPath, depth));
    return issues;
  }

  /**
   * Runs the entry's generator, then its post `selector` over the produced parameters, flattened with dots
   * (`metadata.labels.env`) as Argo CD matches them in both modes: fasttemplate parameters are flat strings already,
   * except the `generator.input.parameters` map the plugin generator adds.
   */
  async generate(entry: GeneratorEntry, context: GenerationContext, path: string): Promise<GeneratorResult> {
    const resolved = this.resolve(entry, path);
    if (!resolved.ok) return failed(`${resolved.issue.path}: ${resolved.issue.message}`);
    const result = await resolved.generator.generate(resolved.config, context, `${path}.${resolved.generator.kind}`);
    const selector = entry[SELECTOR_FIELD];
    if (!result.ok || selector == null) return result;
    try {
      const requirements = fromLabelSelector(selector as Parameters<typeof fromLabelSelector>[0]);
      return succeeded(result.params.filter((params) => matchesSelector(requirements, flattenParams(params))));
    } catch (error) {
      if (error instanceof LabelSelectorError) return failed(`${path}.${SELECTOR_FIELD}: ${error.message}`);
      throw error;
    }
  }
}
