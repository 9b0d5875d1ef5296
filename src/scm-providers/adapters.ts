import { azureDevOpsAdapter } from './azure-devops';
import { bitbucketCloudAdapter } from './bitbucket-cloud';
import { bitbucketServerAdapter } from './bitbucket-server';
import { giteaAdapter } from './gitea';
import { GitHubAdapter } from './github';
import { GitLabAdapter } from './gitlab';
import type { ProviderAdapter } from './provider-adapter';

/** Every provider adapter the hub knows; the ScmSource picks one by the generator's provider key. */
export const PROVIDER_ADAPTERS: readonly ProviderAdapter[] = [
  new GitHubAdapter(),
  new GitLabAdapter(),
  giteaAdapter,
  bitbucketServerAdapter,
  bitbucketCloudAdapter,
  azureDevOpsAdapter,
];
