import type { PullRequest } from '../applicationsets/engine';
import { apiBaseOr, isSet, pathOf, textField, textListField } from './adapter-config';
import { basicAuthorization } from './authorization-header';
import { GITEA_PUBLIC_API, giteaList, labelNames } from './gitea-api';
import { giteaRepositories } from './gitea-repositories';
import { reading, text } from './provider-answers';
import type { ProviderAdapter, ProviderHttp } from './provider-adapter';

/**
 * Gitea (API v1, as Argo CD's gitea SDK calls it): `pullRequest.gitea {owner, repo, api, tokenRef, insecure, labels}`
 * and `scmProvider.gitea {owner, api, allBranches, tokenRef, insecure, excludeArchivedRepos}`.
 */
export const giteaAdapter: ProviderAdapter = {
  pullRequestKey: 'gitea',
  scmProviderKey: 'gitea',
  apiBase: (config) => apiBaseOr(config, GITEA_PUBLIC_API),
  credentialsUrl(config) {
    const owner = `${apiBaseOr(config, GITEA_PUBLIC_API)}/${pathOf(textField(config, 'owner'))}`;
    return isSet(config, 'repo') ? `${owner}/${pathOf(textField(config, 'repo'))}` : owner;
  },
  wantsCredentials: (config) => isSet(config, 'tokenRef'),
  // The gitea SDK's SetToken sends `token <t>`; registered username/password credentials go as Basic.
  authorization: (auth) => (auth.type === 'token' ? `token ${auth.token}` : basicAuthorization(auth.username, auth.password)),
  pullRequests: giteaPullRequests,
  repositories: giteaRepositories,
};

async function giteaPullRequests(config: Record<string, unknown>, http: ProviderHttp): Promise<PullRequest[]> {
  const owner = textField(config, 'owner');
  const repo = textField(config, 'repo');
  const wanted = textListField(config, 'labels');
  const what = `Gitea pull requests of ${owner}/${repo}`;
  const url = `${apiBaseOr(config, GITEA_PUBLIC_API)}/api/v1/repos/${pathOf(owner, repo)}/pulls?state=open`;
  const pulls = await reading(what, () => giteaList(http, url, what));
  return pulls
    .map((pull) => ({
      number: Number(pull.number),
      title: text(pull, 'title'),
      branch: text(pull, 'head', 'ref'),
      targetBranch: text(pull, 'base', 'ref'),
      headSha: text(pull, 'head', 'sha'),
      labels: labelNames(pull.labels),
      author: text(pull, 'user', 'login'),
    }))
    .filter((pull) => wanted.every((label) => pull.labels.includes(label)));
}
