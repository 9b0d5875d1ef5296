import { describe, expect, it } from 'vitest';
import { ScmRepositoryNotFoundError } from '../../src/applicationsets/engine';
import { fakeProviderPerTest, scmSourceForTests } from '../support/scm-source-for-tests';

const TOKEN = 'ghp_s3cret-token';
const tokenRef = { secretName: 'github-token', key: 'token' };

function pull(number: number, branch: string, labels: string[] = []) {
  return { number, title: `PR ${number}`, head: { ref: branch, sha: `${number}`.padEnd(40, 'a') }, base: { ref: 'main' }, labels: labels.map((name) => ({ name })), user: { login: `dev${number}` } };
}

function repo(id: number, name: string, extra: Record<string, unknown> = {}) {
  return { id, name, owner: { login: 'fleet' }, default_branch: 'main', ssh_url: `git@127.0.0.1:fleet/${name}.git`, clone_url: `https://127.0.0.1/fleet/${name}.git`, topics: ['team-a'], ...extra };
}

describe('GitHub adapter against a fake GitHub API on 127.0.0.1', () => {
  const provider = fakeProviderPerTest(TOKEN);

  it('lists open pull requests through every Link page, with the registered token, under /api/v3', async () => {
    provider.api.paginated('GET', '/api/v3/repos/fleet/app/pulls', [pull(1, 'a'), pull(2, 'b', ['preview']), pull(3, 'c')], 'link', 2);
    const pulls = await scmSourceForTests(provider.registered()).pullRequests({ kind: 'github', config: { owner: 'fleet', repo: 'app', api: provider.api.origin, tokenRef } });
    expect(pulls.map((p) => [p.number, p.branch, p.targetBranch, p.author, p.labels])).toEqual([
      [1, 'a', 'main', 'dev1', []],
      [2, 'b', 'main', 'dev2', ['preview']],
      [3, 'c', 'main', 'dev3', []],
    ]);
    expect(pulls[0].headSha).toBe('1'.padEnd(40, 'a'));
    expect(provider.api.requests().map((r) => r.query)).toEqual(['per_page=100&page=1', 'per_page=100&page=2']);
  });

  it('keeps only pull requests carrying every configured label', async () => {
    provider.api.on('GET', '/api/v3/repos/fleet/app/pulls', { body: [pull(1, 'a', ['x']), pull(2, 'b', ['preview', 'x']), pull(3, 'c', ['preview'])] });
    const pulls = await scmSourceForTests(provider.registered()).pullRequests({ kind: 'github', config: { owner: 'fleet', repo: 'app', api: provider.api.origin, tokenRef, labels: ['preview', 'x'] } });
    expect(pulls.map((p) => p.number)).toEqual([2]);
  });

  it('an api URL already ending in /api/v3 is used as is', async () => {
    provider.api.on('GET', '/api/v3/repos/fleet/app/pulls', { body: [] });
    await expect(scmSourceForTests(provider.registered()).pullRequests({ kind: 'github', config: { owner: 'fleet', repo: 'app', api: `${provider.api.origin}/api/v3/`, tokenRef } })).resolves.toEqual([]);
  });

  it('fails closed when tokenRef asks for credentials and none are registered for the repository', async () => {
    const attempt = scmSourceForTests([{ url: 'https://127.0.0.1:1/other', password: TOKEN }]).pullRequests({ kind: 'github', config: { owner: 'fleet', repo: 'app', api: provider.api.origin, tokenRef } });
    await expect(attempt).rejects.toThrow(/asks for credentials, but no repository .* is registered for http:\/\/127\.0\.0\.1:\d+\/fleet\/app or a prefix of it; register one/);
    expect(provider.api.requests()).toEqual([]);
  });

  it('sends no credentials without tokenRef (public access), and a 401 names the provider without the token', async () => {
    provider.api.on('GET', '/api/v3/repos/fleet/app/pulls', { body: [] });
    const attempt = scmSourceForTests(provider.registered()).pullRequests({ kind: 'github', config: { owner: 'fleet', repo: 'app', api: provider.api.origin } });
    await expect(attempt).rejects.toThrow(/^github API http:\/\/127\.0\.0\.1:\d+ answered 401: Bad credentials$/);
    expect(provider.api.requests()[0].authorization).toBeUndefined();
  });

  it('a missing repository is ScmRepositoryNotFoundError; a 500 is a plain safe error that never echoes the token', async () => {
    const source = scmSourceForTests(provider.registered());
    const config = { owner: 'fleet', repo: 'gone', api: provider.api.origin, tokenRef };
    await expect(source.pullRequests({ kind: 'github', config })).rejects.toBeInstanceOf(ScmRepositoryNotFoundError);
    provider.api.on('GET', '/api/v3/repos/fleet/gone/pulls', { status: 500, body: { message: `boom ${TOKEN}` } });
    const error = await source.pullRequests({ kind: 'github', config }).catch((caught: Error) => caught);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/answered 500: boom \*\*\*/);
    expect((error as Error).message).not.toContain(TOKEN);
  });

  it('appSecretName (GitHub App) fails clearly as not supported', async () => {
    await expect(scmSourceForTests().pullRequests({ kind: 'github', config: { owner: 'fleet', repo: 'app', api: provider.api.origin, appSecretName: 'app' } })).rejects.toThrow(/GitHub App authentication \(appSecretName\) is not supported/);
  });

  it('a next link to another host is never followed: only its page number is read', async () => {
    provider.api.on('GET', '/api/v3/repos/fleet/app/pulls', (request) =>
      request.query.get('page') === '1'
        ? { body: [pull(1, 'a')], headers: { Link: '<http://localhost:1/steal?page=2>; rel="next"' } }
        : { body: [pull(2, 'b')] },
    );
    const pulls = await scmSourceForTests(provider.registered()).pullRequests({ kind: 'github', config: { owner: 'fleet', repo: 'app', api: provider.api.origin, tokenRef } });
    expect(pulls.map((p) => p.number)).toEqual([1, 2]);
    expect(provider.api.requests()).toHaveLength(2);
  });

  describe('scmProvider', () => {
    const config = () => ({ organization: 'fleet', api: provider.api.origin, tokenRef });

    it('lists repositories over pages, reads the default branch, checks paths (404 = missing)', async () => {
      provider.api.paginated('GET', '/api/v3/orgs/fleet/repos', [repo(1, 'web'), repo(2, 'old', { archived: true }), repo(3, 'api', { topics: null })], 'link', 2);
      provider.api.on('GET', '/api/v3/repos/fleet/web/branches/main', { body: { name: 'main', commit: { sha: 'w'.repeat(40) } } });
      provider.api.on('GET', '/api/v3/repos/fleet/web/contents/deploy/base', (request) => (request.query.get('ref') === 'main' ? { body: [] } : { status: 404, body: {} }));
      const source = scmSourceForTests(provider.registered()).repositories({ kind: 'github', config: { ...config(), excludeArchivedRepos: true } });
      const listed = await source.list('https');
      expect(listed.map((r) => [r.organization, r.repository, r.url, r.branch, r.labels, r.repositoryId])).toEqual([
        ['fleet', 'web', 'https://127.0.0.1/fleet/web.git', 'main', ['team-a'], 1],
        ['fleet', 'api', 'https://127.0.0.1/fleet/api.git', 'main', [], 3],
      ]);
      expect(await source.branches(listed[0])).toEqual([{ ...listed[0], sha: 'w'.repeat(40) }]);
      // The default branch of an empty repository does not exist: no branch, not an error.
      expect(await source.branches(listed[1])).toEqual([]);
      expect(await source.hasPath(listed[0], 'deploy/base')).toBe(true);
      expect(await source.hasPath(listed[0], 'nothing')).toBe(false);
      expect((await source.list(undefined))[0].url).toBe('git@127.0.0.1:fleet/web.git');
    });

    it('allBranches lists every branch over pages, branch names escaped', async () => {
      provider.api.paginated('GET', '/api/v3/repos/fleet/web/branches', [{ name: 'main', commit: { sha: '1' } }, { name: 'release/1.0', commit: { sha: '2' } }, { name: 'x', commit: { sha: '3' } }], 'link', 2);
      const source = scmSourceForTests(provider.registered()).repositories({ kind: 'github', config: { ...config(), allBranches: true } });
      const base = { organization: 'fleet', repository: 'web', url: 'u', branch: 'main', sha: '', labels: [], repositoryId: 1 };
      expect((await source.branches(base)).map((r) => `${r.branch}@${r.sha}`)).toEqual(['main@1', 'release/1.0@2', 'x@3']);
    });

    it('an unknown clone protocol fails', async () => {
      const source = scmSourceForTests(provider.registered()).repositories({ kind: 'github', config: config() });
      await expect(source.list('git')).rejects.toThrow(/unknown clone protocol for GitHub git/);
    });
  });
});
