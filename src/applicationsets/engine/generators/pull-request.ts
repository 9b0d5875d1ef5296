import { TemplateRenderError } from '../template/renderer';
import type { FieldIssue, Params } from '../types';
import { schemaIssues } from './config-schema';
import { failed, succeeded, type GenerationContext, type Generator, type GeneratorResult } from './generator';
import { withTemplatedValues } from './templated-values';
import { providerKeysOf, pullRequestProviderSchemas, pullRequestSchema, type PullRequestFilter } from './scm-config';
import { pullRequestParams } from './scm-params';
import { ScmRepositoryNotFoundError, type PullRequest } from './scm-source';
import { compileUserRegex } from './user-regex';

const PROVIDER_KEYS = Object.keys(pullRequestProviderSchemas);

interface CompiledFilter {
  branchMatch?: RegExp;
  targetBranchMatch?: RegExp;
  titleMatch?: RegExp;
}

/**
 * `pullRequest`: one parameter set per open pull (merge) request of one repository, read from its provider's API
 * through the context's ScmSource. `filters` are OR-ed: a pull request is kept when any filter matches all of its
 * patterns (Go regexp, unanchored); without filters every pull request is kept. A provider that cannot be read
 * fails the generator, so the set changes nothing; `continueOnRepoNotFoundError` turns a missing repository into
 * no parameter sets, as in Argo CD.
 */
export class PullRequestGenerator implements Generator {
  readonly kind = 'pullRequest';
  readonly composite = false;
  readonly configSchema = pullRequestSchema;

  validate(config: unknown, path: string): FieldIssue[] {
    const issues = schemaIssues(pullRequestSchema, config, path);
    if (issues.length > 0) return issues;
    return providerIssues(config as Record<string, unknown>, path);
  }

  async generate(config: unknown, context: GenerationContext, path: string): Promise<GeneratorResult> {
    const parsed = pullRequestSchema.safeParse(config);
    if (!parsed.success || providerIssues(parsed.data, path).length > 0) return failed(`${path}: invalid pullRequest generator`);
    const generator = parsed.data;
    const filters = compileFilters(generator.filters ?? [], path);
    if (typeof filters === 'string') return failed(filters);
    if (!context.scm) return failed(`${path}: SCM provider APIs cannot be read here`);
    const [kind] = providerKeysOf(generator, PROVIDER_KEYS);
    let pulls: PullRequest[];
    try {
      pulls = await context.scm.pullRequests({ kind, config: generator[kind] as Record<string, unknown> });
    } catch (error) {
      if (error instanceof ScmRepositoryNotFoundError && generator.continueOnRepoNotFoundError === true) return succeeded([]);
      // The source's messages are safe to show by contract.
      return failed(`${path}.${kind}: ${error instanceof Error ? error.message : String(error)}`);
    }
    try {
      const kept = filters.length === 0 ? pulls : pulls.filter((pull) => filters.some((filter) => matches(pull, filter)));
      const params: Params[] = kept.map((pull) => withTemplatedValues(pullRequestParams(pull, context.goTemplate), generator.values, context, path));
      return succeeded(params);
    } catch (error) {
      if (error instanceof TemplateRenderError) return failed(error.message);
      throw error;
    }
  }
}

function providerIssues(config: Record<string, unknown>, path: string): FieldIssue[] {
  const keys = providerKeysOf(config, PROVIDER_KEYS);
  if (keys.length === 1) return [];
  const message = keys.length === 0 ? `needs one provider: ${PROVIDER_KEYS.join(', ')}` : `exactly one provider is allowed, found ${keys.join(', ')}`;
  return [{ path, message }];
}

function compileFilters(filters: PullRequestFilter[], path: string): CompiledFilter[] | string {
  const compiled: CompiledFilter[] = [];
  for (const [index, filter] of filters.entries()) {
    const out: CompiledFilter = {};
    for (const field of ['branchMatch', 'targetBranchMatch', 'titleMatch'] as const) {
      const pattern = filter[field];
      if (pattern === undefined || pattern === null) continue;
      const regex = compileUserRegex(pattern);
      if (typeof regex === 'string') return `${path}.filters[${index}].${field}: ${regex}`;
      out[field] = regex;
    }
    compiled.push(out);
  }
  return compiled;
}

function matches(pull: PullRequest, filter: CompiledFilter): boolean {
  if (filter.branchMatch && !filter.branchMatch.test(pull.branch)) return false;
  if (filter.targetBranchMatch && !filter.targetBranchMatch.test(pull.targetBranch)) return false;
  if (filter.titleMatch && !filter.titleMatch.test(pull.title)) return false;
  return true;
}
