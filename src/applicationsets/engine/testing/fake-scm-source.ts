import type { PullRequest, ScmProviderRef, ScmRepositories, ScmRepository, ScmSource } from '../generators/scm-source';

export interface FakeScmData {
  pullRequests?: PullRequest[];
  /** Repositories at their default branch, as `list` returns them. */
  repositories?: ScmRepository[];
  /** Extra branches per repository name (for allBranches); the default branch is always one. */
  branches?: Record<string, { branch: string; sha: string }[]>;
  /** Paths that exist, as `<repository>@<branch>:<path>`. */
  paths?: string[];
  /** Every call rejects with this. */
  error?: Error;
}

/** A ScmSource over fixed data that records what it was asked (the generators' only seam to provider APIs). */
export class FakeScmSource implements ScmSource {
  readonly asked: { method: string; provider?: ScmProviderRef; argument?: string }[] = [];

  constructor(private readonly data: FakeScmData) {}

  pullRequests(provider: ScmProviderRef): Promise<PullRequest[]> {
    this.asked.push({ method: 'pullRequests', provider });
    if (this.data.error) return Promise.reject(this.data.error);
    return Promise.resolve(this.data.pullRequests ?? []);
  }

  repositories(provider: ScmProviderRef): ScmRepositories {
    const data = this.data;
    const asked = this.asked;
    const allBranches = provider.config.allBranches === true;
    return {
      list(cloneProtocol) {
        asked.push({ method: 'list', provider, argument: cloneProtocol });
        if (data.error) return Promise.reject(data.error);
        return Promise.resolve(data.repositories ?? []);
      },
      hasPath(repository, path) {
        asked.push({ method: 'hasPath', argument: `${repository.repository}@${repository.branch}:${path}` });
        return Promise.resolve((data.paths ?? []).includes(`${repository.repository}@${repository.branch}:${path}`));
      },
      branches(repository) {
        asked.push({ method: 'branches', argument: repository.repository });
        const extra = allBranches ? (data.branches?.[repository.repository] ?? []) : [];
        return Promise.resolve([repository, ...extra.map(({ branch, sha }) => ({ ...repository, branch, sha }))]);
      },
    };
  }
}

export function buildPullRequest(overrides: Partial<PullRequest> = {}): PullRequest {
  return {
    number: 1,
    title: 'Add a feature',
    branch: 'feature/one',
    targetBranch: 'main',
    headSha: '0123456789abcdef0123456789abcdef01234567',
    labels: [],
    author: 'octocat',
    ...overrides,
  };
}

export function buildScmRepository(overrides: Partial<ScmRepository> = {}): ScmRepository {
  return {
    organization: 'fleet',
    repository: 'app',
    url: 'git@127.0.0.1:fleet/app.git',
    branch: 'main',
    sha: 'fedcba9876543210fedcba9876543210fedcba98',
    labels: [],
    repositoryId: 42,
    ...overrides,
  };
}
