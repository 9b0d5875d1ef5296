import { describe, expect, it } from 'vitest';
import { goPathMatch, normalizePathspec } from './git-patterns';

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
    { pattern: 'apps/*-canary', name: 'apps/prod-canary', want: true },
    { pattern: 'a{1}|b+$^', name: 'a{1}|b+$^', want: true },
    { pattern: 'd/[a\\-c]', name: 'd/-', want: true },
    { pattern: 'd/[a\\-c]', name: 'd/b', want: false },
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
