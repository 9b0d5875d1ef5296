import type { ScmRepositories, ScmRepository } from '../applicationsets/engine';
import { filePath, flagField, pathOf, textField } from './adapter-config';
import { bitbucketCloudList } from './bitbucket-cloud-api';
import { dig, reading, text } from './provider-answers';
import type { ProviderHttp } from './provider-adapter';

/** Bitbucket Cloud answers at most 100 repositories or branches a page. */
const PAGE_LENGTH = 100;

/**
 * The repositories of a Bitbucket Cloud workspace the user is a member of, as Argo CD's
 * scm_provider/bitbucket_cloud.go reads them. `list` leaves `sha` empty (as Argo CD does); `branches` fills it and
 * is meant to be called for every listed repository: the main branch alone unless `allBranches` is set.
 */
export function bitbucketCloudRepositories(config: Record<string, unknown>, api: string, http: ProviderHttp): ScmRepositories {
  const owner = textField(config, 'owner');
  const allBranches = flagField(config, 'allBranches');
  const repoUrl = (repository: ScmRepository) => `${api}/repositories/${pathOf(owner, repository.repository)}`;

  return {
    async list(cloneProtocol) {
      const protocol = cloneProtocol === undefined || cloneProtocol === '' ? 'ssh' : cloneProtocol;
      const what = `Bitbucket Cloud repositories of ${owner}`;
      const found = await reading(what, () => bitbucketCloudList(http, api, `${api}/repositories/${pathOf(owner)}?role=member`, PAGE_LENGTH, what));
      return found.map((repo) => ({
        organization: owner,
        repository: text(repo, 'slug'),
        url: cloneLink(repo, protocol),
        branch: text(repo, 'mainbranch', 'name'),
        sha: '',
        labels: [],
        repositoryId: text(repo, 'uuid'),
      }));
    },

    async hasPath(repository, path) {
      // Argo CD reads the path at the branch's commit; before `branches` has run there is only the branch name.
      const revision = repository.sha === '' ? repository.branch : repository.sha;
      const url = `${repoUrl(repository)}/src/${encodeURIComponent(revision)}/${filePath(path)}?format=meta`;
      const found = await reading(`Bitbucket Cloud path in ${owner}/${repository.repository}`, () => http.getJsonOrMissing<unknown>(url));
      return found !== undefined;
    },

    async branches(repository) {
      const what = `Bitbucket Cloud branches of ${owner}/${repository.repository}`;
      const branchesUrl = `${repoUrl(repository)}/refs/branches`;
      const found = allBranches
        ? await reading(what, () => bitbucketCloudList(http, api, branchesUrl, PAGE_LENGTH, what))
        : [await reading(what, async () => (await http.getJson<Record<string, unknown>>(`${branchesUrl}/${encodeURIComponent(repository.branch)}`)).body)];
      return found.map((branch) => {
        const sha = text(branch, 'target', 'hash');
        if (sha === '') throw new Error(`${what}: branch "${text(branch, 'name')}" has no commit hash`);
        return { ...repository, branch: text(branch, 'name'), sha };
      });
    },
  };
}

/** The clone link named `protocol` (`ssh` or `https`); Argo CD fails the generator when the repository has none. */
function cloneLink(repo: Record<string, unknown>, protocol: string): string {
  const links = dig(repo, ['links', 'clone']);
  const link = Array.isArray(links) ? links.find((candidate) => text(candidate, 'name') === protocol) : undefined;
  if (link === undefined) throw new Error(`unknown clone protocol for Bitbucket Cloud: ${protocol} (repository ${text(repo, 'slug')})`);
  return text(link, 'href');
}
