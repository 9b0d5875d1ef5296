import { DomainError } from '../common/errors/domain-error';
import { GitRemotesService } from '../git-remotes/git-remotes.service';
import { GuardedHttpClient } from '../outbound-http';
import type { PullRequest, ScmProviderRef, ScmRepositories, ScmRepository, ScmSource } from '../applicationsets/engine';
import type { ProviderAdapter, ProviderAuth, ProviderHttp } from './provider-adapter';
import { GuardedProviderHttp } from './provider-http';

type Generator = 'pullRequest' | 'scmProvider';

/**
 * The hub's ScmSource: picks the adapter by the provider block's key, resolves credentials from the repository
 * registry, and gives the adapter a ProviderHttp over the guarded outbound client. Credentials are the token or
 * password of the registered repository whose URL is the adapter's credentialsUrl or its longest registered prefix;
 * a configuration that asks for credentials (tokenRef, …) when none are registered fails closed. Built by
 * ScmProvidersModule with PROVIDER_ADAPTERS (tests pass their own list).
 */
export class HubScmSource implements ScmSource {
  constructor(
    private readonly client: GuardedHttpClient,
    private readonly registry: GitRemotesService,
    private readonly adapters: readonly ProviderAdapter[],
  ) {}

  async pullRequests(provider: ScmProviderRef): Promise<PullRequest[]> {
    const adapter = this.adapterFor('pullRequest', provider.kind);
    const http = await this.httpFor(adapter, provider);
    return adapter.pullRequests!(provider.config, http);
  }

  repositories(provider: ScmProviderRef): ScmRepositories {
    // Resolved on first use and shared by the list, branch and path calls of one generator run.
    let opened: Promise<ScmRepositories> | undefined;
    const open = () => {
      opened ??= (async () => {
        const adapter = this.adapterFor('scmProvider', provider.kind);
        return adapter.repositories!(provider.config, await this.httpFor(adapter, provider));
      })();
      return opened;
    };
    return {
      list: async (cloneProtocol: string | undefined) => (await open()).list(cloneProtocol),
      hasPath: async (repository: ScmRepository, path: string) => (await open()).hasPath(repository, path),
      branches: async (repository: ScmRepository) => (await open()).branches(repository),
    };
  }

  private adapterFor(generator: Generator, kind: string): ProviderAdapter {
    const adapter = this.adapters.find((candidate) =>
      generator === 'pullRequest' ? candidate.pullRequestKey === kind && candidate.pullRequests : candidate.scmProviderKey === kind && candidate.repositories,
    );
    if (!adapter) throw new Error(`the ${kind} provider of the ${generator} generator is not supported yet`);
    return adapter;
  }

  private async httpFor(adapter: ProviderAdapter, provider: ScmProviderRef): Promise<ProviderHttp> {
    const name = `${provider.kind} API`;
    refuseTlsOptions(provider);
    if (!adapter.wantsCredentials(provider.config)) return new GuardedProviderHttp(this.client, name, undefined, []);
    const credentialsUrl = adapter.credentialsUrl(provider.config);
    let found: Awaited<ReturnType<GitRemotesService['httpsCredentialsByPrefix']>>;
    try {
      found = await this.registry.httpsCredentialsByPrefix(credentialsUrl);
    } catch (error) {
      if (error instanceof DomainError) throw new Error(`${name}: ${error.message}`, { cause: error });
      throw error;
    }
    if (!found) {
      throw new Error(
        `${name}: the configuration asks for credentials, but no repository with a token or password is registered for ` +
          `${credentialsUrl} or a prefix of it; register one (POST /api/v1/repositories) with its token`,
      );
    }
    const auth = authFor(provider.config, found);
    const secrets = auth.type === 'token' ? [auth.token] : [auth.password, Buffer.from(`${auth.username}:${auth.password}`).toString('base64')];
    return new GuardedProviderHttp(this.client, name, adapter.authorization(auth), secrets);
  }
}

/**
 * Basic authentication where the configuration names a user (Bitbucket's basicAuth.username, its scmProvider `user`),
 * with the registered password, as Argo CD pairs that user with the referenced secret; a token everywhere else.
 */
function authFor(config: Record<string, unknown>, found: { password: string }): ProviderAuth {
  const basicAuth = config.basicAuth as { username?: unknown } | null | undefined;
  const username = typeof basicAuth?.username === 'string' ? basicAuth.username : typeof config.user === 'string' ? config.user : undefined;
  return username !== undefined ? { type: 'basic', username, password: found.password } : { type: 'token', token: found.password };
}

// The outbound client verifies certificates against Node's trust store (NODE_EXTRA_CA_CERTS adds a private CA); it
// never skips verification, and a CA from a ConfigMap has no home in the hub.
function refuseTlsOptions(provider: ScmProviderRef): void {
  if (provider.config.insecure === true) {
    throw new Error(`${provider.kind} API: "insecure: true" is not supported; the hub always verifies the provider's certificate (add a private CA with NODE_EXTRA_CA_CERTS)`);
  }
  if (provider.config.caRef !== undefined && provider.config.caRef !== null) {
    throw new Error(`${provider.kind} API: "caRef" is not supported; add the provider's CA to the hub with NODE_EXTRA_CA_CERTS`);
  }
}
