import { normalizeClusterName } from '../../../domain/cluster-name';
import type { Params } from '../types';
import type { PullRequest, ScmRepository } from './scm-source';

const SLUG_MAX_LENGTH = 50;

/**
 * The parameters of one pull request (Argo CD's PullRequestGenerator.GenerateParams): `number` is a string in both
 * template modes; `labels` exist only in Go template mode (Argo CD left them out of fasttemplate on purpose).
 */
export function pullRequestParams(pull: PullRequest, goTemplate: boolean): Params {
  const params: Params = {
    number: String(pull.number),
    title: pull.title,
    branch: pull.branch,
    branch_slug: branchSlug(pull.branch),
    target_branch: pull.targetBranch,
    target_branch_slug: branchSlug(pull.targetBranch),
    head_sha: pull.headSha,
    head_short_sha: pull.headSha.slice(0, 8),
    head_short_sha_7: pull.headSha.slice(0, 7),
    author: pull.author,
  };
  if (goTemplate) params.labels = [...pull.labels];
  return params;
}

/**
 * The parameters of one repository at one branch (Argo CD's SCMProviderGenerator.GenerateParams): `labels` joined
 * with commas, `branchNormalized` as cluster names are normalized. `repository_id` keeps its type in Go template mode
 * (an integer id prints as an integer, as Go's int64 does); fasttemplate parameters are strings.
 */
export function repositoryParams(repo: ScmRepository, goTemplate: boolean): Params {
  return {
    organization: repo.organization,
    repository: repo.repository,
    repository_id: goTemplate ? goId(repo.repositoryId) : String(repo.repositoryId),
    url: repo.url,
    branch: repo.branch,
    sha: repo.sha,
    short_sha: repo.sha.slice(0, 8),
    short_sha_7: repo.sha.slice(0, 7),
    labels: repo.labels.join(','),
    branchNormalized: normalizeClusterName(repo.branch),
  };
}

function goId(id: string | number): string | bigint | number {
  return typeof id === 'number' && Number.isSafeInteger(id) ? BigInt(id) : id;
}

// gosimple/slug's English substitutions, applied before the rest (Argo CD also maps "_" to "-").
const SUBSTITUTIONS: Record<string, string> = { _: '-', '&': 'and', '@': 'at', '"': '', "'": '', '’': '', '‒': '-', '–': '-', '—': '-', '―': '-' };

/**
 * gosimple/slug.Make with Argo CD's settings (MaxLength 50, "_" → "-"): substitutions, accents dropped, lower case,
 * anything outside [a-z0-9_-] becomes "-", dashes collapsed, "-"/"_" trimmed at both ends, then cut at the last "-"
 * at or before 50 characters (or at 50 when there is none). Non-Latin scripts, which gosimple transliterates
 * (unidecode), become dashes here.
 */
export function branchSlug(branch: string): string {
  const substituted = [...branch.trim()].map((char) => SUBSTITUTIONS[char] ?? char).join('');
  const ascii = substituted.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  const slug = ascii
    .toLowerCase()
    .replace(/[^a-zA-Z0-9_-]/g, '-')
    .replace(/-+/g, '-')
    .replace(/^[-_]+|[-_]+$/g, '');
  if (slug.length <= SLUG_MAX_LENGTH) return slug;
  const cut = slug.lastIndexOf('-', SLUG_MAX_LENGTH);
  return cut >= 0 ? slug.slice(0, cut) : slug.slice(0, SLUG_MAX_LENGTH);
}
