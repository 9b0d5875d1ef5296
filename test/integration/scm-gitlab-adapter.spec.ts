import { describe, expect, it } from 'vitest';
import { fakeProviderPerTest, scmSourceForTests } from '../support/scm-source-for-tests';

const TOKEN = 'glpat-s3cret';
const tokenRef = { secretName: 'gitlab-token', key: 'token' };

function mr(iid: number, source: string, labels: string[] = []) {
  return { iid, title: `MR ${iid}`, source_branch: source, target_branch: 'main', sha: `${iid}`.padEnd(40, 'b'), labels, author: { username: `dev${iid}` } };
}

function project(id: number, path: string, extra: Record<string, unknown> = {}) {
  return { id, path, namespace: { full_path: 'fleet/platform' }, default_branch: 'main', ssh_url_to_repo: `git@127.0.0.1:fleet/platform/${path}.git`, http_url_to_repo: `https://127.0.0.1/fleet/platform/${path}.git`, topics: ['team-a'], ...extra };
}

describe('GitLab adapter against a fake GitLab API on 127.0.0.1', () => {
  const provider = fakeProviderPerTest(TOKEN);

  it('lists merge requests of a project path over X-Next-Page pages, with labels and state passed to GitLab', async () => {
    provider.api.paginated('GET', '/api/v4/projects/fleet/platform/app/merge_requests', [mr(1, 'a', ['preview']), mr(2, 'b'), mr(3, 'c')], 'x-next-page', 2);
    const config = { project: 'fleet/platform/app', api: provider.api.origin, tokenRef, labels: ['preview', 'x'], pullRequestState: 'opened' };
    const pulls = await scmSourceForTests(provider.registered()).pullRequests({ kind: 'gitlab', config });
    expect(pulls.map((p) => [p.number, p.branch, p.targetBranch, p.headSha.slice(0, 2), p.author, p.labels])).toEqual([
      [1, 'a', 'main', '1b', 'dev1', ['preview']],
      [2, 'b', 'main', '2b', 'dev2', []],
      [3, 'c', 'main', '3b', 'dev3', []],
    ]);
    const requests = provider.api.requests();
    expect(requests.map((r) => r.path)).toEqual(['/api/v4/projects/fleet/platform/app/merge_requests', '/api/v4/projects/fleet/platform/app/merge_requests']);
    expect(requests.map((r) => new URLSearchParams(r.query).get('page'))).toEqual(['1', '2']);
    expect(new URLSearchParams(requests[0].query).get('labels')).toBe('preview,x');
    expect(new URLSearchParams(requests[0].query).get('state')).toBe('opened');
  });

  it('the project path is sent as one escaped segment, no state filter unless configured', async () => {
    provider.api.on('GET', '/api/v4/projects/fleet/platform/app/merge_requests', { body: [] });
    await scmSourceForTests(provider.registered()).pullRequests({ kind: 'gitlab', config: { project: 'fleet/platform/app', api: `${provider.api.origin}/api/v4`, tokenRef } });
    expect(provider.api.requests()[0].rawPath).toBe('/api/v4/projects/fleet%2Fplatform%2Fapp/merge_requests');
    expect(provider.api.requests()[0].query).toBe('per_page=100&page=1');
  });

  it('insecure and caRef fail clearly: certificates are always verified', async () => {
    const source = scmSourceForTests(provider.registered());
    await expect(source.pullRequests({ kind: 'gitlab', config: { project: 'p', api: provider.api.origin, insecure: true } })).rejects.toThrow(/"insecure: true" is not supported/);
    await expect(source.pullRequests({ kind: 'gitlab', config: { project: 'p', api: provider.api.origin, caRef: { configMapName: 'c', key: 'k' } } })).rejects.toThrow(/"caRef" is not supported/);
    expect(provider.api.requests()).toEqual([]);
  });

  it('the fake API down (closed port) is a safe error naming the provider', async () => {
    const closed = provider.api.origin;
    await provider.api.stop();
    const attempt = scmSourceForTests().pullRequests({ kind: 'gitlab', config: { project: 'p', api: closed } });
    await expect(attempt).rejects.toThrow(/^gitlab API http:\/\/127\.0\.0\.1:\d+: ECONNREFUSED$/);
  });

  describe('scmProvider', () => {
    const config = (extra: Record<string, unknown> = {}) => ({ group: 'fleet/platform', api: provider.api.origin, tokenRef, ...extra });

    it('lists group projects with subgroups, shared projects and topic options, then default branches and paths', async () => {
      provider.api.paginated('GET', '/api/v4/groups/fleet/platform/projects', [project(1, 'web'), project(2, 'api', { topics: [], tag_list: ['legacy-tag'] }), project(3, 'empty')], 'x-next-page', 2);
      provider.api.on('GET', '/api/v4/projects/1/repository/branches/main', { body: { name: 'main', commit: { id: 'c'.repeat(40) } } });
      provider.api.on('GET', '/api/v4/projects/fleet/platform/web', { body: { id: 1 } });
      provider.api.on('GET', '/api/v4/projects/1/repository/files/deploy/kustomization.yaml', { body: { file_name: 'kustomization.yaml' } });
      provider.api.on('GET', '/api/v4/projects/1/repository/tree', (request) => (request.query.get('path') === 'deploy' ? { body: [{ name: 'kustomization.yaml' }] } : { status: 404, body: { message: '404 Tree Not Found' } }));
      const source = scmSourceForTests(provider.registered()).repositories({ kind: 'gitlab', config: config({ includeSubgroups: true, topic: 'apps' }) });
      const listed = await source.list(undefined);
      expect(listed.map((r) => [r.organization, r.repository, r.url, r.labels, r.repositoryId])).toEqual([
        ['fleet/platform', 'web', 'git@127.0.0.1:fleet/platform/web.git', ['team-a'], 1],
        ['fleet/platform', 'api', 'git@127.0.0.1:fleet/platform/api.git', ['legacy-tag'], 2],
        ['fleet/platform', 'empty', 'git@127.0.0.1:fleet/platform/empty.git', ['team-a'], 3],
      ]);
      const query = new URLSearchParams(provider.api.requests()[0].query);
      expect([query.get('include_subgroups'), query.get('with_shared'), query.get('topic'), query.get('archived')]).toEqual(['true', 'true', 'apps', null]);
      expect(await source.branches(listed[0])).toEqual([{ ...listed[0], sha: 'c'.repeat(40) }]);
      expect(await source.branches(listed[2])).toEqual([]);
      expect(await source.hasPath(listed[0], 'deploy/kustomization.yaml')).toBe(true);
      expect(await source.hasPath(listed[0], 'deploy')).toBe(true);
      expect(await source.hasPath(listed[0], 'nothing')).toBe(false);
    });

    it('includeSharedProjects: false and includeArchivedRepos are passed on', async () => {
      provider.api.on('GET', '/api/v4/groups/fleet/platform/projects', { body: [] });
      await scmSourceForTests(provider.registered()).repositories({ kind: 'gitlab', config: config({ includeSharedProjects: false, includeArchivedRepos: true }) }).list('https');
      const query = new URLSearchParams(provider.api.requests()[0].query);
      expect([query.get('with_shared'), query.get('archived'), query.get('include_subgroups')]).toEqual(['false', 'true', 'false']);
    });

    it('allBranches pages through the branch list; a project without a repository has no branches', async () => {
      provider.api.paginated('GET', '/api/v4/projects/1/repository/branches', [{ name: 'main', commit: { id: '1' } }, { name: 'feature/x', commit: { id: '2' } }, { name: 'y', commit: { id: '3' } }], 'x-next-page', 2);
      const source = scmSourceForTests(provider.registered()).repositories({ kind: 'gitlab', config: config({ allBranches: true }) });
      const base = { organization: 'fleet/platform', repository: 'web', url: 'u', branch: 'main', sha: '', labels: [], repositoryId: 1 };
      expect((await source.branches(base)).map((r) => `${r.branch}@${r.sha}`)).toEqual(['main@1', 'feature/x@2', 'y@3']);
      expect(await source.branches({ ...base, repositoryId: 9 })).toEqual([]);
    });

    it('a 403 on the group names the provider and the status', async () => {
      provider.api.on('GET', '/api/v4/groups/fleet/platform/projects', { status: 403, body: { message: '403 Forbidden' } });
      await expect(scmSourceForTests(provider.registered()).repositories({ kind: 'gitlab', config: config() }).list(undefined)).rejects.toThrow(/^gitlab API http:\/\/127\.0\.0\.1:\d+ answered 403: 403 Forbidden$/);
    });
  });
});
