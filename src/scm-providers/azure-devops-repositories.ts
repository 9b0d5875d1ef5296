import type { ScmRepositories, ScmRepository } from '../applicationsets/engine';
import { flagField, pathOf, textField } from './adapter-config';
import { AZURE_API_VERSION, azureList, azureOrganizationUrl, shortBranchName } from './azure-devops-api';
import { reading, text, withQuery } from './provider-answers';
import type { ProviderHttp } from './provider-adapter';

/**
 * The Git repositories of an Azure DevOps team project, as Argo CD's scm_provider/azure_devops.go reads them.
 * Every repository is cloned from its `remoteUrl` (https) whatever cloneProtocol says, and has no labels. `list`
 * leaves `sha` empty (as Argo CD does); `branches` fills it and is meant to be called for every listed repository:
 * the default branch alone unless `allBranches` is set.
 */
export function azureDevOpsRepositories(config: Record<string, unknown>, http: ProviderHttp): ScmRepositories {
  const organization = textField(config, 'organization');
  const teamProject = textField(config, 'teamProject');
  const allBranches = flagField(config, 'allBranches');
  const gitApi = `${azureOrganizationUrl(config)}/${pathOf(teamProject)}/_apis/git/repositories`;

  return {
    async list() {
      const what = `Azure DevOps repositories of ${organization}/${teamProject}`;
      const found = await reading(what, () => azureList(http, gitApi, what));
      const repositories: ScmRepository[] = [];
      for (const repo of found) {
        const [name, defaultBranch, url, id] = [text(repo, 'name'), text(repo, 'defaultBranch'), text(repo, 'remoteUrl'), text(repo, 'id')];
        // An empty repository has no default branch; Argo CD leaves such entries out.
        if (name === '' || defaultBranch === '' || url === '' || id === '') continue;
        repositories.push({ organization, repository: name, url, branch: shortBranchName(defaultBranch), sha: '', labels: [], repositoryId: id });
      }
      return repositories;
    },

    async hasPath(repository, path) {
      // `$format=json` asks for the item's metadata: without it a file answers with its raw content.
      const query = withQuery(`${gitApi}/${pathOf(String(repository.repositoryId))}/items`, { path, 'versionDescriptor.version': repository.branch, 'api-version': AZURE_API_VERSION });
      const url = `${query}&$format=json`;
      const found = await reading(`Azure DevOps path in ${organization}/${repository.repository}`, () => http.getJsonOrMissing<unknown>(url));
      return found !== undefined;
    },

    // A repository that is gone (404) yields no branch, as Argo CD answers GitRepositoryNotFoundException.
    async branches(repository) {
      const what = `Azure DevOps branches of ${organization}/${repository.repository}`;
      const statsUrl = `${gitApi}/${pathOf(repository.repository)}/stats/branches`;
      if (!allBranches) {
        const url = withQuery(statsUrl, { name: shortBranchName(repository.branch), 'api-version': AZURE_API_VERSION });
        const found = await reading(what, () => http.getJsonOrMissing<unknown>(url));
        if (found === undefined) return [];
        const [branch, sha] = [text(found.body, 'name'), text(found.body, 'commit', 'commitId')];
        if (branch === '' || sha === '') throw new Error(`${what}: invalid answer for branch "${repository.branch}"`);
        return [{ ...repository, branch, sha }];
      }
      const found = await reading(what, () => azureList(http, statsUrl, what, true));
      return found.map((branch) => ({ ...repository, branch: text(branch, 'name'), sha: text(branch, 'commit', 'commitId') }));
    },
  };
}

