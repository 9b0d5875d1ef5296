import type { ScmRepositories, ScmRepository } from '../applicationsets/engine';
import { filePath, flagField, pathOf, textField } from './adapter-config';
import { bitbucketServerList, bitbucketServerRest } from './bitbucket-server-api';
import { dig, reading, text, withQuery } from './provider-answers';
import type { ProviderHttp } from './provider-adapter';

interface Branch {
  name: string;
  sha: string;
}

/**
 * The repositories of a Bitbucket Server project, as Argo CD's scm_provider/bitbucket_server.go reads them: each at
 * its default branch with that branch's commit; a repository without a default branch (empty) is left out.
 * `branches` answers the default branch again, or every branch with `allBranches`.
 */
export function bitbucketServerRepositories(config: Record<string, unknown>, http: ProviderHttp): ScmRepositories {
  const rest = bitbucketServerRest(config);
  const projectKey = textField(config, 'project');
  const allBranches = flagField(config, 'allBranches');
  const repoUrl = (repository: ScmRepository) => `${rest}/projects/${pathOf(repository.organization, 'repos', slugOf(repository))}`;

  const defaultBranch = async (url: string, what: string): Promise<Branch | undefined> => {
    // 404 (older servers) or an empty 204 answer (newer ones) both mean the repository has no commits yet.
    const found = await reading(what, () => http.getJsonOrMissing<unknown>(`${url}/branches/default`));
    const name = text(found?.body, 'displayId');
    return name === '' ? undefined : { name, sha: text(found?.body, 'latestCommit') };
  };

  return {
    async list(cloneProtocol) {
      const linkName = cloneLinkName(cloneProtocol);
      const what = `Bitbucket Server repositories of project ${projectKey}`;
      const found = await reading(what, () => bitbucketServerList(http, `${rest}/projects/${pathOf(projectKey)}/repos`, what));
      const repositories: ScmRepository[] = [];
      for (const repo of found) {
        const organization = text(repo, 'project', 'key');
        const name = text(repo, 'name');
        const slug = text(repo, 'slug') || name;
        const branch = await defaultBranch(`${rest}/projects/${pathOf(organization, 'repos', slug)}`, `Bitbucket Server default branch of ${organization}/${name}`);
        if (branch === undefined) continue;
        repositories.push({
          organization,
          repository: name,
          url: cloneLink(dig(repo, ['links', 'clone']), linkName),
          branch: branch.name,
          sha: branch.sha,
          // Bitbucket Server repositories carry no labels Argo CD reads.
          labels: [],
          repositoryId: Number(repo.id),
        });
      }
      return repositories;
    },

    async hasPath(repository, path) {
      const url = withQuery(`${repoUrl(repository)}/browse/${filePath(path)}`, { at: repository.branch, limit: 100, type: 'true' });
      const found = await reading(`Bitbucket Server path in ${repository.organization}/${repository.repository}`, () => http.getJsonOrMissing<unknown>(url));
      return found !== undefined;
    },

    async branches(repository) {
      // The listing already read each repository's default branch and its commit.
      if (!allBranches) return [repository];
      const what = `Bitbucket Server branches of ${repository.organization}/${repository.repository}`;
      const found = await reading(what, () => bitbucketServerList(http, `${repoUrl(repository)}/branches`, what));
      const branches: Branch[] = found.map((branch) => ({ name: text(branch, 'displayId'), sha: text(branch, 'latestCommit') }));
      return branches.map((branch) => ({ ...repository, branch: branch.name, sha: branch.sha }));
    },
  };
}

/**
 * Argo CD names a repository by its display name, but the API addresses it by slug, and the two differ once the name
 * has capitals or spaces. The slug is the last segment of either clone URL (`…/proj/<slug>.git`), so it is read back
 * from the repository's URL; the name serves when there is none.
 */
function slugOf(repository: ScmRepository): string {
  const slug = /\/([^/]+?)\.git$/.exec(repository.url)?.[1];
  return slug ?? repository.repository;
}

// Bitbucket Server names its clone links `ssh` and `http` (the latter is https on a TLS server).
function cloneLinkName(cloneProtocol: string | undefined): 'ssh' | 'http' {
  if (cloneProtocol === undefined || cloneProtocol === '' || cloneProtocol === 'ssh') return 'ssh';
  if (cloneProtocol === 'https') return 'http';
  throw new Error(`unknown clone protocol for Bitbucket Server: ${cloneProtocol}`);
}

/** The href of the clone link named `name`; '' when the server lists none (as Argo CD answers). */
function cloneLink(links: unknown, name: string): string {
  if (!Array.isArray(links)) return '';
  const link = links.find((candidate) => text(candidate, 'name') === name);
  return text(link, 'href');
}
