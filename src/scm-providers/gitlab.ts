import { ScmRepositoryNotFoundError, type PullRequest, type ScmRepositories, type ScmRepository } from '../applicationsets/engine';
import { collectPages, nextPageFromHeader, PAGE_SIZE } from './pagination';
import type { ProviderAdapter, ProviderAuth, ProviderHttp } from './provider-adapter';
import { apiUrl, hasField, parseApiUrl, stringField } from './provider-urls';

const PUBLIC_API = 'https://gitlab.com/api/v4';
const PUBLIC_WEB = 'https://gitlab.com';

interface GitLabMergeRequest {
  iid: number;
  title: string;
  source_branch: string;
  target_branch: string;
  sha: string;
  labels?: string[] | null;
  author?: { username?: string } | null;
}

interface GitLabProject {
  id: number;
  path: string;
  namespace?: { full_path?: string } | null;
  default_branch?: string | null;
  ssh_url_to_repo?: string;
  http_url_to_repo?: string;
  topics?: string[] | null;
  tag_list?: string[] | null;
}

interface GitLabBranch {
  name: string;
  commit?: { id?: string } | null;
}

/**
 * GitLab and self-managed GitLab (Argo CD's services/pull_request/gitlab.go and scm_provider/gitlab.go, over
 * client-go): `api` absent means gitlab.com; any other `api` gets `/api/v4` appended unless it already ends so.
 * Lists page through `X-Next-Page`. Tokens go as `Bearer`, which GitLab accepts for personal, project and group
 * access tokens. Without `pullRequestState` every merge request is listed (opened, closed, merged), as in Argo CD.
 */
export class GitLabAdapter implements ProviderAdapter {
  readonly pullRequestKey = 'gitlab';
  readonly scmProviderKey = 'gitlab';

  apiBase(config: Record<string, unknown>): string {
    const api = stringField(config, 'api');
    if (api === undefined) return PUBLIC_API;
    const url = parseApiUrl(api, 'gitlab');
    let path = url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`;
    if (!path.endsWith('/api/v4/')) path += 'api/v4/';
    return `${url.origin}${path.replace(/\/+$/, '')}`;
  }

  credentialsUrl(config: Record<string, unknown>): string {
    const api = stringField(config, 'api');
    const web = api === undefined ? PUBLIC_WEB : parseApiUrl(api, 'gitlab').origin;
    return `${web}/${String(typeof config.group === 'string' ? config.group : config.project)}`;
  }

  wantsCredentials(config: Record<string, unknown>): boolean {
    return hasField(config, 'tokenRef');
  }

  authorization(auth: ProviderAuth): string {
    return auth.type === 'token' ? `Bearer ${auth.token}` : `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
  }

  async pullRequests(config: Record<string, unknown>, http: ProviderHttp): Promise<PullRequest[]> {
    const base = this.apiBase(config);
    const labels = Array.isArray(config.labels) && config.labels.length > 0 ? (config.labels as string[]).join(',') : undefined;
    const state = stringField(config, 'pullRequestState');
    const requests = await collectPages<GitLabMergeRequest>(
      http,
      (page) => apiUrl(base, ['projects', String(config.project), 'merge_requests'], { per_page: PAGE_SIZE, page, labels, state }),
      nextPageFromHeader,
    );
    return requests.map((request) => ({
      number: request.iid,
      title: request.title,
      branch: request.source_branch,
      targetBranch: request.target_branch,
      headSha: request.sha,
      labels: request.labels ?? [],
      author: request.author?.username ?? '',
    }));
  }

  repositories(config: Record<string, unknown>, http: ProviderHttp): ScmRepositories {
    const base = this.apiBase(config);
    const group = String(config.group);
    const allBranches = config.allBranches === true;
    const query = {
      per_page: PAGE_SIZE,
      include_subgroups: config.includeSubgroups === true,
      // Argo CD includes shared projects unless told not to.
      with_shared: config.includeSharedProjects !== false,
      topic: stringField(config, 'topic'),
      // GitLab leaves archived projects out unless asked.
      archived: config.includeArchivedRepos === true ? true : undefined,
    };
    return {
      async list(cloneProtocol) {
        if (cloneProtocol !== undefined && cloneProtocol !== '' && cloneProtocol !== 'ssh' && cloneProtocol !== 'https') {
          throw new Error(`unknown clone protocol for Gitlab ${cloneProtocol}`);
        }
        const projects = await collectPages<GitLabProject>(http, (page) => apiUrl(base, ['groups', group, 'projects'], { ...query, page }), nextPageFromHeader);
        return projects.map((project) => ({
          organization: project.namespace?.full_path ?? group,
          repository: project.path,
          url: (cloneProtocol === 'https' ? project.http_url_to_repo : project.ssh_url_to_repo) ?? '',
          branch: project.default_branch ?? '',
          sha: '',
          // Topics replaced tag_list in GitLab 14.5.
          labels: project.topics && project.topics.length > 0 ? project.topics : (project.tag_list ?? []),
          repositoryId: project.id,
        }));
      },
      async hasPath(repository, path) {
        // The project id came with the listing, so no lookup by path is needed.
        const id = repository.repositoryId;
        const file = await http.getJsonOrMissing(apiUrl(base, ['projects', id, 'repository', 'files', path], { ref: repository.branch }));
        if (file !== undefined) return true;
        // Not a file: a directory exists when its tree can be listed.
        const tree = await http.getJsonOrMissing(apiUrl(base, ['projects', id, 'repository', 'tree'], { path, ref: repository.branch }));
        return tree !== undefined;
      },
      async branches(repository) {
        const branchesPath = ['projects', repository.repositoryId, 'repository', 'branches'];
        let branches: GitLabBranch[];
        if (!allBranches) {
          const found = await http.getJsonOrMissing<GitLabBranch>(apiUrl(base, [...branchesPath, repository.branch]));
          branches = found ? [found.body] : [];
        } else {
          branches = await listAllBranches(http, (page) => apiUrl(base, branchesPath, { per_page: PAGE_SIZE, page }));
        }
        return branches.map((branch): ScmRepository => ({ ...repository, branch: branch.name, sha: branch.commit?.id ?? '' }));
      },
    };
  }
}

// A project without a repository answers 404 to its branch list: no branches, not an error (as in Argo CD).
async function listAllBranches(http: ProviderHttp, urlFor: (page: number) => string): Promise<GitLabBranch[]> {
  try {
    return await collectPages<GitLabBranch>(http, urlFor, nextPageFromHeader);
  } catch (error) {
    if (error instanceof ScmRepositoryNotFoundError) return [];
    throw error;
  }
}
