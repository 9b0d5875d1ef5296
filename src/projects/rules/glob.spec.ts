import { describe, expect, it } from 'vitest';
import { globMatch, normalizeGitUrl, validateGlob } from './index';

describe('globMatch', () => {
  const rows: { name: string; pattern: string; value: string; separator?: string; want: boolean }[] = [
    { name: 'lone star matches anything', pattern: '*', value: 'a/b/c', separator: '/', want: true },
    { name: 'literal', pattern: 'prod', value: 'prod', want: true },
    { name: 'literal mismatch', pattern: 'prod', value: 'production', want: false },
    { name: 'star prefix', pattern: 'team-*', value: 'team-a', want: true },
    { name: 'star crosses slashes without separator', pattern: 'https://team1-*', value: 'https://team1-x/y', want: true },
    { name: 'star stops at separator', pattern: 'https://github.com/org/*', value: 'https://github.com/org/a/b', separator: '/', want: false },
    { name: 'star within segment', pattern: 'https://github.com/org/*', value: 'https://github.com/org/a', separator: '/', want: true },
    { name: 'double star crosses separator', pattern: 'https://gitlab.com/group/**', value: 'https://gitlab.com/group/a/b', separator: '/', want: true },
    { name: 'question mark', pattern: 'ns-?', value: 'ns-1', want: true },
    { name: 'question mark needs one char', pattern: 'ns-?', value: 'ns-', want: false },
    { name: 'character class', pattern: 'ns-[ab]', value: 'ns-b', want: true },
    { name: 'negated character class', pattern: 'ns-[!ab]', value: 'ns-a', want: false },
    { name: 'range', pattern: 'v[0-9]', value: 'v7', want: true },
    { name: 'alternatives', pattern: '{dev,staging}-*', value: 'staging-1', want: true },
    { name: 'alternatives miss', pattern: '{dev,staging}-*', value: 'prod-1', want: false },
    { name: 'dots are literal', pattern: 'a.b', value: 'axb', want: false },
    { name: 'escaped star is literal', pattern: 'a\\*', value: 'a*', want: true },
    { name: 'escaped star does not glob', pattern: 'a\\*', value: 'ab', want: false },
    { name: 'malformed pattern matches nothing', pattern: 'ns-[ab', value: 'ns-[ab', want: false },
    { name: 'empty pattern matches only empty', pattern: '', value: '', want: true },
  ];
  it.each(rows)('$name', ({ pattern, value, separator, want }) => {
    expect(globMatch(pattern, value, separator)).toBe(want);
  });
});

describe('validateGlob', () => {
  const rows: { name: string; pattern: string; valid: boolean }[] = [
    { name: 'plain', pattern: 'https://github.com/*', valid: true },
    { name: 'unclosed class', pattern: 'a[b', valid: false },
    { name: 'unclosed brace', pattern: '{a,b', valid: false },
    { name: 'trailing backslash', pattern: 'a\\', valid: false },
  ];
  it.each(rows)('$name', ({ pattern, valid }) => {
    expect(validateGlob(pattern) === undefined).toBe(valid);
  });
});

describe('normalizeGitUrl', () => {
  const rows: { name: string; url: string; want: string }[] = [
    { name: 'https with .git', url: 'https://github.com/Org/Repo.git', want: 'https://github.com/org/repo' },
    { name: 'surrounding space', url: '  https://github.com/org/repo ', want: 'https://github.com/org/repo' },
    { name: 'scp-like ssh', url: 'git@github.com:org/repo.git', want: 'git@github.com/org/repo' },
    { name: 'ssh scheme', url: 'ssh://git@github.com/org/repo.git', want: 'git@github.com/org/repo' },
  ];
  it.each(rows)('$name', ({ url, want }) => {
    expect(normalizeGitUrl(url)).toBe(want);
  });
});
