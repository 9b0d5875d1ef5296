import { afterEach, describe, expect, it } from 'vitest';
import { bitbucketServerAdapter } from '../../../src/scm-providers/bitbucket-server';
import { startFakeScm, testProviderHttp, type FakeScmApi, type FakeScmRequest } from '../../support/fake-scm-b';

const BASIC = { type: 'basic', username: 'bot', password: 'bb-s3cret-password' } as const;
const BASIC_HEADER = `Basic ${Buffer.from('bot:bb-s3cret-password').toString('base64')}`;
const REST = '/rest/api/1.0/projects/PROJ/repos';

/** Bitbucket Server's paging: `start`/`limit` query, `{values, isLastPage, nextPageStart}` body. */
function paged(items: unknown[], pageSize: number) {
  return ({ query }: FakeScmRequest) => {
    const start = Number(query.get('start') ?? '0');
    const isLastPage = start + pageSize >= items.length;
    return { body: { values: items.slice(start, start + pageSize), isLastPage, ...(isLastPage ? {} : { nextPageStart: start + pageSize }) } };
  };
}

function pull(id: number) {
  return {
    id,
    title: `Change ${id}`,
    fromRef: { id: `refs/heads/feature/${id}`, displayId: `feature/${id}`, latestCommit: `${id}`.padStart(40, 'f') },
    toRef: { id: 'refs/heads/main', displayId: 'main' },
    author: { user: { name: `dev${id}` } },
  };
}

function repo(id: number, name: string, slug = name) {
  return {
    id,
    name,
    slug,
    project: { key: 'PROJ' },
    links: {
      clone: [
        { name: 'ssh', href: `ssh://git@bb.test:7999/proj/${slug}.git` },
        { name: 'http', href: `https://bb.test/scm/proj/${slug}.git` },
      ],
    },
  };
}

describe('Bitbucket Server adapter', () => {
  let api: FakeScmApi;
  afterEach(async () => api?.stop());

  it('reads open pull requests over every page with Basic credentials', async () => {
    api = await startFakeScm(BASIC_HEADER);
    api.on('GET', `${REST}/app/pull-requests`, paged([pull(1), pull(2), pull(3)], 2));
    const config = { project: 'PROJ', repo: 'app', api: `${api.origin}/`, basicAuth: { username: 'bot', passwordRef: { secretName: 's', key: 'k' } } };

    expect(await bitbucketServerAdapter.pullRequests!(config, testProviderHttp(bitbucketServerAdapter, BASIC))).toEqual(
      [1, 2, 3].map((id) => ({ number: id, title: `Change ${id}`, branch: `feature/${id}`, targetBranch: 'main', headSha: pull(id).fromRef.latestCommit, labels: [], author: `dev${id}` })),
    );
    expect(api.seen).toEqual([`GET ${REST}/app/pull-requests?limit=100`, `GET ${REST}/app/pull-requests?limit=100&start=2`]);
  });

  it('sends a bearer token as Bearer, and fails safely on 401, 404 and 500', async () => {
    api = await startFakeScm('Bearer bb-token');
    api.on('GET', `${REST}/app/pull-requests`, paged([pull(7)], 100));
    api.on('GET', `${REST}/broken/pull-requests`, { status: 500, body: { errors: [{ message: 'boom' }] } });
    const config = { project: 'PROJ', repo: 'app', api: api.origin, bearerToken: { tokenRef: { secretName: 's', key: 'k' } } };
    const http = testProviderHttp(bitbucketServerAdapter, { type: 'token', token: 'bb-token' });

    expect((await bitbucketServerAdapter.pullRequests!(config, http)).map((p) => p.number)).toEqual([7]);
    const refused = await bitbucketServerAdapter.pullRequests!(config, testProviderHttp(bitbucketServerAdapter, BASIC)).catch((error: Error) => error);
    expect((refused as Error).message).toBe(`Bitbucket Server pull requests of PROJ/app: ${api.origin} answered 401: Unauthorized`);
    expect((refused as Error).message).not.toContain(BASIC.password);
    await expect(bitbucketServerAdapter.pullRequests!({ ...config, repo: 'gone' }, http)).rejects.toThrow(/PROJ\/gone: .* answered 404/);
    await expect(bitbucketServerAdapter.pullRequests!({ ...config, repo: 'broken' }, http)).rejects.toThrow(/PROJ\/broken: .* answered 500$/);
  });

  it('lists the project over every page at each default branch, skipping empty repositories, addressing them by slug', async () => {
    api = await startFakeScm(BASIC_HEADER);
    api.on('GET', REST, paged([repo(1, 'one'), repo(2, 'My Service', 'my-service'), repo(3, 'empty'), repo(4, 'fresh')], 3));
    api.on('GET', `${REST}/one/branches/default`, { body: { id: 'refs/heads/main', displayId: 'main', latestCommit: '1'.repeat(40) } });
    api.on('GET', `${REST}/my-service/branches/default`, { body: { id: 'refs/heads/trunk', displayId: 'trunk', latestCommit: '2'.repeat(40) } });
    api.on('GET', `${REST}/fresh/branches/default`, { status: 204 }); // newer servers: no content for an empty repository
    const http = testProviderHttp(bitbucketServerAdapter, BASIC);
    const source = bitbucketServerAdapter.repositories!({ project: 'PROJ', api: api.origin }, http);

    const listed = await source.list(undefined);
    expect(listed).toEqual([
      { organization: 'PROJ', repository: 'one', url: 'ssh://git@bb.test:7999/proj/one.git', branch: 'main', sha: '1'.repeat(40), labels: [], repositoryId: 1 },
      { organization: 'PROJ', repository: 'My Service', url: 'ssh://git@bb.test:7999/proj/my-service.git', branch: 'trunk', sha: '2'.repeat(40), labels: [], repositoryId: 2 },
    ]);
    expect(api.seen.slice(0, 1)).toEqual([`GET ${REST}?limit=100`]);
    expect((await source.list('https')).map((r) => r.url)).toEqual(['https://bb.test/scm/proj/one.git', 'https://bb.test/scm/proj/my-service.git']);
    await expect(source.list('ftp')).rejects.toThrow('unknown clone protocol for Bitbucket Server: ftp');

    // The default branch again without allBranches; with it, every branch over every page (by slug).
    expect(await source.branches(listed[1])).toEqual([listed[1]]);
    api.on('GET', `${REST}/my-service/branches`, paged([1, 2, 3].map((n) => ({ displayId: `b${n}`, latestCommit: `${n}`.repeat(40) })), 2));
    const all = await bitbucketServerAdapter.repositories!({ project: 'PROJ', api: api.origin, allBranches: true }, http).branches(listed[1]);
    expect(all.map((r) => [r.repository, r.branch, r.sha])).toEqual([1, 2, 3].map((n) => ['My Service', `b${n}`, `${n}`.repeat(40)]));
    expect(api.seen.filter((line) => line.includes('/my-service/branches?'))).toEqual([
      `GET ${REST}/my-service/branches?limit=100`,
      `GET ${REST}/my-service/branches?limit=100&start=2`,
    ]);
  });

  it('finds a path with the browse endpoint at the branch; 404 is false, 500 an error', async () => {
    api = await startFakeScm();
    api.on('GET', `${REST}/one/browse/deploy/app.yaml`, ({ query }) =>
      query.get('at') === 'main' && query.get('type') === 'true' ? { body: { type: 'FILE' } } : { status: 404 },
    );
    api.on('GET', `${REST}/one/browse/flaky`, { status: 500 });
    const source = bitbucketServerAdapter.repositories!({ project: 'PROJ', api: api.origin }, testProviderHttp(bitbucketServerAdapter));
    const repository = { organization: 'PROJ', repository: 'one', url: 'u', branch: 'main', sha: 's', labels: [], repositoryId: 1 };

    expect(await source.hasPath(repository, 'deploy/app.yaml')).toBe(true);
    expect(await source.hasPath({ ...repository, branch: 'dev' }, 'deploy/app.yaml')).toBe(false);
    expect(await source.hasPath(repository, 'missing')).toBe(false);
    await expect(source.hasPath(repository, 'flaky')).rejects.toThrow(`${api.origin} answered 500`);
  });

  it('names its API, credentials URL (the HTTPS clone path), credential need and header', () => {
    const basicAuth = { username: 'bot', passwordRef: { secretName: 's', key: 'k' } };
    expect(bitbucketServerAdapter.apiBase({ api: 'https://bb.test/' })).toBe('https://bb.test');
    expect(bitbucketServerAdapter.credentialsUrl({ project: 'PROJ', repo: 'app', api: 'https://bb.test/' })).toBe('https://bb.test/scm/PROJ/app');
    expect(bitbucketServerAdapter.credentialsUrl({ project: 'PROJ', api: 'https://bb.test' })).toBe('https://bb.test/scm/PROJ');
    expect(bitbucketServerAdapter.wantsCredentials({ basicAuth })).toBe(true);
    expect(bitbucketServerAdapter.wantsCredentials({ bearerToken: { tokenRef: { secretName: 's', key: 'k' } } })).toBe(true);
    expect(bitbucketServerAdapter.wantsCredentials({ project: 'PROJ' })).toBe(false);
    expect(bitbucketServerAdapter.authorization({ type: 'token', token: 't' })).toBe('Bearer t');
    expect(bitbucketServerAdapter.authorization(BASIC)).toBe(BASIC_HEADER);
  });
});
