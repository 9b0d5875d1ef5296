import type { ScmProviderFilter } from './scm-config';
import type { ScmRepositories, ScmRepository } from './scm-source';
import { compileUserRegex } from './user-regex';

/**
 * A compiled scmProvider filter (Argo CD's scm_provider/utils.go). Its phase is set by the last condition it has,
 * in Argo CD's order: repositoryMatch, labelMatch → repository; pathsExist, pathsDoNotExist, branchMatch → branch.
 * A filter with no condition belongs to neither phase and is ignored.
 */
export interface CompiledRepositoryFilter {
  phase: 'repository' | 'branch' | 'none';
  repositoryMatch?: RegExp;
  labelMatch?: RegExp;
  branchMatch?: RegExp;
  pathsExist?: string[];
  pathsDoNotExist?: string[];
}

export function compileRepositoryFilters(filters: ScmProviderFilter[], path: string): CompiledRepositoryFilter[] | string {
  const compiled: CompiledRepositoryFilter[] = [];
  for (const [index, filter] of filters.entries()) {
    const out: CompiledRepositoryFilter = { phase: 'none' };
    for (const field of ['repositoryMatch', 'labelMatch', 'pathsExist', 'pathsDoNotExist', 'branchMatch'] as const) {
      const value = filter[field];
      if (value === undefined || value === null) continue;
      if (field === 'pathsExist' || field === 'pathsDoNotExist') {
        out[field] = (value as string[]).map((item) => item.replace(/\/+$/, ''));
      } else {
        const regex = compileUserRegex(value as string);
        if (typeof regex === 'string') return `${path}.filters[${index}].${field}: ${regex}`;
        out[field] = regex;
      }
      out.phase = field === 'repositoryMatch' || field === 'labelMatch' ? 'repository' : 'branch';
    }
    compiled.push(out);
  }
  return compiled;
}

/** The repositories any repository-phase filter keeps (all of them when there is none). */
export function selectRepositories(repositories: ScmRepository[], filters: CompiledRepositoryFilter[]): ScmRepository[] {
  const phase = filters.filter((filter) => filter.phase === 'repository');
  if (phase.length === 0) return repositories;
  return repositories.filter((repository) => phase.some((filter) => matchesWithoutPaths(repository, filter)));
}

/** The repository branches any branch-phase filter keeps (all of them when there is none); reads paths as needed. */
export async function selectBranches(branches: ScmRepository[], filters: CompiledRepositoryFilter[], source: ScmRepositories): Promise<ScmRepository[]> {
  const phase = filters.filter((filter) => filter.phase === 'branch');
  if (phase.length === 0) return branches;
  const kept: ScmRepository[] = [];
  for (const branch of branches) {
    for (const filter of phase) {
      if (await matches(branch, filter, source)) {
        kept.push(branch);
        break;
      }
    }
  }
  return kept;
}

function matchesWithoutPaths(repository: ScmRepository, filter: CompiledRepositoryFilter): boolean {
  if (filter.repositoryMatch && !filter.repositoryMatch.test(repository.repository)) return false;
  if (filter.branchMatch && !filter.branchMatch.test(repository.branch)) return false;
  if (filter.labelMatch && !repository.labels.some((label) => filter.labelMatch!.test(label))) return false;
  return true;
}

async function matches(repository: ScmRepository, filter: CompiledRepositoryFilter, source: ScmRepositories): Promise<boolean> {
  if (!matchesWithoutPaths(repository, filter)) return false;
  for (const path of filter.pathsExist ?? []) if (!(await source.hasPath(repository, path))) return false;
  for (const path of filter.pathsDoNotExist ?? []) if (await source.hasPath(repository, path)) return false;
  return true;
}
