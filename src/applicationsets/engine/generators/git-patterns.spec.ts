import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGitRepo, type GitTestRepo } from '../../../../test/support/git-repo';
import { gitPathspecMatch, goPathMatch, normalizePathspec } from './git-patterns';

describe('goPathMatch (Go path.Match)', () => {
  const rows: { pattern: string; name: string; want: boolean }[] = [
    { pattern: 'apps/*', name: 'apps/web', want: true },
    { pattern: 'apps/*', name: 'apps/web/overlays', want: false },
    { pattern: 'apps/*', name: 'apps', want: false },
    { pattern: '*', name: 'apps', want: true },
    { pattern: '*', name: 'apps/web', want: false },
    { pattern: 'apps/*/overlays/*', name: 'apps/web/overlays/prod', want: true },
    { pattern: 'apps/**', name: 'apps/web/overlays', want: false },
    { pattern: 'apps/**', name: 'apps/web', want: true },
    { pattern: 'apps/?eb', name: 'apps/web', want: true },
    { pattern: 'apps/?', name: 'apps//', want: false },
    { pattern: 'd/[fg]', name: 'd/f', want: true },
    { pattern: 'd/[fg]', name: 'd/e', want: false },
    { pattern: 'd/[^fg]', name: 'd/e', want: true },
    { pattern: 'd/[a-c]x', name: 'd/bx', want: true },
    { pattern: 'd/[!a]', name: 'd/!', want: true },
    { pattern: 'a\\*b', name: 'a*b', want: true },
    { pattern: 'a\\*b', name: 'axb', want: false },
    { pattern: '/d/e', name: 'd/e', want: false },
    { pattern: 'apps.web', name: 'appsxweb', want: false },
    { pattern: 'x(y)', name: 'x(y)', want: true },
    { pattern: 'é*', name: 'été', want: true },
    { name: 'apps/x', pattern: 'apps/[', want: false },
    { name: 'apps/x', pattern: 'apps/[]', want: false },
    { name: 'apps/x', pattern: 'apps/[z-a]', want: false },
    { name: 'a', pattern: 'a\\', want: false },
  ];
  it.each(rows)('$pattern vs $name → $want', ({ pattern, name, want }) => {
    expect(goPathMatch(pattern, name)).toBe(want);
  });
});

describe('normalizePathspec', () => {
  it.each([
    { pattern: './apps/*.json', want: { ok: true, pathspec: 'apps/*.json' } },
    { pattern: 'apps/../cfg/x.yaml', want: { ok: true, pathspec: 'cfg/x.yaml' } },
    { pattern: '.', want: { ok: true, pathspec: '' } },
    { pattern: 'apps/', want: { ok: true, pathspec: 'apps/' } },
    { pattern: '/apps/x.json', want: { ok: false, reason: expect.stringMatching(/outside the repository/) } },
    { pattern: '../x.json', want: { ok: false, reason: expect.stringMatching(/outside the repository/) } },
  ])('$pattern', ({ pattern, want }) => {
    expect(normalizePathspec(pattern)).toEqual(want);
  });
});

// Argo CD lists the files of a pattern with `git ls-files -- <pattern>`; the matcher must agree with git itself.
describe('gitPathspecMatch agrees with git ls-files', () => {
  let repo: GitTestRepo;
  const files = [
    'config.json',
    'apps/a/config.json',
    'apps/a/deep/config.json',
    'apps/b/config.yaml',
    'apps/b.json',
    'apps-extra/config.json',
    'apps/[x]/config.json',
    'apps/star*/config.json',
    'cluster-config/engineering/dev/config.json',
    'cluster-config/engineering/prod/config.json',
    'cluster-config/engineering/prod/charts/sub/config.json',
    '.github/config.json',
    'Apps/Upper/config.json',
  ];
  beforeAll(() => {
    repo = createGitRepo();
    repo.commitFiles(Object.fromEntries(files.map((file) => [file, '{}'])));
  });
  afterAll(() => repo.remove());

  const patterns = [
    'config.json',
    'apps',
    'apps/',
    'apps/*',
    'apps/*.json',
    'apps/*/config.json',
    'apps/**/config.json',
    '**/config.json',
    '*.json',
    'apps/?/config.json',
    'apps/[ab]/config.json',
    'apps/[!a]/config.json',
    'apps/[^a]/config.json',
    'apps/[[]x]/config.json',
    'apps/\\[x]/config.json',
    'apps/star\\*/config.json',
    'apps/[x]/config.json',
    'apps/star*/config.json',
    'cluster-config/*/*/config.json',
    'cluster-config/**/prod/*.json',
    'apps/[[:alpha:]]/config.json',
    'apps/[a-b]/config.*',
    'app*',
    '*config*',
    'apps/[',
    'apps/[z-a]/config.json',
    'a?ps/b.json',
    'apps/b',
  ];
  it.each(patterns)('%s', (pattern) => {
    const listed = execFileSync('git', ['ls-files', '-z', '--full-name', '--', pattern], { cwd: repo.dir, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', LC_ALL: 'C', GIT_CONFIG_NOSYSTEM: '1', HOME: repo.dir } })
      .split('\0')
      .filter((file) => file !== '')
      .sort();
    const normalized = normalizePathspec(pattern);
    if (!normalized.ok) throw new Error(normalized.reason);
    const matched = files.filter((file) => gitPathspecMatch(normalized.pathspec, file)).sort();
    expect(matched).toEqual(listed);
  });
});
