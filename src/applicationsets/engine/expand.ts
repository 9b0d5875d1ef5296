import { executeOptionsFromGo } from '../../gotemplate';
import { mergeTemplates } from './template/merge-template';
import { applyTemplatePatch, TemplatePatchError } from './template/apply-patch';
import { GoTemplateRenderer } from './template/go-renderer';
import type { ParamRenderer } from './template/param-renderer';
import { TemplateRenderer, TemplateRenderError } from './template/renderer';
import { buildApplication } from './application';
import { createDefaultRegistry, type GeneratorRegistry } from './generators';
import { validateApplicationSet, validationFailure } from './manifest';
import { generatedRepoUrlsWithPasswords } from './repo-url-passwords';
import type {
  Application,
  ApplicationSet,
  ApplicationTemplate,
  Condition,
  ExpansionContext,
  ExpansionErrorCode,
  ExpansionResult,
  Params,
  RejectedApplication,
} from './types';
import { validateApplications } from './validate-applications';

const defaultRegistry = createDefaultRegistry();

/**
 * Expands an ApplicationSet into Applications, purely from its inputs. Any generator, template or templatePatch
 * error fails the whole set (`ok: false`) — Argo CD aborts the reconcile in these cases, and a failed expansion
 * must never be mistaken for "no applications". Per-application problems only reject that application.
 */
export async function expand(
  manifest: unknown,
  context: ExpansionContext,
  registry: GeneratorRegistry = defaultRegistry,
): Promise<ExpansionResult> {
  // 1. Validate the manifest as given.
  const validation = validateApplicationSet(manifest, registry);
  if (!validation.ok) return validation;
  const appSet = validation.appSet;
  const renderer: ParamRenderer = appSet.spec.goTemplate === true ? new GoTemplateRenderer(executeOptionsFromGo(appSet.spec.goTemplateOptions ?? []).missingKey) : new TemplateRenderer();
  try {
    // 2. Run each generator and render one Application per parameter set.
    const generated: Application[] = [];
    for (const [index, entry] of appSet.spec.generators.entries()) {
      const path = `spec.generators[${index}]`;
      const generation = {
        clusters: context.clusters,
        inCluster: context.inCluster,
        goTemplate: appSet.spec.goTemplate === true,
        renderer,
        git: context.git,
        clusterDecisions: context.clusterDecisions,
        plugins: context.plugins,
        applicationSetName: appSet.metadata.name,
        scm: context.scm,
      };
      const result = await registry.generate(entry, generation, path);
      if (!result.ok) return abort('GeneratorFailed', path, result.reason);
      const template = mergeTemplates(appSet.spec.template, templateOverride(registry, entry, path));
      for (const params of result.params) generated.push(renderApplication(appSet, template, params, renderer));
    }
    // 3. A parameter that put a password into a repoURL fails the whole set: nothing is written or applied.
    const credentialIssues = generatedRepoUrlsWithPasswords(generated);
    if (credentialIssues.length > 0) return validationFailure('CredentialInRepoURL', credentialIssues);
    // 4. Check every Application on its own; problems reject only that Application.
    const { applications, rejected } = validateApplications(generated, context);
    return { ok: true, applications, rejected, conditions: conditionsFor(generated.length, rejected) };
  } catch (error) {
    if (error instanceof TemplateRenderError) {
      const code = error.path.startsWith('spec.templatePatch') ? 'TemplatePatchError' : 'TemplateError';
      return abort(code, error.path, error.message);
    }
    if (error instanceof TemplatePatchError) return abort('TemplatePatchError', 'spec.templatePatch', error.message);
    throw error;
  }
}

function abort(code: ExpansionErrorCode, path: string, message: string): ExpansionResult {
  return { ok: false, code, message, issues: [{ path, message }] };
}

function templateOverride(registry: GeneratorRegistry, entry: Record<string, unknown>, path: string): ApplicationTemplate | undefined {
  const resolved = registry.resolve(entry, path);
  if (!resolved.ok) return undefined;
  const override = (resolved.config as { template?: ApplicationTemplate } | null)?.template;
  return override ?? undefined;
}

function renderApplication(appSet: ApplicationSet, template: ApplicationTemplate, params: Params, renderer: ParamRenderer): Application {
  const app = buildApplication(renderer.renderDeep(template, params, 'spec.template'), appSet);
  const patch = appSet.spec.templatePatch;
  if (patch === undefined || patch.trim() === '') return app;
  return applyTemplatePatch(app, renderer.render(patch, params, 'spec.templatePatch'));
}

function conditionsFor(generatedCount: number, rejected: RejectedApplication[]): Condition[] {
  const parametersGenerated: Condition = {
    type: 'ParametersGenerated',
    status: 'True',
    reason: 'ParametersGenerated',
    message: `Successfully generated parameters for ${generatedCount} applications`,
  };
  if (rejected.length === 0) {
    const upToDate: Condition = {
      type: 'ErrorOccurred',
      status: 'False',
      reason: 'ApplicationSetUpToDate',
      message: 'All applications have been generated successfully',
    };
    return [parametersGenerated, upToDate];
  }
  const examples = rejected.slice(0, 3).map((item) => `${item.name || '(no name)'}: ${item.reason}`).join('; ');
  return [
    parametersGenerated,
    {
      type: 'ErrorOccurred',
      status: 'True',
      reason: 'ApplicationValidationError',
      message: `${rejected.length} of ${generatedCount} generated applications were rejected (${examples}${rejected.length > 3 ? '; ...' : ''})`,
    },
  ];
}
