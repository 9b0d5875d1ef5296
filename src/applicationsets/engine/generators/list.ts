import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { FieldIssue, Params } from '../types';
import { schemaIssues, templateOverrideSchema } from './config-schema';
import { failed, succeeded, type GenerationContext, type Generator, type GeneratorResult } from './generator';

const listSchema = z.looseObject({
  elements: z.array(z.unknown()).nullish(),
  elementsYaml: z.string().nullish(),
  template: templateOverrideSchema.nullish(),
});

type ListConfig = z.infer<typeof listSchema>;

/**
 * `list`: one parameter set per element of `elements` followed by those of `elementsYaml`. In Go template mode
 * an element is the parameter set as written, types and nesting kept. In fasttemplate mode every element value
 * must be a string, except `values`, a map of strings published as `values.<key>` (Argo CD's list generator
 * rejects other types the same way).
 */
export class ListGenerator implements Generator {
  readonly kind = 'list';
  readonly composite = false;
  readonly configSchema = listSchema;

  validate(config: unknown, path: string): FieldIssue[] {
    return schemaIssues(listSchema, config, path);
  }

  async generate(config: unknown, context: GenerationContext, path: string): Promise<GeneratorResult> {
    const parsed = listSchema.safeParse(config);
    if (!parsed.success) return failed(`${path}: invalid list generator`);
    const elements = this.collectElements(parsed.data, path);
    if (!Array.isArray(elements)) return elements;
    const params: Params[] = [];
    for (const [index, element] of elements.entries()) {
      const elementPath = `${path}.${element.field}[${index - element.offset}]`;
      const result = context.goTemplate ? goElementParams(element.value, elementPath) : this.elementParams(element.value, elementPath);
      if (typeof result === 'string') return failed(result);
      params.push(result);
    }
    return succeeded(params);
  }

  private collectElements(
    config: ListConfig,
    path: string,
  ): { value: unknown; field: string; offset: number }[] | GeneratorResult {
    const fromElements = (config.elements ?? []).map((value) => ({ value, field: 'elements', offset: 0 }));
    if (config.elementsYaml == null || config.elementsYaml.trim() === '') return fromElements;
    let fromYaml: unknown;
    try {
      fromYaml = parseYaml(config.elementsYaml);
    } catch (error) {
      return failed(`${path}.elementsYaml: not valid YAML: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (fromYaml === null) return fromElements;
    if (!Array.isArray(fromYaml)) return failed(`${path}.elementsYaml: must be a YAML list of objects`);
    const offset = fromElements.length;
    return [...fromElements, ...fromYaml.map((value: unknown) => ({ value, field: 'elementsYaml', offset }))];
  }

  private elementParams(element: unknown, path: string): Params | string {
    if (element === null || typeof element !== 'object' || Array.isArray(element)) {
      return `${path}: each element must be an object`;
    }
    const params: Params = {};
    for (const [key, value] of Object.entries(element)) {
      if (key === 'values') {
        if (value === null || typeof value !== 'object' || Array.isArray(value)) return `${path}.values: must be a map of strings`;
        for (const [valueKey, item] of Object.entries(value)) {
          if (typeof item !== 'string') return `${path}.values.${valueKey}: must be a string (got ${describe(item)})`;
          params[`values.${valueKey}`] = item;
        }
      } else if (typeof value === 'string') {
        params[key] = value;
      } else {
        return `${path}.${key}: must be a string in fasttemplate mode (got ${describe(value)}); quote it in YAML`;
      }
    }
    return params;
  }
}

function goElementParams(element: unknown, path: string): Params | string {
  if (element === null || typeof element !== 'object' || Array.isArray(element)) return `${path}: each element must be an object`;
  return element as Params;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
}
