import type { PullRequest } from '../applicationsets/engine';
import { apiBaseOr, isSet, pathOf, textField, textListField } from './adapter-config';
import { basicAuthorization } from './authorization-header';
import { AZURE_API_VERSION, AZURE_DEVOPS_PUBLIC_API, azureOrganizationUrl, shortBranchName } from './azure-devops-api';
import { azureDevOpsRepositories } from './azure-devops-repositories';
import { collectPages, listIn, reading, text } from './provider-answers';
import type { ProviderAdapter, ProviderHttp } from './provider-adapter';

/** Pull requests asked for per request (`$top`); the next page skips that many more. */
const PULL_REQUEST_PAGE_SIZE = 100;

/**
 * Azure DevOps (Git REST API, as Argo CD's azure-devops-go-api client calls it): `pullRequest.azuredevops
 * {organization, project, repo, api, tokenRef, labels}` and `scmProvider.azureDevOps {organization, api,
 * teamProject, allBranches, accessTokenRef}`.
 */
export const azureDevOpsAdapter: ProviderAdapter = {
  pullRequestKey: 'azuredevops',
  scmProviderKey: 'azureDevOps',
  apiBase: (config) => apiBaseOr(config, AZURE_DEVOPS_PUBLIC_API),
  // Clone URLs are `<api>/<org>/<project>/_git/<repo>` (the `org@` user in them is dropped by URL normalization).
  credentialsUrl(config) {
    const project = `${azureOrganizationUrl(config)}/${pathOf(textField(config, 'project') || textField(config, 'teamProject'))}`;
    return isSet(config, 'repo') ? `${project}/_git/${pathOf(textField(config, 'repo'))}` : project;
  },
  wantsCredentials: (config) => isSet(config, 'tokenRef') || isSet(config, 'accessTokenRef'),
  // A personal access token goes as Basic with an empty user name (the Go client's NewPatConnection).
  authorization: (auth) => (auth.type === 'token' ? basicAuthorization('', auth.token) : basicAuthorization(auth.username, auth.password)),
  pullRequests: azureDevOpsPullRequests,
  repositories: azureDevOpsRepositories,
};

/**
 * Argo CD lists the project's active pull requests and keeps the repository's by name. The listing is paged with
 * `$top`/`$skip` (Argo CD reads only the first page the service answers).
 */
async function azureDevOpsPullRequests(config: Record<string, unknown>, http: ProviderHttp): Promise<PullRequest[]> {
  const project = textField(config, 'project');
  const repo = textField(config, 'repo');
  const wanted = textListField(config, 'labels');
  const what = `Azure DevOps pull requests of ${project}/${repo}`;
  // `$top`/`$skip` are written out: URLSearchParams would send `%24top`, which not every proxy in front of an
  // Azure DevOps Server decodes back.
  const listUrl = `${azureOrganizationUrl(config)}/${pathOf(project)}/_apis/git/pullrequests?api-version=${AZURE_API_VERSION}&$top=${PULL_REQUEST_PAGE_SIZE}`;
  const pageAt = (skip: number) => `${listUrl}&$skip=${skip}`;
  let skipped = 0;
  const pulls = await reading(what, () =>
    collectPages(what, pageAt(0), async (url) => {
      const items = listIn((await http.getJson<{ value?: unknown }>(url)).body?.value, what);
      skipped += items.length;
      return { items, next: items.length < PULL_REQUEST_PAGE_SIZE ? undefined : pageAt(skipped) };
    }),
  );
  const found: PullRequest[] = [];
  for (const pull of pulls) {
    // Argo CD skips a pull request whose answer lacks any of these (a partial answer, a deleted repository).
    const sha = text(pull, 'lastMergeSourceCommit', 'commitId');
    if (text(pull, 'repository', 'name') === '' || pull.pullRequestId === undefined || text(pull, 'sourceRefName') === '' || text(pull, 'targetRefName') === '' || sha === '') continue;
    const labels = Array.isArray(pull.labels) ? pull.labels.map((label) => text(label, 'name')) : [];
    if (!wanted.every((label) => labels.includes(label))) continue;
    if (text(pull, 'repository', 'name') !== repo) continue;
    found.push({
      number: Number(pull.pullRequestId),
      title: text(pull, 'title'),
      branch: shortBranchName(text(pull, 'sourceRefName')),
      targetBranch: shortBranchName(text(pull, 'targetRefName')),
      headSha: sha,
      labels,
      // The part of the creator's unique name (an email address) before the @.
      author: text(pull, 'createdBy', 'uniqueName').split('@')[0],
    });
  }
  return found;
}
