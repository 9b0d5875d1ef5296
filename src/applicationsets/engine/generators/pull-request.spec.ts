import { describe, expect, it } from 'vitest';
import { runEntry } from '../testing/run-entry';
import { buildPullRequest, FakeScmSource } from '../testing/fake-scm-source';
import { ScmRepositoryNotFoundError } from './scm-source';

const github = { owner: 'fleet', repo: 'app', api: 'http://127.0.0.1:9' };
const SHA = '0123456789abcdef0123456789abcdef01234567';

describe('pullRequest generator', () => {
  const pulls = [
    buildPullRequest({ number: 7, title: 'Feature: login', branch: 'feature/Login_Page', targetBranch: 'main', labels: ['preview'], author: 'ann' }),
    buildPullRequest({ number: 8, title: 'Fix typo', branch: 'fix/typo', targetBranch: 'release/1.0', author: 'bob' }),
    buildPullRequest({ number: 9, title: 'WIP: refactor', branch: 'refactor', targetBranch: 'main', author: 'cy' }),
  ];

  it('publishes Argo CD parameters for each pull request (fasttemplate: strings, no labels)', async () => {
    const scm = new FakeScmSource({ pullRequests: [pulls[0]] });
    const result = await runEntry({ pullRequest: { github } }, [], undefined, { scm });
    expect(result).toEqual({
      ok: true,
      params: [
        {
          number: '7',
          title: 'Feature: login',
          branch: 'feature/Login_Page',
          branch_slug: 'feature-login-page',
          target_branch: 'main',
          target_branch_slug: 'main',
          head_sha: SHA,
          head_short_sha: SHA.slice(0, 8),
          head_short_sha_7: SHA.slice(0, 7),
          author: 'ann',
        },
      ],
    });
    expect(scm.asked).toEqual([{ method: 'pullRequests', provider: { kind: 'github', config: github } }]);
  });

  it('adds labels as a list in Go template mode and renders values with the parameters', async () => {
    const scm = new FakeScmSource({ pullRequests: [pulls[0], pulls[1]] });
    const result = await runEntry({ pullRequest: { github, values: { env: 'pr-{{ .number }}' } } }, [], undefined, { scm, goTemplate: true });
    expect(result.ok && result.params.map((p) => [p.labels, p.values])).toEqual([
      [['preview'], { env: 'pr-7' }],
      [[], { env: 'pr-8' }],
    ]);
  });

  it('renders values as flat values.<key> in fasttemplate mode', async () => {
    const scm = new FakeScmSource({ pullRequests: [pulls[1]] });
    const result = await runEntry({ pullRequest: { gitlab: { project: 'fleet/app' }, values: { name: 'pr-{{branch_slug}}' } } }, [], undefined, { scm });
    expect(result.ok && result.params[0]['values.name']).toBe('pr-fix-typo');
  });

  const filterRows: { name: string; filters: unknown[]; want: string[] }[] = [
    { name: 'no filters keep all', filters: [], want: ['7', '8', '9'] },
    { name: 'branchMatch', filters: [{ branchMatch: '^feature/' }], want: ['7'] },
    { name: 'targetBranchMatch', filters: [{ targetBranchMatch: '^release/' }], want: ['8'] },
    { name: 'titleMatch is unanchored', filters: [{ titleMatch: 'typo' }], want: ['8'] },
    { name: 'conditions of one filter are AND-ed', filters: [{ branchMatch: '.*', targetBranchMatch: '^main$', titleMatch: '^WIP' }], want: ['9'] },
    { name: 'filters are OR-ed', filters: [{ branchMatch: '^feature/' }, { titleMatch: '^WIP' }], want: ['7', '9'] },
    { name: 'an empty filter matches everything', filters: [{}], want: ['7', '8', '9'] },
    { name: 'RE2 flags', filters: [{ titleMatch: '(?i)^fix' }], want: ['8'] },
  ];
  it.each(filterRows)('filters: $name', async ({ filters, want }) => {
    const result = await runEntry({ pullRequest: { github, filters } }, [], undefined, { scm: new FakeScmSource({ pullRequests: pulls }) });
    expect(result.ok && result.params.map((p) => p.number)).toEqual(want);
  });

  const slugRows: { branch: string; slug: string }[] = [
    { branch: 'feature/ABC_123', slug: 'feature-abc-123' },
    { branch: '--weird--name--', slug: 'weird-name' },
    { branch: "don't & stop@home", slug: 'dont-and-stopathome' },
    { branch: 'héllo-wörld', slug: 'hello-world' },
    { branch: 'a'.repeat(30) + '-' + 'b'.repeat(30), slug: 'a'.repeat(30) },
    { branch: 'c'.repeat(60), slug: 'c'.repeat(50) },
  ];
  it.each(slugRows)('branch_slug of $branch', async ({ branch, slug }) => {
    const scm = new FakeScmSource({ pullRequests: [buildPullRequest({ branch })] });
    const result = await runEntry({ pullRequest: { github } }, [], undefined, { scm });
    expect(result.ok && result.params[0].branch_slug).toBe(slug);
  });

  it('short SHAs of a short head SHA are the whole SHA', async () => {
    const scm = new FakeScmSource({ pullRequests: [buildPullRequest({ headSha: 'abc' })] });
    const result = await runEntry({ pullRequest: { github } }, [], undefined, { scm });
    expect(result.ok && [result.params[0].head_short_sha, result.params[0].head_short_sha_7]).toEqual(['abc', 'abc']);
  });

  const errorRows: { name: string; entry: Record<string, unknown>; scm?: FakeScmSource | null; goTemplate?: boolean; reason: RegExp }[] = [
    { name: 'provider failure names the provider block', entry: { pullRequest: { github } }, scm: new FakeScmSource({ error: new Error('GitHub API answered 500') }), reason: /spec\.generators\[0\]\.pullRequest\.github: GitHub API answered 500/ },
    { name: 'repository not found without continueOnRepoNotFoundError', entry: { pullRequest: { github } }, scm: new FakeScmSource({ error: new ScmRepositoryNotFoundError('GitHub API answered 404') }), reason: /404/ },
    { name: 'invalid filter pattern', entry: { pullRequest: { github, filters: [{ branchMatch: '(' }] } }, reason: /filters\[0\]\.branchMatch: error parsing regexp/ },
    { name: 'catastrophic filter pattern', entry: { pullRequest: { github, filters: [{}, { titleMatch: '^(a+)+$' }] } }, reason: /filters\[1\]\.titleMatch: the group "\(a\+\)"/ },
    { name: 'no provider API source', entry: { pullRequest: { github } }, scm: null, reason: /SCM provider APIs cannot be read here/ },
    { name: 'values rendering error', entry: { pullRequest: { github, values: { a: '{{ .number | noSuchFunction }}' } } }, goTemplate: true, reason: /values\.a/ },
  ];
  it.each(errorRows)('fails: $name', async ({ entry, scm, goTemplate, reason }) => {
    const source = scm === null ? undefined : (scm ?? new FakeScmSource({ pullRequests: pulls }));
    const result = await runEntry(entry, [], undefined, { scm: source, goTemplate: goTemplate === true });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });

  it('continueOnRepoNotFoundError turns a missing repository into no parameter sets', async () => {
    const scm = new FakeScmSource({ error: new ScmRepositoryNotFoundError('GitHub API answered 404') });
    expect(await runEntry({ pullRequest: { github, continueOnRepoNotFoundError: true } }, [], undefined, { scm })).toEqual({ ok: true, params: [] });
    const other = new FakeScmSource({ error: new Error('GitHub API answered 500') });
    expect((await runEntry({ pullRequest: { github, continueOnRepoNotFoundError: true } }, [], undefined, { scm: other })).ok).toBe(false);
  });
});
