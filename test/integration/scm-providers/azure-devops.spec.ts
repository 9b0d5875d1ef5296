import { afterEach, describe, expect, it } from 'vitest';
import { azureDevOpsAdapter } from '../../../src/scm-providers/azure-devops';
import { startFakeScm, testProviderHttp, type FakeScmApi, type FakeScmReply, type FakeScmRequest } from '../../support/fake-scm-b';

const PAT = 'azure-pat-s3cret';
const PAT_HEADER = `Basic ${Buffer.from(`:${PAT}`).toString('base64')}`;
const GIT = '/org/My%20Project/_apis/git';

function pull(id: number, overrides: Record<string, unknown> = {}) {
  return {
    pullRequestId: id,
    title: `Change ${id}`,
    repository: { name: 'app' },
    sourceRefName: `refs/heads/feature/${id}`,
    targetRefName: 'refs/heads/main',
    lastMergeSourceCommit: { commitId: `${id}`.padStart(40, 'e') },
    labels: [{ name: 'preview' }],
    createdBy: { uniqueName: `dev${id}@corp.test` },
    ...overrides,
  };
}

/** Azure DevOps pull request paging: `$top`/`$skip` query, `{value, count}` body. */
function skipPaged(items: unknown[]) {
  return ({ query }: FakeScmRequest): FakeScmReply => {
    const [top, skip] = [Number(query.get('$top')), Number(query.get('$skip'))];
    const value = items.slice(skip, skip + top);
    return { body: { value, count: value.length } };
  };
}

/** Azure DevOps list paging: `x-ms-continuationtoken` header, sent back as `continuationToken`. */
function tokenPaged(items: unknown[], pageSize: number) {
  return ({ query }: FakeScmRequest): FakeScmReply => {
    const start = Number(query.get('continuationToken') ?? '0');
    const value = items.slice(start, start + pageSize);
    const more = start + pageSize < items.length;
    return { body: { value, count: value.length }, headers: more ? { 'x-ms-continuationtoken': String(start + pageSize) } : {} };
  };
}

describe('Azure DevOps adapter', () => {
  let api: FakeScmApi;
  afterEach(async () => api?.stop());

  it("reads the project's active pull requests page by page with the PAT as Basic, keeping the repository's and the wanted labels", async () => {
    api = await startFakeScm(PAT_HEADER);
    const pulls = Array.from({ length: 150 }, (_, i) => pull(i + 1));
    pulls[4] = pull(5, { repository: { name: 'other' } });
    pulls[5] = pull(6, { labels: [] });
    pulls[6] = pull(7, { lastMergeSourceCommit: undefined }); // Argo CD skips incomplete entries
    pulls[120] = pull(121, { labels: [{ name: 'preview' }, { name: 'big' }] });
    api.on('GET', `${GIT}/pullrequests`, skipPaged(pulls));
    const http = testProviderHttp(azureDevOpsAdapter, { type: 'token', token: PAT });
    const config = { organization: 'org', project: 'My Project', repo: 'app', api: `${api.origin}/`, labels: ['preview'] };

    const found = await azureDevOpsAdapter.pullRequests!(config, http);
    expect(found).toHaveLength(147);
    expect(found[0]).toEqual({ number: 1, title: 'Change 1', branch: 'feature/1', targetBranch: 'main', headSha: pull(1).lastMergeSourceCommit.commitId, labels: ['preview'], author: 'dev1' });
    expect(found.find((p) => p.number === 121)?.labels).toEqual(['preview', 'big']);
    expect(found.map((p) => p.number)).not.toContain(5);
    expect(found.map((p) => p.number)).not.toContain(6);
    expect(found.map((p) => p.number)).not.toContain(7);
    expect(api.seen).toEqual([
      `GET ${GIT}/pullrequests?api-version=7.1&$top=100&$skip=0`,
      `GET ${GIT}/pullrequests?api-version=7.1&$top=100&$skip=100`,
    ]);
    expect(await azureDevOpsAdapter.pullRequests!({ ...config, labels: ['big'] }, http)).toHaveLength(1);
  });

  it('fails safely on a refused PAT, a missing project and a server error', async () => {
    api = await startFakeScm(PAT_HEADER);
    api.on('GET', '/org/broken/_apis/git/pullrequests', { status: 500, body: { message: 'TF400898: An Internal Error Occurred.', typeKey: 'X' } });
    const config = { organization: 'org', project: 'gone', repo: 'app', api: api.origin };
    const http = testProviderHttp(azureDevOpsAdapter, { type: 'token', token: PAT });

    const refused = await azureDevOpsAdapter.pullRequests!(config, testProviderHttp(azureDevOpsAdapter, { type: 'token', token: 'stale' })).catch((e: Error) => e);
    expect((refused as Error).message).toBe(`Azure DevOps pull requests of gone/app: ${api.origin} answered 401: Unauthorized`);
    await expect(azureDevOpsAdapter.pullRequests!(config, http)).rejects.toThrow(/gone\/app: .* answered 404/);
    const broken = await azureDevOpsAdapter.pullRequests!({ ...config, project: 'broken' }, http).catch((e: Error) => e);
    expect((broken as Error).message).toBe(`Azure DevOps pull requests of broken/app: ${api.origin} answered 500: TF400898: An Internal Error Occurred.`);
    expect((broken as Error).message).not.toContain(PAT);
  });

  it('lists the team project repositories over continuation pages, then their default or every branch', async () => {
    api = await startFakeScm(PAT_HEADER);
    const repo = (name: string, defaultBranch?: string) => ({ id: `${name}-guid`, name, defaultBranch, remoteUrl: `https://org@dev.azure.test/org/My%20Project/_git/${name}` });
    api.on('GET', `${GIT}/repositories`, tokenPaged([repo('one', 'refs/heads/main'), repo('empty'), repo('two', 'refs/heads/trunk')], 2));
    api.on('GET', `${GIT}/repositories/one/stats/branches`, ({ query }) =>
      query.get('name') === 'main' ? { body: { name: 'main', commit: { commitId: '1'.repeat(40) } } } : tokenPaged([1, 2, 3].map((n) => ({ name: `b${n}`, commit: { commitId: `${n}`.repeat(40) } })), 2)({ query, path: '', origin: '' }),
    );
    const http = testProviderHttp(azureDevOpsAdapter, { type: 'token', token: PAT });
    const config = { organization: 'org', teamProject: 'My Project', api: api.origin, accessTokenRef: { secretName: 's', key: 'k' } };
    const source = azureDevOpsAdapter.repositories!(config, http);

    const listed = await source.list('ssh');
    expect(listed).toEqual([
      { organization: 'org', repository: 'one', url: repo('one').remoteUrl, branch: 'main', sha: '', labels: [], repositoryId: 'one-guid' },
      { organization: 'org', repository: 'two', url: repo('two').remoteUrl, branch: 'trunk', sha: '', labels: [], repositoryId: 'two-guid' },
    ]);
    expect(api.seen).toEqual([`GET ${GIT}/repositories?api-version=7.1`, `GET ${GIT}/repositories?api-version=7.1&continuationToken=2`]);

    expect(await source.branches(listed[0])).toEqual([{ ...listed[0], sha: '1'.repeat(40) }]);
    const all = await azureDevOpsAdapter.repositories!({ ...config, allBranches: true }, http).branches(listed[0]);
    expect(all.map((r) => [r.branch, r.sha])).toEqual([1, 2, 3].map((n) => [`b${n}`, `${n}`.repeat(40)]));
    // A repository that is gone has no branches (Argo CD: GitRepositoryNotFoundException → none).
    expect(await source.branches(listed[1])).toEqual([]);
    expect(await azureDevOpsAdapter.repositories!({ ...config, allBranches: true }, http).branches(listed[1])).toEqual([]);
  });

  it('finds a path through the items endpoint at the branch; 404 is false, 500 an error', async () => {
    api = await startFakeScm();
    api.on('GET', `${GIT}/repositories/one-guid/items`, ({ query }) => {
      if (query.get('$format') !== 'json' || query.get('versionDescriptor.version') !== 'main') return { status: 400 };
      if (query.get('path') === 'flaky') return { status: 500 };
      return query.get('path') === 'deploy/app.yaml' ? { body: { path: '/deploy/app.yaml' } } : { status: 404, body: { typeKey: 'GitItemNotFoundException' } };
    });
    const source = azureDevOpsAdapter.repositories!({ organization: 'org', teamProject: 'My Project', api: api.origin }, testProviderHttp(azureDevOpsAdapter));
    const repository = { organization: 'org', repository: 'one', url: 'u', branch: 'main', sha: 's', labels: [], repositoryId: 'one-guid' };

    expect(await source.hasPath(repository, 'deploy/app.yaml')).toBe(true);
    expect(await source.hasPath(repository, 'missing')).toBe(false);
    await expect(source.hasPath(repository, 'flaky')).rejects.toThrow(`${api.origin} answered 500`);
  });

  it('names its API, credentials URL, credential need and header (PAT as Basic with an empty user)', () => {
    expect(azureDevOpsAdapter.apiBase({ organization: 'org' })).toBe('https://dev.azure.com');
    expect(azureDevOpsAdapter.credentialsUrl({ organization: 'org', project: 'My Project', repo: 'app' })).toBe('https://dev.azure.com/org/My%20Project/_git/app');
    expect(azureDevOpsAdapter.credentialsUrl({ organization: 'org', teamProject: 'Team', api: 'https://tfs.test/tfs/' })).toBe('https://tfs.test/tfs/org/Team');
    expect(azureDevOpsAdapter.wantsCredentials({ tokenRef: { secretName: 's', key: 'k' } })).toBe(true);
    expect(azureDevOpsAdapter.wantsCredentials({ accessTokenRef: { secretName: 's', key: 'k' } })).toBe(true);
    expect(azureDevOpsAdapter.wantsCredentials({ organization: 'org' })).toBe(false);
    expect(azureDevOpsAdapter.authorization({ type: 'token', token: PAT })).toBe(PAT_HEADER);
    expect([azureDevOpsAdapter.pullRequestKey, azureDevOpsAdapter.scmProviderKey]).toEqual(['azuredevops', 'azureDevOps']);
  });
});
