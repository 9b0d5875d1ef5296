import { TemplateRenderError } from '../template/renderer';
import type { EntryIssue } from './registry';
import { schemaIssues } from './config-schema';
import { failed, succeeded, type GenerationContext, type Generator, type GeneratorResult } from './generator';
import { withTemplatedValues } from './templated-values';
import { providerKeysOf, scmProviderSchema, scmProviderSchemas } from './scm-config';
import { compileRepositoryFilters, selectBranches, selectRepositories } from './scm-provider-filters';
import { repositoryParams } from './scm-params';
import type { ScmRepository } from './scm-source';

const PROVIDER_KEYS = Object.keys(scmProviderSchemas);
const AWS_CODE_COMMIT = 'awsCodeCommit';

/**
 * `scmProvider`: one parameter set per repository of an organization (group, project, workspace), at its default
 * branch or, with `allBranches`, at each branch, read from the provider's API through the context's ScmSource.
 * Filters follow Argo CD: repository filters (`repositoryMatch`, `labelMatch`) narrow the repositories first, then
 * branch filters (any with `pathsExist`, `pathsDoNotExist` or `branchMatch`) narrow the branches; within a phase the
 * filters are OR-ed and each filter's conditions AND-ed. A provider that cannot be read fails the generator.
 */
export class ScmProviderGenerator implements Generator {
  readonly kind = 'scmProvider';
  readonly composite = false;
  readonly configSchema = scmProviderSchema;

  validate(config: unknown, path: string): EntryIssue[] {
    const issues = schemaIssues(scmProviderSchema, config, path);
    if (issues.length > 0) return issues;
    return providerIssues(config as Record<string, unknown>, path);
  }

  async generate(config: unknown, context: GenerationContext, path: string): Promise<GeneratorResult> {
    const parsed = scmProviderSchema.safeParse(config);
    if (!parsed.success || providerIssues(parsed.data, path).length > 0) return failed(`${path}: invalid scmProvider generator`);
    const generator = parsed.data;
    const filters = compileRepositoryFilters(generator.filters ?? [], path);
    if (typeof filters === 'string') return failed(filters);
    if (!context.scm) return failed(`${path}: SCM provider APIs cannot be read here`);
    const [kind] = providerKeysOf(generator, PROVIDER_KEYS);
    const source = context.scm.repositories({ kind, config: generator[kind] as Record<string, unknown> });
    let found: ScmRepository[];
    try {
      const repositories = selectRepositories(await source.list(generator.cloneProtocol ?? undefined), filters);
      const branches: ScmRepository[] = [];
      for (const repository of repositories) branches.push(...(await source.branches(repository)));
      found = await selectBranches(branches, filters, source);
    } catch (error) {
      // The source's messages are safe to show by contract.
      return failed(`${path}.${kind}: ${error instanceof Error ? error.message : String(error)}`);
    }
    try {
      return succeeded(found.map((repository) => withTemplatedValues(repositoryParams(repository, context.goTemplate), generator.values, context, path)));
    } catch (error) {
      if (error instanceof TemplateRenderError) return failed(error.message);
      throw error;
    }
  }
}

function providerIssues(config: Record<string, unknown>, path: string): EntryIssue[] {
  if (config[AWS_CODE_COMMIT] !== undefined && config[AWS_CODE_COMMIT] !== null) {
    return [{ path: `${path}.${AWS_CODE_COMMIT}`, message: 'the awsCodeCommit provider of the scmProvider generator is not supported', unsupported: true }];
  }
  const keys = providerKeysOf(config, PROVIDER_KEYS);
  if (keys.length === 1) return [];
  const message = keys.length === 0 ? `needs one provider: ${PROVIDER_KEYS.join(', ')}` : `exactly one provider is allowed, found ${keys.join(', ')}`;
  return [{ path, message }];
}
