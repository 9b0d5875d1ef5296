import type { ScmRepositories, ScmRepository } from '../applicationsets/engine';
import { apiBaseOr, filePath, flagField, pathOf, textField } from './adapter-config';
import { GITEA_PUBLIC_API, giteaList, labelNames } from './gitea-api';
import { reading, text } from './provider-answers';
import type { ProviderHttp } from './provider-adapter';

/**
 * The repositories of a Gitea organization, as Argo CD's scm_provider/gitea.go reads them. `list` leaves `sha`
 * empty (as Argo CD does); `branches` fills it and is meant to be called for every listed repository, as Argo CD's
 * getBranches does: it answers the default branch alone unless `allBranches` is set.
 */
export function giteaRepositories(config: Record<string, unknown>, http: ProviderHttp): ScmRepositories {
  const api = `${apiBaseOr(config, GITEA_PUBLIC_API)}/api/v1`;
  const owner = textField(config, 'owner');
  const allBranches = flagField(config, 'allBranches');
  const excludeArchived = flagField(config, 'excludeArchivedRepos');

  return {
    async list(cloneProtocol) {
      const urlField = cloneUrlField(cloneProtocol);
      const what = `Gitea repositories of ${owner}`;
      const found = await reading(what, () => giteaList(http, `${api}/orgs/${pathOf(owner)}/repos`, what));
      const repositories: ScmRepository[] = [];
      for (const repo of found) {
        if (excludeArchived && repo.archived === true) continue;
        const name = text(repo, 'name');
        const labelsWhat = `Gitea labels of ${owner}/${name}`;
        const labels = await reading(labelsWhat, () => giteaList(http, `${api}/repos/${pathOf(owner, name)}/labels`, labelsWhat));
        repositories.push({
          organization: owner,
          repository: name,
          url: text(repo, urlField),
          branch: text(repo, 'default_branch'),
          sha: '',
          labels: labelNames(labels),
          repositoryId: Number(repo.id),
        });
      }
      return repositories;
    },

    async hasPath(repository, path) {
      const url = `${api}/repos/${pathOf(repository.organization, repository.repository)}/contents/${filePath(path)}?ref=${encodeURIComponent(repository.branch)}`;
      // A file answers an object, a directory a list: both mean the path exists (Argo CD treats the SDK's
      // "expect file, got directory" error as true).
      const found = await reading(`Gitea contents of ${repository.organization}/${repository.repository}`, () => http.getJsonOrMissing<unknown>(url));
      return found !== undefined;
    },

    async branches(repository) {
      const repoPath = `${api}/repos/${pathOf(owner, repository.repository)}/branches`;
      if (!allBranches) {
        const what = `Gitea default branch "${repository.branch}" of ${owner}/${repository.repository}`;
        const found = await reading(what, () => http.getJsonOrMissing<unknown>(`${repoPath}/${encodeURIComponent(repository.branch)}`));
        if (found === undefined) throw new Error(`${what}: not found (404) - check your repo config`);
        return [{ ...repository, sha: text(found.body, 'commit', 'id') }];
      }
      const what = `Gitea branches of ${owner}/${repository.repository}`;
      const branches = await reading(what, () => giteaList(http, repoPath, what));
      return branches.map((branch) => ({ ...repository, branch: text(branch, 'name'), sha: text(branch, 'commit', 'id') }));
    },
  };
}

// Argo CD: ssh (the default) is the repository's ssh_url; https is its html_url (the web URL, which Git also clones).
function cloneUrlField(cloneProtocol: string | undefined): 'ssh_url' | 'html_url' {
  if (cloneProtocol === undefined || cloneProtocol === '' || cloneProtocol === 'ssh') return 'ssh_url';
  if (cloneProtocol === 'https') return 'html_url';
  throw new Error(`unknown clone protocol for Gitea: ${cloneProtocol}`);
}
