import type { PullRequest, ScmRepositories } from '../applicationsets/engine';

/** Resolved credentials for one provider call: never logged, never in an error message. */
export type ProviderAuth = { type: 'token'; token: string } | { type: 'basic'; username: string; password: string };

/** What an adapter calls its provider's API with (the hub's guarded HTTP client, with the auth header set). */
export interface ProviderHttp {
  /**
   * GETs `url` and parses the JSON body. A non-2xx answer rejects with a safe message naming the status (and the
   * provider's own error text when it is short); `headers` of the answer are returned for pagination.
   */
  getJson<T>(url: string): Promise<{ body: T; headers: Headers }>;
  /** As getJson, but a 404 resolves to undefined (path-exists checks). */
  getJsonOrMissing<T>(url: string): Promise<{ body: T; headers: Headers } | undefined>;
}

/**
 * One SCM provider (GitHub, GitLab, Gitea, Bitbucket Server, Bitbucket Cloud, Azure DevOps): how its generator
 * configuration maps to API calls. `config` is the provider block as written in the manifest (validated by the
 * generator's schema); `http` already carries the credentials.
 */
export interface ProviderAdapter {
  /** The manifest keys this adapter serves, in the pullRequest and in the scmProvider generator. */
  readonly pullRequestKey?: string;
  readonly scmProviderKey?: string;
  /** The API base URL the configuration names (its `api` field, or the provider's public API). */
  apiBase(config: Record<string, unknown>): string;
  /**
   * The web URL whose registered repository credentials authenticate this configuration (a repository's URL for a
   * pull request generator, an organization's for an scmProvider one); looked up by URL prefix.
   */
  credentialsUrl(config: Record<string, unknown>): string;
  /** Whether the configuration asks for credentials (a tokenRef, passwordRef, appPasswordRef or bearerToken). */
  wantsCredentials(config: Record<string, unknown>): boolean;
  /** How the credentials are sent (Authorization header value). */
  authorization(auth: ProviderAuth): string;
  pullRequests?(config: Record<string, unknown>, http: ProviderHttp): Promise<PullRequest[]>;
  repositories?(config: Record<string, unknown>, http: ProviderHttp): ScmRepositories;
}
