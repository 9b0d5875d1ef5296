import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProviderAdapter, ProviderAuth, ProviderHttp } from '../../src/scm-providers/provider-adapter';
import { MAX_CALLS_PER_RUN } from '../../src/scm-providers/provider-http';
import { startFakeProviderApi, type FakeProviderApi } from '../support/fake-provider-api';
import { scmSourceForTests } from '../support/scm-source-for-tests';

/** An adapter that lists `calls` pages of one pull request each from `<api>/pulls?page=N`. */
function pagingAdapter(calls: number): ProviderAdapter {
  return {
    pullRequestKey: 'bitbucketServer',
    apiBase: (config) => String(config.api),
    credentialsUrl: (config) => `${String(config.api)}/projects/${String(config.project)}`,
    wantsCredentials: (config) => config.basicAuth != null,
    authorization: (auth: ProviderAuth) => (auth.type === 'basic' ? `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}` : `Bearer ${auth.token}`),
    async pullRequests(config, http: ProviderHttp) {
      const found = [];
      for (let page = 1; page <= calls; page++) {
        const { body } = await http.getJson<{ n: number }>(`${String(config.api)}/pulls?page=${page}`);
        found.push({ number: body.n, title: '', branch: 'b', targetBranch: 'main', headSha: 'x', labels: [], author: '' });
      }
      return found;
    },
  };
}

describe('the hub ScmSource (generic side: adapter choice, credentials, errors, bounds)', () => {
  let api: FakeProviderApi;
  beforeEach(async () => {
    api = await startFakeProviderApi();
  });
  afterEach(async () => {
    await api.stop();
  });

  it('sends Basic credentials with the username the configuration names and the registered password', async () => {
    api.on('GET', '/pulls', { body: { n: 1 } });
    const registered = [{ url: `${api.origin.replace('http:', 'https:')}/projects`, password: 'app-password' }];
    const source = scmSourceForTests(registered, [pagingAdapter(1)]);
    const config = { api: api.origin, project: 'P', basicAuth: { username: 'builder', passwordRef: { secretName: 's', key: 'p' } } };
    expect((await source.pullRequests({ kind: 'bitbucketServer', config })).map((pull) => pull.number)).toEqual([1]);
    expect(api.requests()[0].authorization).toBe(`Basic ${Buffer.from('builder:app-password').toString('base64')}`);
  });

  it('a provider without an adapter fails clearly', async () => {
    await expect(scmSourceForTests([], [pagingAdapter(1)]).pullRequests({ kind: 'gitea', config: {} })).rejects.toThrow(
      'the gitea provider of the pullRequest generator is not supported yet',
    );
    expect(() => scmSourceForTests([], [pagingAdapter(1)]).repositories({ kind: 'bitbucketServer', config: {} })).not.toThrow();
    await expect(scmSourceForTests([], [pagingAdapter(1)]).repositories({ kind: 'bitbucketServer', config: {} }).list(undefined)).rejects.toThrow(
      'the bitbucketServer provider of the scmProvider generator is not supported yet',
    );
  });

  it(`stops after ${MAX_CALLS_PER_RUN} calls in one generator run`, async () => {
    api.on('GET', '/pulls', { body: { n: 1 } });
    const attempt = scmSourceForTests([], [pagingAdapter(MAX_CALLS_PER_RUN + 1)]).pullRequests({ kind: 'bitbucketServer', config: { api: api.origin } });
    await expect(attempt).rejects.toThrow(`bitbucketServer API: more than ${MAX_CALLS_PER_RUN} API calls for one generator; narrow it with filters`);
  }, 60_000);

  it('an answer that is not JSON, and an api URL with credentials in it, fail with safe messages', async () => {
    api.on('GET', '/pulls', { body: '<html>login</html>' });
    await expect(scmSourceForTests([], [pagingAdapter(1)]).pullRequests({ kind: 'bitbucketServer', config: { api: api.origin } })).rejects.toThrow(
      /bitbucketServer API http:\/\/127\.0\.0\.1:\d+: answered 200 with a body that is not JSON/,
    );
    const withPassword = api.origin.replace('http://', 'http://user:pw@');
    const error = await scmSourceForTests([], [pagingAdapter(1)])
      .pullRequests({ kind: 'bitbucketServer', config: { api: withPassword } })
      .catch((caught: Error) => caught);
    expect((error as Error).message).toMatch(/credentials in the URL are not sent/);
    expect((error as Error).message).not.toContain('pw');
  });
});
