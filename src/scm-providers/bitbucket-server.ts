import type { PullRequest } from '../applicationsets/engine';
import { isSet, pathOf, textField } from './adapter-config';
import { bearerOrBasic } from './authorization-header';
import { bitbucketServerBase, bitbucketServerList, bitbucketServerRest, bitbucketWantsCredentials } from './bitbucket-server-api';
import { bitbucketServerRepositories } from './bitbucket-server-repositories';
import { reading, text } from './provider-answers';
import type { ProviderAdapter, ProviderHttp } from './provider-adapter';

/**
 * Bitbucket Server / Data Center (REST API 1.0, as Argo CD's go-bitbucket-v1 client calls it):
 * `pullRequest.bitbucketServer {project, repo, api, basicAuth, bearerToken, caRef, insecure}` and
 * `scmProvider.bitbucketServer {project, api, allBranches, basicAuth, bearerToken, caRef, insecure}`.
 */
export const bitbucketServerAdapter: ProviderAdapter = {
  pullRequestKey: 'bitbucketServer',
  scmProviderKey: 'bitbucketServer',
  apiBase: bitbucketServerBase,
  // The server's HTTPS clone URLs are `<base>/scm/<PROJECT>/<repo>.git`: that is what a registered repository holds,
  // so credentials are looked up under it rather than under the web UI's `/projects/<P>/repos/<r>`.
  credentialsUrl(config) {
    const project = `${bitbucketServerBase(config)}/scm/${pathOf(textField(config, 'project'))}`;
    return isSet(config, 'repo') ? `${project}/${pathOf(textField(config, 'repo'))}` : project;
  },
  wantsCredentials: bitbucketWantsCredentials,
  authorization: bearerOrBasic,
  pullRequests: bitbucketServerPullRequests,
  repositories: bitbucketServerRepositories,
};

// The pull-requests resource answers open pull requests unless asked for another state.
async function bitbucketServerPullRequests(config: Record<string, unknown>, http: ProviderHttp): Promise<PullRequest[]> {
  const project = textField(config, 'project');
  const repo = textField(config, 'repo');
  const what = `Bitbucket Server pull requests of ${project}/${repo}`;
  const url = `${bitbucketServerRest(config)}/projects/${pathOf(project, 'repos', repo)}/pull-requests`;
  const pulls = await reading(what, () => bitbucketServerList(http, url, what));
  return pulls.map((pull) => ({
    number: Number(pull.id),
    title: text(pull, 'title'),
    // displayId is the short name (`main`); id is the full ref (`refs/heads/main`).
    branch: text(pull, 'fromRef', 'displayId'),
    targetBranch: text(pull, 'toRef', 'displayId'),
    // Not in Atlassian's documented schema, but present in practice (Argo CD reads it too).
    headSha: text(pull, 'fromRef', 'latestCommit'),
    // Bitbucket Server has no pull request labels.
    labels: [],
    author: text(pull, 'author', 'user', 'name'),
  }));
}
