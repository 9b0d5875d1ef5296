import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gitPathspecMatch, normalizePathspec } from '../../src/applicationsets/engine/generators/git-patterns';
import { createGitRepo, type GitTestRepo } from '../support/git-repo';

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
