import { describe, expect, it } from 'vitest';
import { runEntry } from '../testing/run-entry';
import { buildScmRepository, FakeScmSource, type FakeScmData } from '../testing/fake-scm-source';

const github = { organization: 'fleet', api: 'http://127.0.0.1:9' };
const SHA = 'fedcba9876543210fedcba9876543210fedcba98';

const data: FakeScmData = {
  repositories: [
    buildScmRepository({ repository: 'web', labels: ['frontend', 'team-a'], repositoryId: 1 }),
    buildScmRepository({ repository: 'api', labels: ['backend'], repositoryId: 2 }),
    buildScmRepository({ repository: 'docs', branch: 'trunk', repositoryId: 3 }),
  ],
  branches: { web: [{ branch: 'release/1.0', sha: '1111111111111111111111111111111111111111' }], api: [{ branch: 'feature_x', sha: '2222222' }] },
  paths: ['web@main:deploy', 'api@main:deploy', 'api@main:legacy', 'api@feature_x:deploy', 'docs@trunk:deploy'],
};

async function generated(entry: Record<string, unknown>, extra: FakeScmData = {}, goTemplate = false) {
  const scm = new FakeScmSource({ ...data, ...extra });
  return { result: await runEntry({ scmProvider: entry }, [], undefined, { scm, goTemplate }), scm };
}

describe('scmProvider generator', () => {
  it('publishes Argo CD parameters per repository at its default branch (fasttemplate: strings)', async () => {
    const { result, scm } = await generated({ github, cloneProtocol: 'https' }, { repositories: [data.repositories![0]] });
    expect(result).toEqual({
      ok: true,
      params: [
        {
          organization: 'fleet',
          repository: 'web',
          repository_id: '1',
          url: 'git@127.0.0.1:fleet/app.git',
          branch: 'main',
          branchNormalized: 'main',
          sha: SHA,
          short_sha: SHA.slice(0, 8),
          short_sha_7: SHA.slice(0, 7),
          labels: 'frontend,team-a',
        },
      ],
    });
    expect(scm.asked.slice(0, 2)).toEqual([
      { method: 'list', provider: { kind: 'github', config: github }, argument: 'https' },
      { method: 'branches', argument: 'web' },
    ]);
  });

  it('keeps repository_id an integer in Go template mode and renders values', async () => {
    const { result } = await generated({ github, values: { id: 'repo-{{ .repository_id }}' } }, { repositories: [data.repositories![1]] }, true);
    expect(result.ok && [result.params[0].repository_id, result.params[0].values]).toEqual([2n, { id: 'repo-2' }]);
  });

  it('allBranches: one parameter set per branch, branchNormalized per branch', async () => {
    const { result } = await generated({ github: { ...github, allBranches: true } });
    expect(result.ok && result.params.map((p) => `${String(p.repository)}@${String(p.branch)}:${String(p.branchNormalized)}`)).toEqual([
      'web@main:main',
      'web@release/1.0:release-1.0',
      'api@main:main',
      'api@feature_x:feature-x',
      'docs@trunk:trunk',
    ]);
  });

  const filterRows: { name: string; filters: unknown[]; allBranches?: boolean; want: string[] }[] = [
    { name: 'no filters keep all', filters: [], want: ['web@main', 'api@main', 'docs@trunk'] },
    { name: 'repositoryMatch is unanchored', filters: [{ repositoryMatch: 'p' }], want: ['api@main'] },
    { name: 'labelMatch: any label', filters: [{ labelMatch: '^team-' }], want: ['web@main'] },
    { name: 'repository filters are OR-ed', filters: [{ repositoryMatch: '^web$' }, { labelMatch: 'backend' }], want: ['web@main', 'api@main'] },
    { name: 'pathsExist', filters: [{ pathsExist: ['legacy'] }], want: ['api@main'] },
    { name: 'pathsExist trims trailing slashes', filters: [{ pathsExist: ['legacy/'] }], want: ['api@main'] },
    { name: 'pathsDoNotExist', filters: [{ pathsDoNotExist: ['legacy'] }], want: ['web@main', 'docs@trunk'] },
    { name: 'paths AND-ed in one filter', filters: [{ pathsExist: ['deploy'], pathsDoNotExist: ['legacy'] }], want: ['web@main', 'docs@trunk'] },
    { name: 'branchMatch over all branches', filters: [{ branchMatch: '^release/' }], allBranches: true, want: ['web@release/1.0'] },
    {
      name: 'a filter with repositoryMatch and branchMatch is a branch filter (both must hold)',
      filters: [{ repositoryMatch: '^api$', branchMatch: 'feature' }],
      allBranches: true,
      want: ['api@feature_x'],
    },
    {
      name: 'repository phase then branch phase',
      filters: [{ labelMatch: 'end$' }, { branchMatch: '^main$' }],
      allBranches: true,
      want: ['web@main', 'api@main'],
    },
    { name: 'an empty filter is ignored', filters: [{}], want: ['web@main', 'api@main', 'docs@trunk'] },
  ];
  it.each(filterRows)('filters: $name', async ({ filters, allBranches, want }) => {
    const { result } = await generated({ github: { ...github, allBranches: allBranches === true }, filters });
    expect(result.ok && result.params.map((p) => `${String(p.repository)}@${String(p.branch)}`)).toEqual(want);
  });

  it('reads paths only for branch filters, and only for what the repository filters kept', async () => {
    const { scm } = await generated({ github, filters: [{ repositoryMatch: '^web$' }, { pathsExist: ['deploy'] }] });
    expect(scm.asked.filter((call) => call.method === 'hasPath').map((call) => call.argument)).toEqual(['web@main:deploy']);
  });

  const errorRows: { name: string; entry: Record<string, unknown>; extra?: FakeScmData; reason: RegExp }[] = [
    { name: 'provider failure names the provider block', entry: { gitlab: { group: 'fleet' } }, extra: { error: new Error('GitLab API answered 401') }, reason: /spec\.generators\[0\]\.scmProvider\.gitlab: GitLab API answered 401/ },
    { name: 'invalid repositoryMatch', entry: { github, filters: [{ repositoryMatch: '[' }] }, reason: /filters\[0\]\.repositoryMatch: error parsing regexp/ },
    { name: 'catastrophic labelMatch', entry: { github, filters: [{ labelMatch: '(x|xy)*z' }] }, reason: /filters\[0\]\.labelMatch: .*exponential/ },
  ];
  it.each(errorRows)('fails: $name', async ({ entry, extra, reason }) => {
    const { result } = await generated(entry, extra);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });

  it('fails without a provider API source', async () => {
    const result = await runEntry({ scmProvider: { github } });
    expect(result).toEqual({ ok: false, reason: 'spec.generators[0].scmProvider: SCM provider APIs cannot be read here' });
  });
});
