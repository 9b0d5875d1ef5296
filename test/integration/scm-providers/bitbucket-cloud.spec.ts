import { afterEach, describe, expect, it } from 'vitest';
import { BitbucketCloudAdapter, bitbucketCloudAdapter } from '../../../src/scm-providers/bitbucket-cloud';
import { startFakeScm, testProviderHttp, type FakeScmApi, type FakeScmRequest } from '../../support/fake-scm-b';

const APP_PASSWORD = { type: 'basic', username: 'bot', password: 'bbc-app-password' } as const;
const BASIC_HEADER = `Basic ${Buffer.from('bot:bbc-app-password').toString('base64')}`;

/** Bitbucket Cloud's paging: `page`/`pagelen` query, `{values, next}` body with the next page's full URL. */
function paged(items: unknown[], pageSize: number, nextOrigin?: string) {
  return ({ query, origin, path }: FakeScmRequest) => {
    const page = Number(query.get('page') ?? '1');
    const more = page * pageSize < items.length;
    const next = new URL(`${nextOrigin ?? origin}${path}`);
    for (const [name, value] of query) next.searchParams.set(name, value);
    next.searchParams.set('page', String(page + 1));
    return { body: { values: items.slice((page - 1) * pageSize, page * pageSize), pagelen: pageSize, page, ...(more ? { next: next.toString() } : {}) } };
  };
}

function pull(id: number) {
  return {
    id,
    title: `Change ${id}`,
    source: { branch: { name: `feature-${id}` }, commit: { hash: `${id}`.padStart(12, 'b') } },
    destination: { branch: { name: 'main' } },
    author: { nickname: `dev${id}` },
  };
}

function repo(slug: string) {
  return {
    slug,
    uuid: `{${slug}-uuid}`,
    mainbranch: { name: 'main' },
    links: {
      clone: [
        { name: 'https', href: `https://bot@bitbucket.test/team/${slug}.git` },
        { name: 'ssh', href: `git@bitbucket.test:team/${slug}.git` },
      ],
    },
  };
}

describe('Bitbucket Cloud adapter', () => {
  let api: FakeScmApi;
  afterEach(async () => api?.stop());

  it('reads open pull requests following `next`, with a bearer token', async () => {
    api = await startFakeScm('Bearer bbc-token');
    api.on('GET', '/2.0/repositories/team/app/pullrequests/', paged([pull(1), pull(2), pull(3)], 2));
    const http = testProviderHttp(bitbucketCloudAdapter, { type: 'token', token: 'bbc-token' });
    const config = { owner: 'team', repo: 'app', api: `${api.origin}/2.0`, bearerToken: { tokenRef: { secretName: 's', key: 'k' } } };

    expect(await bitbucketCloudAdapter.pullRequests(config, http)).toEqual(
      [1, 2, 3].map((id) => ({ number: id, title: `Change ${id}`, branch: `feature-${id}`, targetBranch: 'main', headSha: pull(id).source.commit.hash, labels: [], author: `dev${id}` })),
    );
    expect(api.seen).toEqual(['GET /2.0/repositories/team/app/pullrequests/?pagelen=50', 'GET /2.0/repositories/team/app/pullrequests/?pagelen=50&page=2']);
  });

  it('refuses a next link to another host, and fails safely on 401, 404 and 500', async () => {
    api = await startFakeScm(BASIC_HEADER);
    api.on('GET', '/2.0/repositories/team/app/pullrequests/', paged([pull(1), pull(2)], 1, 'http://127.0.0.2:1'));
    api.on('GET', '/2.0/repositories/team/broken/pullrequests/', { status: 500, body: { type: 'error', error: { message: 'Something broke' } } });
    const config = { owner: 'team', repo: 'app', api: `${api.origin}/2.0` };
    const http = testProviderHttp(bitbucketCloudAdapter, APP_PASSWORD);

    await expect(bitbucketCloudAdapter.pullRequests(config, http)).rejects.toThrow("the provider's next-page link points to another host (127.0.0.2:1); not followed");
    expect(api.seen).toHaveLength(1);
    const refused = await bitbucketCloudAdapter.pullRequests(config, testProviderHttp(bitbucketCloudAdapter, { ...APP_PASSWORD, password: 'wrong' })).catch((e: Error) => e);
    expect((refused as Error).message).toBe(`Bitbucket Cloud pull requests of team/app: ${api.origin} answered 401: Unauthorized`);
    await expect(bitbucketCloudAdapter.pullRequests({ ...config, repo: 'gone' }, http)).rejects.toThrow(/team\/gone: .* answered 404/);
    const broken = await bitbucketCloudAdapter.pullRequests({ ...config, repo: 'broken' }, http).catch((e: Error) => e);
    expect((broken as Error).message).toBe(`Bitbucket Cloud pull requests of team/broken: ${api.origin} answered 500: Something broke`);
    expect((broken as Error).message).not.toContain(APP_PASSWORD.password);
  });

  it('lists the workspace repositories the user is a member of, by clone protocol, then their branches', async () => {
    api = await startFakeScm(BASIC_HEADER);
    const adapter = new BitbucketCloudAdapter(`${api.origin}/2.0`);
    api.on('GET', '/2.0/repositories/team', ({ query, ...rest }) =>
      query.get('role') === 'member' ? paged([repo('one'), repo('two'), repo('three')], 2)({ query, ...rest }) : { status: 400 },
    );
    api.on('GET', '/2.0/repositories/team/one/refs/branches/main', { body: { name: 'main', target: { hash: '1'.repeat(40) } } });
    api.on('GET', '/2.0/repositories/team/one/refs/branches', paged([1, 2, 3].map((n) => ({ name: `b${n}`, target: { hash: `${n}`.repeat(40) } })), 2));
    const http = testProviderHttp(adapter, APP_PASSWORD);
    const config = { owner: 'team', user: 'bot', appPasswordRef: { secretName: 's', key: 'k' } };
    const source = adapter.repositories(config, http);

    const listed = await source.list(undefined);
    expect(listed.map((r) => [r.organization, r.repository, r.url, r.branch, r.sha, r.repositoryId])).toEqual(
      ['one', 'two', 'three'].map((slug) => ['team', slug, `git@bitbucket.test:team/${slug}.git`, 'main', '', `{${slug}-uuid}`]),
    );
    expect((await source.list('https')).map((r) => r.url)[0]).toBe('https://bot@bitbucket.test/team/one.git');
    await expect(source.list('git')).rejects.toThrow('unknown clone protocol for Bitbucket Cloud: git (repository one)');

    expect(await source.branches(listed[0])).toEqual([{ ...listed[0], sha: '1'.repeat(40) }]);
    const all = await adapter.repositories({ ...config, allBranches: true }, http).branches(listed[0]);
    expect(all.map((r) => [r.branch, r.sha])).toEqual([1, 2, 3].map((n) => [`b${n}`, `${n}`.repeat(40)]));
    await expect(source.branches(listed[1])).rejects.toThrow(/Bitbucket Cloud branches of team\/two: .* answered 404/);
  });

  it('finds a path through src at the commit with format=meta; 404 is false, 500 an error', async () => {
    api = await startFakeScm();
    const adapter = new BitbucketCloudAdapter(`${api.origin}/2.0`);
    const sha = 'd'.repeat(40);
    api.on('GET', `/2.0/repositories/team/one/src/${sha}/deploy/app.yaml`, ({ query }) => (query.get('format') === 'meta' ? { body: { type: 'commit_file' } } : { status: 400 }));
    api.on('GET', '/2.0/repositories/team/one/src/main/deploy', { body: { type: 'commit_directory' } });
    api.on('GET', `/2.0/repositories/team/one/src/${sha}/flaky`, { status: 500 });
    const source = adapter.repositories({ owner: 'team' }, testProviderHttp(adapter));
    const repository = { organization: 'team', repository: 'one', url: 'u', branch: 'main', sha, labels: [], repositoryId: 'x' };

    expect(await source.hasPath(repository, 'deploy/app.yaml')).toBe(true);
    expect(await source.hasPath(repository, 'missing.yaml')).toBe(false);
    expect(await source.hasPath({ ...repository, sha: '' }, 'deploy')).toBe(true);
    await expect(source.hasPath(repository, 'flaky')).rejects.toThrow(`${api.origin} answered 500`);
  });

  it('names its API, credentials URL on bitbucket.org, credential need and header', () => {
    expect(bitbucketCloudAdapter.apiBase({ owner: 'team' })).toBe('https://api.bitbucket.org/2.0');
    expect(bitbucketCloudAdapter.credentialsUrl({ owner: 'team', repo: 'app' })).toBe('https://bitbucket.org/team/app');
    expect(bitbucketCloudAdapter.credentialsUrl({ owner: 'team', user: 'bot' })).toBe('https://bitbucket.org/team');
    expect(new BitbucketCloudAdapter('http://127.0.0.1:9/2.0').credentialsUrl({ owner: 'team' })).toBe('http://127.0.0.1:9/team');
    expect(bitbucketCloudAdapter.wantsCredentials({ owner: 't', appPasswordRef: { secretName: 's', key: 'k' } })).toBe(true);
    expect(bitbucketCloudAdapter.wantsCredentials({ owner: 't', basicAuth: { username: 'u', passwordRef: { secretName: 's', key: 'k' } } })).toBe(true);
    expect(bitbucketCloudAdapter.wantsCredentials({ owner: 't', repo: 'r' })).toBe(false);
    expect(bitbucketCloudAdapter.authorization({ type: 'token', token: 't' })).toBe('Bearer t');
    expect(bitbucketCloudAdapter.authorization(APP_PASSWORD)).toBe(BASIC_HEADER);
  });
});
