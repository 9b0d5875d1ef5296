import { describe, expect, it } from 'vitest';
import { maskRepoUrl, mirrorDirName, parseRepoUrl, repoUrlHasPassword } from './repo-url';

describe('parseRepoUrl', () => {
  it.each([
    { name: 'https with .git', url: 'https://GitHub.com/Org/Repo.git', kind: 'https', normalized: 'https://github.com/Org/Repo', fetchUrl: 'https://github.com/Org/Repo.git' },
    { name: 'https with trailing slash', url: 'https://github.com/Org/Repo/', kind: 'https', normalized: 'https://github.com/Org/Repo' },
    { name: 'https username is dropped', url: 'https://bot@git.local/a/b.git', kind: 'https', normalized: 'https://git.local/a/b', fetchUrl: 'https://git.local/a/b.git' },
    { name: 'http shares the https identity', url: 'http://git.local:8080/a/b', kind: 'https', normalized: 'https://git.local:8080/a/b' },
    { name: 'ssh URL', url: 'ssh://git@git.local:2222/a/b.git', kind: 'ssh', normalized: 'ssh://git.local:2222/a/b' },
    { name: 'scp-like ssh', url: 'git@GitHub.com:org/repo.git', kind: 'ssh', normalized: 'ssh://github.com/org/repo', fetchUrl: 'git@GitHub.com:org/repo.git' },
    { name: 'absolute path', url: '/srv/repos/a/', kind: 'local', normalized: 'file:///srv/repos/a', fetchUrl: '/srv/repos/a' },
    { name: 'file URL', url: 'file:///srv/repos/a', kind: 'local', normalized: 'file:///srv/repos/a', fetchUrl: '/srv/repos/a' },
  ])('accepts $name', ({ name: _name, url, ...expected }) => {
    expect(parseRepoUrl(url, true)).toMatchObject(expected);
  });

  it.each([
    { name: 'password in URL', url: 'https://user:s3cret-token@git.local/a.git', message: /must not embed a password/ },
    { name: 'password in an ssh URL', url: 'ssh://git:s3cret-token@git.local/a.git', message: /must not embed a password/ },
    { name: 'password in an scp-like URL', url: 'git:s3cret-token@git.local:org/a.git', message: /must not embed a password/ },
    { name: 'ext transport', url: 'ext::sh -c id', message: /unsupported/ },
    { name: 'git protocol', url: 'git://git.local/a.git', message: /unsupported/ },
    { name: 'option-like', url: '--upload-pack=id', message: /unsupported/ },
    { name: 'relative path', url: 'repos/a', message: /unsupported/ },
    { name: 'empty', url: ' ', message: /unsupported/ },
    { name: 'local path when not allowed', url: '/srv/repos/a', message: /local repositories are not allowed/, allowLocal: false },
  ])('rejects $name', ({ url, message, allowLocal }) => {
    expect(() => parseRepoUrl(url, allowLocal ?? true)).toThrow(message);
  });

  it.each([
    'https://user:s3cret-token@git.local/a.git',
    'http://user:s3cret@token@git.local/a.git',
    'git:s3cret-token@git.local:org/a.git',
    'https://user:s3cret-token@[bad/a.git',
  ])('never echoes the password of %s in its error', (url) => {
    expect(() => parseRepoUrl(url, true)).toThrow(/^(?!.*(s3cret|token@)).*\*\*\*@/);
  });

  it('gives one mirror directory per repository identity', () => {
    const a = mirrorDirName(parseRepoUrl('https://github.com/org/repo.git', true));
    expect(mirrorDirName(parseRepoUrl('https://GITHUB.com/org/repo/', true))).toBe(a);
    expect(mirrorDirName(parseRepoUrl('https://github.com/org/other', true))).not.toBe(a);
    expect(a).toMatch(/^repo-[0-9a-f]{20}\.git$/);
  });
});

// One table for both helpers: whether the URL carries a password, and how it is shown.
const USERINFO_ROWS: { name: string; url: string; password: boolean; masked: string }[] = [
  { name: 'https with user and password', url: 'https://user:secret@git.local/org/repo.git', password: true, masked: 'https://***@git.local/org/repo.git' },
  { name: 'http with a token only', url: 'http://:ghp_token@git.local:8080/org/repo', password: true, masked: 'http://***@git.local:8080/org/repo' },
  { name: 'ssh URL with a password', url: 'ssh://git:secret@git.local:2222/org/repo.git', password: true, masked: 'ssh://***@git.local:2222/org/repo.git' },
  { name: 'scp-like with a password', url: 'git:secret@git.local:org/repo.git', password: true, masked: '***@git.local:org/repo.git' },
  { name: 'an @ inside the password', url: 'https://user:p@ss@git.local/org/repo', password: true, masked: 'https://***@git.local/org/repo' },
  { name: 'a colon inside the password', url: 'https://user:pa:ss@git.local/org/repo', password: true, masked: 'https://***@git.local/org/repo' },
  { name: 'upper-case scheme', url: 'HTTPS://user:secret@git.local/org/repo', password: true, masked: 'HTTPS://***@git.local/org/repo' },
  { name: 'slashes missing after https:', url: 'https:user:secret@git.local/org/repo', password: true, masked: 'https:***@git.local/org/repo' },
  { name: 'templated credentials', url: 'https://{{user}}:{{token}}@git.local/{{repo}}', password: true, masked: 'https://***@git.local/{{repo}}' },
  { name: 'surrounding spaces', url: '  https://user:secret@git.local/org/repo  ', password: true, masked: 'https://***@git.local/org/repo' },
  { name: 'https with a user name only', url: 'https://git@git.local/org/repo.git', password: false, masked: 'https://***@git.local/org/repo.git' },
  { name: 'an empty password', url: 'https://user:@git.local/org/repo', password: false, masked: 'https://***@git.local/org/repo' },
  { name: 'ssh URL with a user name only', url: 'ssh://git@git.local/org/repo.git', password: false, masked: 'ssh://***@git.local/org/repo.git' },
  { name: 'scp-like with a user name only', url: 'git@github.com:org/repo.git', password: false, masked: '***@github.com:org/repo.git' },
  { name: 'no userinfo', url: 'https://git.local:8443/org/repo.git', password: false, masked: 'https://git.local:8443/org/repo.git' },
  { name: 'an @ in the path only', url: 'https://git.local/org/repo@v1:x', password: false, masked: 'https://git.local/org/repo@v1:x' },
  { name: 'an @ in the query only', url: 'https://git.local/org/repo?ref=a:b@c', password: false, masked: 'https://git.local/org/repo?ref=a:b@c' },
  { name: 'a local path', url: '/srv/git/repo', password: false, masked: '/srv/git/repo' },
  { name: 'not a URL at all', url: 'ext::sh -c id', password: false, masked: 'ext::sh -c id' },
  { name: 'empty', url: '', password: false, masked: '' },
];

describe('repoUrlHasPassword', () => {
  it.each(USERINFO_ROWS)('$name', ({ url, password }) => {
    expect(repoUrlHasPassword(url)).toBe(password);
  });

  // Wherever the WHATWG parser (what Node and curl-like clients read) finds a password, so does the helper.
  it.each(USERINFO_ROWS.filter((row) => /^\s*https?:/i.test(row.url)))('agrees with the URL parser: $name', ({ url }) => {
    expect(repoUrlHasPassword(url)).toBe(new URL(url.trim()).password !== '');
  });
});

describe('maskRepoUrl', () => {
  it.each(USERINFO_ROWS)('$name', ({ url, masked }) => {
    expect(maskRepoUrl(url)).toBe(masked);
  });
});
