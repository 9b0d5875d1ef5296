import { afterEach, beforeEach } from 'vitest';
import type { GitRemotesService } from '../../src/git-remotes/git-remotes.service';
import { GuardedHttpClient } from '../../src/outbound-http';
import { startFakeProviderApi, type FakeProviderApi } from './fake-provider-api';
import { PROVIDER_ADAPTERS } from '../../src/scm-providers/adapters';
import { HubScmSource } from '../../src/scm-providers/hub-scm-source';
import type { ProviderAdapter } from '../../src/scm-providers/provider-adapter';

export interface RegisteredCredentials {
  /** The registered repository URL (normalized form: https://host/path, no .git). */
  url: string;
  username?: string;
  password: string;
}

/**
 * The hub's ScmSource over the real guarded HTTP client and adapters, with the repository registry replaced by fixed
 * credentials matched by longest URL prefix (the registry's own matching is tested through the hub).
 */
export function scmSourceForTests(registered: RegisteredCredentials[] = [], adapters: readonly ProviderAdapter[] = PROVIDER_ADAPTERS): HubScmSource {
  const registry = {
    httpsCredentialsByPrefix(url: string) {
      const wanted = url.replace(/^http:/, 'https:').replace(/\/+$/, '');
      const match = registered
        .filter((entry) => wanted === entry.url || wanted.startsWith(`${entry.url.replace(/\/+$/, '')}/`))
        .sort((a, b) => b.url.length - a.url.length)[0];
      return Promise.resolve(match ? { registeredUrl: match.url, username: match.username ?? 'git', password: match.password } : undefined);
    },
  } as unknown as GitRemotesService;
  return new HubScmSource(new GuardedHttpClient(), registry, adapters);
}

/**
 * A fresh fake provider API for each test of the enclosing suite, answering only `Bearer <token>`, and the
 * registry entry that gives the hub that token for it.
 */
export function fakeProviderPerTest(token: string): { readonly api: FakeProviderApi; registered(): RegisteredCredentials[] } {
  let current: FakeProviderApi | undefined;
  beforeEach(async () => {
    current = await startFakeProviderApi({ authorization: `Bearer ${token}` });
  });
  afterEach(async () => {
    await current?.stop();
    current = undefined;
  });
  return {
    get api() {
      if (!current) throw new Error('the fake provider API runs only inside a test');
      return current;
    },
    registered: () => [{ url: `${current!.origin.replace('http:', 'https:')}/fleet`, password: token }],
  };
}
