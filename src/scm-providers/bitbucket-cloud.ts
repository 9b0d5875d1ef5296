import type { PullRequest, ScmRepositories } from '../applicationsets/engine';
import { apiBaseOr, isSet, pathOf, textField } from './adapter-config';
import { bearerOrBasic } from './authorization-header';
import { BITBUCKET_CLOUD_API, bitbucketCloudList, bitbucketCloudWeb } from './bitbucket-cloud-api';
import { bitbucketCloudRepositories } from './bitbucket-cloud-repositories';
import { bitbucketWantsCredentials } from './bitbucket-server-api';
import { reading, text } from './provider-answers';
import type { ProviderAdapter, ProviderAuth, ProviderHttp } from './provider-adapter';

/** Bitbucket Cloud answers at most 50 pull requests a page. */
const PULL_REQUEST_PAGE_LENGTH = 50;

/**
 * Bitbucket Cloud (API 2.0, as Argo CD's go-bitbucket client calls it): `pullRequest.bitbucket {owner, repo, api,
 * basicAuth, bearerToken}` and `scmProvider.bitbucket {owner, user, appPasswordRef, allBranches}`. The scmProvider
 * block has no `api`: it always reads `defaultApi` (Argo CD's BITBUCKET_API_BASE_URL), which tests point elsewhere.
 */
export class BitbucketCloudAdapter implements ProviderAdapter {
  readonly pullRequestKey = 'bitbucket';
  readonly scmProviderKey = 'bitbucket';

  constructor(private readonly defaultApi: string = BITBUCKET_CLOUD_API) {}

  apiBase(config: Record<string, unknown>): string {
    return apiBaseOr(config, this.defaultApi);
  }

  credentialsUrl(config: Record<string, unknown>): string {
    const owner = `${bitbucketCloudWeb(this.apiBase(config))}/${pathOf(textField(config, 'owner'))}`;
    return isSet(config, 'repo') ? `${owner}/${pathOf(textField(config, 'repo'))}` : owner;
  }

  // pullRequest: basicAuth or bearerToken (else anonymous); scmProvider: the user's app password (required).
  wantsCredentials(config: Record<string, unknown>): boolean {
    return bitbucketWantsCredentials(config) || isSet(config, 'appPasswordRef');
  }

  authorization(auth: ProviderAuth): string {
    return bearerOrBasic(auth);
  }

  async pullRequests(config: Record<string, unknown>, http: ProviderHttp): Promise<PullRequest[]> {
    const owner = textField(config, 'owner');
    const repo = textField(config, 'repo');
    const api = this.apiBase(config);
    const what = `Bitbucket Cloud pull requests of ${owner}/${repo}`;
    // Without a `state` query the resource answers open pull requests only.
    const url = `${api}/repositories/${pathOf(owner, repo)}/pullrequests/`;
    const pulls = await reading(what, () => bitbucketCloudList(http, api, url, PULL_REQUEST_PAGE_LENGTH, what));
    return pulls.map((pull) => ({
      number: Number(pull.id),
      title: text(pull, 'title'),
      branch: text(pull, 'source', 'branch', 'name'),
      targetBranch: text(pull, 'destination', 'branch', 'name'),
      // Bitbucket Cloud gives the source commit's short hash (12 characters) here; Argo CD passes it on as is.
      headSha: text(pull, 'source', 'commit', 'hash'),
      // Bitbucket Cloud has no pull request labels.
      labels: [],
      author: text(pull, 'author', 'nickname'),
    }));
  }

  repositories(config: Record<string, unknown>, http: ProviderHttp): ScmRepositories {
    return bitbucketCloudRepositories(config, this.apiBase(config), http);
  }
}

/** The adapter for bitbucket.org. */
export const bitbucketCloudAdapter = new BitbucketCloudAdapter();
