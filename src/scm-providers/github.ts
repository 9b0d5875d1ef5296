import type { PullRequest, ScmRepositories, ScmRepository } from '../applicationsets/engine';
import { collectPages, nextPageFromLink, PAGE_SIZE } from './pagination';
import type { ProviderAdapter, ProviderAuth, ProviderHttp } from './provider-adapter';
import { apiUrl, hasField, parseApiUrl, stringField, webOrigin } from './provider-urls';

const PUBLIC_API = 'https://api.github.com';
const PUBLIC_WEB = 'https://github.com';

interface GitHubPull {
  number: number;
  title: string;
  head: { ref: string; sha: string };
  base: { ref: string };
  labels?: { name?: string }[] | null;
  user?: { login?: string } | null;
}

interface GitHubRepository {
  id: number;
  name: string;
  owner?: { login?: string } | null;
  default_branch?: string;
  ssh_url?: string;
  clone_url?: string;
  topics?: string[] | null;
  archived?: boolean;
}

interface GitHubBranch {
  name: string;
  commit?: { sha?: string } | null;
}

/**
 * GitHub and GitHub Enterprise (Argo CD's services/pull_request/github.go and scm_provider/github.go, over
 * go-github): `api` absent means api.github.com; any other `api` gets `/api/v3` appended unless it already ends so
 * or its host is an `api.` one (go-github's WithEnterpriseURLs). Tokens go as `Bearer`. GitHub App authentication
 * (`appSecretName`) is not supported: register a token for the repository or organization instead.
 */
export class GitHubAdapter implements ProviderAdapter {
  readonly pullRequestKey = 'github';
  readonly scmProviderKey = 'github';

  apiBase(config: Record<string, unknown>): string {
    const api = stringField(config, 'api');
    if (api === undefined) return PUBLIC_API;
    const url = parseApiUrl(api, 'github');
    let path = url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`;
    if (!path.endsWith('/api/v3/') && !url.host.startsWith('api.') && !url.host.includes('.api.')) path += 'api/v3/';
    return `${url.origin}${path.replace(/\/+$/, '')}`;
  }

  credentialsUrl(config: Record<string, unknown>): string {
    const api = stringField(config, 'api');
    const web = api === undefined ? PUBLIC_WEB : webOrigin(parseApiUrl(api, 'github'));
    const path = typeof config.organization === 'string' ? [config.organization] : [String(config.owner), String(config.repo)];
    return `${web}/${path.join('/')}`;
  }

  wantsCredentials(config: Record<string, unknown>): boolean {
    return hasField(config, 'tokenRef');
  }

  authorization(auth: ProviderAuth): string {
    return auth.type === 'token' ? `Bearer ${auth.token}` : `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
  }

  async pullRequests(config: Record<string, unknown>, http: ProviderHttp): Promise<PullRequest[]> {
    refuseGitHubApp(config);
    const base = this.apiBase(config);
    const owner = String(config.owner);
    const repo = String(config.repo);
    const wanted = Array.isArray(config.labels) ? (config.labels as string[]) : [];
    const pulls = await collectPages<GitHubPull>(http, (page) => apiUrl(base, ['repos', owner, repo, 'pulls'], { per_page: PAGE_SIZE, page }), nextPageFromLink);
    return pulls
      .map((pull) => ({
        number: pull.number,
        title: pull.title,
        branch: pull.head.ref,
        targetBranch: pull.base.ref,
        headSha: pull.head.sha,
        labels: (pull.labels ?? []).flatMap((label) => (typeof label.name === 'string' ? [label.name] : [])),
        author: pull.user?.login ?? '',
      }))
      .filter((pull) => wanted.every((label) => pull.labels.includes(label)));
  }

  repositories(config: Record<string, unknown>, http: ProviderHttp): ScmRepositories {
    const base = this.apiBase(config);
    const organization = String(config.organization);
    const allBranches = config.allBranches === true;
    const excludeArchived = config.excludeArchivedRepos === true;
    return {
      async list(cloneProtocol) {
        refuseGitHubApp(config);
        if (cloneProtocol !== undefined && cloneProtocol !== '' && cloneProtocol !== 'ssh' && cloneProtocol !== 'https') {
          throw new Error(`unknown clone protocol for GitHub ${cloneProtocol}`);
        }
        const repositories = await collectPages<GitHubRepository>(http, (page) => apiUrl(base, ['orgs', organization, 'repos'], { per_page: PAGE_SIZE, page }), nextPageFromLink);
        return repositories
          .filter((repository) => !(excludeArchived && repository.archived === true))
          .map((repository) => ({
            organization: repository.owner?.login ?? organization,
            repository: repository.name,
            url: (cloneProtocol === 'https' ? repository.clone_url : repository.ssh_url) ?? '',
            branch: repository.default_branch ?? '',
            sha: '',
            labels: repository.topics ?? [],
            repositoryId: repository.id,
          }));
      },
      async hasPath(repository, path) {
        const url = `${apiUrl(base, ['repos', repository.organization, repository.repository, 'contents'])}/${path.split('/').map(encodeURIComponent).join('/')}`;
        const withRef = new URL(url);
        withRef.searchParams.set('ref', repository.branch);
        return (await http.getJsonOrMissing(withRef.toString())) !== undefined;
      },
      async branches(repository) {
        let branches: GitHubBranch[];
        if (!allBranches) {
          // A repository without commits has no default branch yet: no parameter set, not an error.
          const found = await http.getJsonOrMissing<GitHubBranch>(apiUrl(base, ['repos', repository.organization, repository.repository, 'branches', repository.branch]));
          branches = found ? [found.body] : [];
        } else {
          const repoPath = ['repos', repository.organization, repository.repository, 'branches'];
          branches = await collectPages<GitHubBranch>(http, (page) => apiUrl(base, repoPath, { per_page: PAGE_SIZE, page }), nextPageFromLink);
        }
        return branches.map((branch): ScmRepository => ({ ...repository, branch: branch.name, sha: branch.commit?.sha ?? '' }));
      },
    };
  }
}

function refuseGitHubApp(config: Record<string, unknown>): void {
  if (stringField(config, 'appSecretName') !== undefined) {
    throw new Error('github: GitHub App authentication (appSecretName) is not supported; register a token for the repository or organization and use tokenRef');
  }
}
