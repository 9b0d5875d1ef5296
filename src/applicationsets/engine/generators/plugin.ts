import { z } from 'zod';
import { isPlainObject } from '../../../common/json';
import { TemplateRenderError } from '../template/renderer';
import type { FieldIssue, Params } from '../types';
import { schemaIssues, templateOverrideSchema } from './config-schema';
import { flattenParams } from './flatten-params';
import { failed, succeeded, type GenerationContext, type Generator, type GeneratorResult } from './generator';
import { withTemplatedValues } from './templated-values';

/** More parameter sets than this from one plugin call fail the generator: a runaway plugin must not flood the hub. */
export const MAX_PLUGIN_PARAMETER_SETS = 5000;

const pluginSchema = z.looseObject({
  // Argo CD reads the plugin's URL, token and timeout from this ConfigMap; here it names a registered plugin.
  configMapRef: z.looseObject({ name: z.string().min(1, 'must name a registered generator plugin') }),
  input: z.looseObject({ parameters: z.record(z.string(), z.unknown()).nullish() }).nullish(),
  values: z.record(z.string(), z.string()).nullish(),
  // Argo CD requeues the set after this many seconds (30 minutes without it); here it shortens the re-poll interval.
  requeueAfterSeconds: z.int().min(0).nullish(),
  template: templateOverrideSchema.nullish(),
});

/**
 * `plugin`: parameter sets from an outside service (Argo CD's plugin generator). The service gets
 * `{applicationSetName, input: {parameters}}` and answers `{output: {parameters: [{...}, ...]}}`. Each answered
 * object is one parameter set: kept as is in Go template mode, flattened with dots into strings in fasttemplate mode.
 * Every set also gets `generator.input.parameters` (the parameters sent, as a map in both modes, as Argo CD does),
 * then the generator's `values`. Unlike Argo CD, an answer without an `output.parameters` list fails instead of
 * meaning "no parameters": a plugin answering garbage must not delete every application of the set.
 */
export class PluginGenerator implements Generator {
  readonly kind = 'plugin';
  readonly composite = false;
  readonly configSchema = pluginSchema;

  validate(config: unknown, path: string): FieldIssue[] {
    return schemaIssues(pluginSchema, config, path);
  }

  async generate(config: unknown, context: GenerationContext, path: string): Promise<GeneratorResult> {
    const parsed = pluginSchema.safeParse(config);
    if (!parsed.success) return failed(`${path}: invalid plugin generator`);
    const plugin = parsed.data;
    const name = plugin.configMapRef.name;
    const where = `${path}: plugin "${name}"`;
    if (!context.plugins) return failed(`${where}: generator plugins cannot be called here`);
    const parameters = plugin.input?.parameters ?? {};
    let answer: unknown;
    try {
      answer = await context.plugins.getParams(name, { applicationSetName: context.applicationSetName ?? '', input: { parameters } });
    } catch (error) {
      // The source's messages are safe to show by contract; any failure to ask fails the whole set.
      return failed(`${where}: ${error instanceof Error ? error.message : String(error)}`);
    }
    const objects = parameterSetsOf(answer);
    if (typeof objects === 'string') return failed(`${where}: ${objects}`);
    try {
      const params = objects.map((object) => {
        const own: Params = context.goTemplate ? { ...object } : flattenParams(object);
        own.generator = { input: { parameters } };
        return withTemplatedValues(own, plugin.values, context, path);
      });
      return succeeded(params);
    } catch (error) {
      if (error instanceof TemplateRenderError) return failed(error.message);
      throw error;
    }
  }
}

/** The answer's `output.parameters`, or why the answer is not one Argo CD's plugin protocol allows. */
function parameterSetsOf(answer: unknown): Record<string, unknown>[] | string {
  const output = isPlainObject(answer) ? answer.output : undefined;
  if (!isPlainObject(output)) return 'malformed answer: expected a JSON object with an "output" object';
  const parameters = output.parameters;
  if (!Array.isArray(parameters)) return 'malformed answer: "output.parameters" must be a list of objects';
  if (parameters.length > MAX_PLUGIN_PARAMETER_SETS) {
    return `answered ${parameters.length} parameter sets, more than the ${MAX_PLUGIN_PARAMETER_SETS} allowed`;
  }
  const invalid = parameters.findIndex((item) => !isPlainObject(item));
  if (invalid !== -1) return `malformed answer: "output.parameters[${invalid}]" must be an object`;
  return parameters as Record<string, unknown>[];
}
