/**
 * What the pullRequest and scmProvider generators read provider APIs through. The engine stays free of HTTP: the
 * hub passes an adapter (src/scm-providers) that knows each provider's API, its pagination and its credentials.
 * Every method rejects with an Error whose message is safe to show (no tokens): the generator fails with it, and a
 * failed generator fails the whole set, so nothing is deleted when a provider cannot be reached.
 */
export interface ScmSource {
  /** The open pull (merge) requests of the repository `provider` names. */
  pullRequests(provider: ScmProviderRef): Promise<PullRequest[]>;
  /** The repositories of the organization (group, project, workspace) `provider` names. */
  repositories(provider: ScmProviderRef): ScmRepositories;
}

/** The provider block of a generator as written (after templating): its manifest key and its configuration. */
export interface ScmProviderRef {
  /** `github`, `gitlab`, `gitea`, `bitbucketServer`, `bitbucket`, `azuredevops` (pullRequest) / `azureDevOps` (scmProvider). */
  kind: string;
  config: Record<string, unknown>;
}

/** One open pull request, as Argo CD's pull_request service models it. */
export interface PullRequest {
  number: number;
  title: string;
  /** The source branch. */
  branch: string;
  targetBranch: string;
  /** The full commit SHA of the source branch's head. */
  headSha: string;
  labels: string[];
  author: string;
}

/** One repository (at one branch), as Argo CD's scm_provider service models it. */
export interface ScmRepository {
  organization: string;
  repository: string;
  /** The clone URL for the requested protocol (ssh or https). */
  url: string;
  branch: string;
  /** The full commit SHA of `branch`. */
  sha: string;
  /** Topics or labels. */
  labels: string[];
  repositoryId: string | number;
}

export interface ScmRepositories {
  /** Every repository, each at its default branch. `cloneProtocol` as written (`ssh`, `https`, or absent). */
  list(cloneProtocol: string | undefined): Promise<ScmRepository[]>;
  /** Whether `path` (a file or a directory) exists in `repository` at its branch. */
  hasPath(repository: ScmRepository, path: string): Promise<boolean>;
  /** The repository once per branch (for `allBranches`). */
  branches(repository: ScmRepository): Promise<ScmRepository[]>;
}

/**
 * The repository (or project) a pull request generator names does not exist, or cannot be seen with the credentials
 * used (the provider answered 404). `continueOnRepoNotFoundError: true` turns it into an empty result.
 */
export class ScmRepositoryNotFoundError extends Error {
  override name = 'ScmRepositoryNotFoundError';
}
