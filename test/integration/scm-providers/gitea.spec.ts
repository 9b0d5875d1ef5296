import { afterEach, describe, expect, it } from 'vitest';
import { giteaAdapter } from '../../../src/scm-providers/gitea';
import { startFakeScm, testProviderHttp, type FakeScmApi, type FakeScmReply, type FakeScmRequest } from '../../support/fake-scm-b';

const TOKEN = 'gitea-s3cret-token';

function pull(number: number, labels: string[] = []) {
  return {
    number,
    title: `Change ${number}`,
    head: { ref: `feature-${number}`, sha: `${number}`.padStart(40, 'a') },
    base: { ref: 'main' },
    labels: labels.map((name) => ({ name })),
    user: { login: `dev${number}` },
  };
}

/** Gitea's paging: `page`/`limit` query, `Link: <…>; rel="next"` while more pages follow. */
function paged(items: unknown[], pageSize: number) {
  return ({ query, origin, path }: FakeScmRequest): FakeScmReply => {
    const page = Number(query.get('page'));
    const more = page * pageSize < items.length;
    return {
      body: items.slice((page - 1) * pageSize, page * pageSize),
      headers: more ? { link: `<${origin}${path}?page=${page + 1}>; rel="next"` } : {},
    };
  };
}

describe('Gitea adapter', () => {
  let api: FakeScmApi;
  afterEach(async () => api?.stop());

  it('reads open pull requests over every page with the token, keeping those with all wanted labels', async () => {
    api = await startFakeScm(`token ${TOKEN}`);
    api.on('GET', '/api/v1/repos/team/app/pulls', paged([pull(1, ['preview', 'x']), pull(2), pull(3, ['preview'])], 2));
    const http = testProviderHttp(giteaAdapter, { type: 'token', token: TOKEN });
    const config = { owner: 'team', repo: 'app', api: `${api.origin}/`, labels: ['preview'] };

    expect(await giteaAdapter.pullRequests!(config, http)).toEqual([
      { number: 1, title: 'Change 1', branch: 'feature-1', targetBranch: 'main', headSha: pull(1).head.sha, labels: ['preview', 'x'], author: 'dev1' },
      { number: 3, title: 'Change 3', branch: 'feature-3', targetBranch: 'main', headSha: pull(3).head.sha, labels: ['preview'], author: 'dev3' },
    ]);
    expect(api.seen).toEqual(['GET /api/v1/repos/team/app/pulls?state=open&page=1&limit=50', 'GET /api/v1/repos/team/app/pulls?state=open&page=2&limit=50']);
    expect(await giteaAdapter.pullRequests!({ ...config, labels: [] }, http)).toHaveLength(3);
  });

  it('fails with the status and no token for a missing repository, a refused token and a server error', async () => {
    api = await startFakeScm(`token ${TOKEN}`);
    api.on('GET', '/api/v1/repos/team/broken/pulls', { status: 500, body: { message: 'database is down' } });
    const config = { owner: 'team', repo: 'gone', api: api.origin };
    const good = testProviderHttp(giteaAdapter, { type: 'token', token: TOKEN });
    const bad = testProviderHttp(giteaAdapter, { type: 'token', token: 'wrong-token' });

    await expect(giteaAdapter.pullRequests!(config, good)).rejects.toThrow(`Gitea pull requests of team/gone: ${api.origin} answered 404: Not Found`);
    await expect(giteaAdapter.pullRequests!(config, bad)).rejects.toThrow(/answered 401: Unauthorized$/);
    const failure = await giteaAdapter.pullRequests!({ ...config, repo: 'broken' }, good).catch((error: Error) => error);
    expect((failure as Error).message).toBe(`Gitea pull requests of team/broken: ${api.origin} answered 500: database is down`);
    expect((failure as Error).message).not.toContain(TOKEN);
  });

  it('lists the organization over every page with each repository labels, by clone protocol, without archived ones when asked', async () => {
    api = await startFakeScm(`token ${TOKEN}`);
    const repo = (id: number, name: string, archived = false) => ({
      id,
      name,
      archived,
      default_branch: 'main',
      ssh_url: `git@gitea.test:team/${name}.git`,
      html_url: `https://gitea.test/team/${name}`,
    });
    api.on('GET', '/api/v1/orgs/team/repos', paged([repo(1, 'one'), repo(2, 'two', true), repo(3, 'three')], 2));
    api.on('GET', '/api/v1/repos/team/one/labels', paged([{ name: 'tier-1' }], 50));
    api.on('GET', '/api/v1/repos/team/two/labels', paged([], 50));
    api.on('GET', '/api/v1/repos/team/three/labels', paged([], 50));
    const http = testProviderHttp(giteaAdapter, { type: 'token', token: TOKEN });
    const config = { owner: 'team', api: api.origin };

    const listed = await giteaAdapter.repositories!(config, http).list(undefined);
    expect(listed.map((r) => [r.repository, r.url, r.branch, r.labels, r.repositoryId])).toEqual([
      ['one', 'git@gitea.test:team/one.git', 'main', ['tier-1'], 1],
      ['two', 'git@gitea.test:team/two.git', 'main', [], 2],
      ['three', 'git@gitea.test:team/three.git', 'main', [], 3],
    ]);
    expect(listed[0]).toMatchObject({ organization: 'team', sha: '' });
    const https = await giteaAdapter.repositories!({ ...config, excludeArchivedRepos: true }, http).list('https');
    expect(https.map((r) => r.url)).toEqual(['https://gitea.test/team/one', 'https://gitea.test/team/three']);
    await expect(giteaAdapter.repositories!(config, http).list('git')).rejects.toThrow('unknown clone protocol for Gitea: git');
  });

  it('answers the default branch with its commit, or every branch over every page with allBranches', async () => {
    api = await startFakeScm();
    api.on('GET', '/api/v1/repos/team/one/branches/release%2F1', { body: { name: 'release/1', commit: { id: 'c'.repeat(40) } } });
    api.on('GET', '/api/v1/repos/team/one/branches', paged([1, 2, 3].map((n) => ({ name: `b${n}`, commit: { id: `${n}`.repeat(40) } })), 2));
    const http = testProviderHttp(giteaAdapter);
    const repository = { organization: 'team', repository: 'one', url: 'u', branch: 'release/1', sha: '', labels: ['l'], repositoryId: 1 };

    expect(await giteaAdapter.repositories!({ owner: 'team', api: api.origin }, http).branches(repository)).toEqual([{ ...repository, sha: 'c'.repeat(40) }]);
    const all = await giteaAdapter.repositories!({ owner: 'team', api: api.origin, allBranches: true }, http).branches(repository);
    expect(all.map((r) => [r.branch, r.sha, r.labels])).toEqual([
      ['b1', '1'.repeat(40), ['l']],
      ['b2', '2'.repeat(40), ['l']],
      ['b3', '3'.repeat(40), ['l']],
    ]);
    await expect(giteaAdapter.repositories!({ owner: 'team', api: api.origin }, http).branches({ ...repository, branch: 'gone' })).rejects.toThrow(
      'Gitea default branch "gone" of team/one: not found (404) - check your repo config',
    );
  });

  it('finds files and directories through the contents endpoint at the branch; 404 is false, 500 an error', async () => {
    api = await startFakeScm();
    api.on('GET', '/api/v1/repos/team/one/contents/deploy/values.yaml', ({ query }) => (query.get('ref') === 'main' ? { body: { type: 'file' } } : { status: 404 }));
    api.on('GET', '/api/v1/repos/team/one/contents/deploy', { body: [{ type: 'file' }] });
    api.on('GET', '/api/v1/repos/team/one/contents/flaky', { status: 500, body: 'oops' });
    const source = giteaAdapter.repositories!({ owner: 'team', api: api.origin }, testProviderHttp(giteaAdapter));
    const repository = { organization: 'team', repository: 'one', url: 'u', branch: 'main', sha: 's', labels: [], repositoryId: 1 };

    expect(await source.hasPath(repository, 'deploy/values.yaml')).toBe(true);
    expect(await source.hasPath(repository, 'deploy')).toBe(true);
    expect(await source.hasPath(repository, 'missing.yaml')).toBe(false);
    expect(await source.hasPath({ ...repository, branch: 'dev' }, 'deploy/values.yaml')).toBe(false);
    await expect(source.hasPath(repository, 'flaky')).rejects.toThrow(`Gitea contents of team/one: ${api.origin} answered 500`);
  });

  it('names its API, credentials URL, credential need and header', () => {
    expect(giteaAdapter.apiBase({ owner: 'o' })).toBe('https://gitea.com');
    expect(giteaAdapter.apiBase({ api: 'https://git.test/gitea/' })).toBe('https://git.test/gitea');
    expect(giteaAdapter.credentialsUrl({ owner: 'team', repo: 'app', api: 'https://git.test/' })).toBe('https://git.test/team/app');
    expect(giteaAdapter.credentialsUrl({ owner: 'team', api: 'https://git.test' })).toBe('https://git.test/team');
    expect(giteaAdapter.wantsCredentials({ owner: 'o', tokenRef: { secretName: 's', key: 'k' } })).toBe(true);
    expect(giteaAdapter.wantsCredentials({ owner: 'o' })).toBe(false);
    expect(giteaAdapter.authorization({ type: 'token', token: 't' })).toBe('token t');
    expect(giteaAdapter.authorization({ type: 'basic', username: 'u', password: 'p' })).toBe(`Basic ${Buffer.from('u:p').toString('base64')}`);
  });
});
