import { describe, expect, it } from 'vitest';
import { mirrorDirName, parseRepoUrl } from './repo-url';

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
    { name: 'ext transport', url: 'ext::sh -c id', message: /unsupported/ },
    { name: 'git protocol', url: 'git://git.local/a.git', message: /unsupported/ },
    { name: 'option-like', url: '--upload-pack=id', message: /unsupported/ },
    { name: 'relative path', url: 'repos/a', message: /unsupported/ },
    { name: 'empty', url: ' ', message: /unsupported/ },
    { name: 'local path when not allowed', url: '/srv/repos/a', message: /local repositories are not allowed/, allowLocal: false },
  ])('rejects $name', ({ url, message, allowLocal }) => {
    expect(() => parseRepoUrl(url, allowLocal ?? true)).toThrow(message);
  });

  it('never echoes a password in its error', () => {
    expect(() => parseRepoUrl('https://user:s3cret-token@git.local/a.git', true)).toThrow(/^(?!.*s3cret)/);
  });

  it('gives one mirror directory per repository identity', () => {
    const a = mirrorDirName(parseRepoUrl('https://github.com/org/repo.git', true));
    expect(mirrorDirName(parseRepoUrl('https://GITHUB.com/org/repo/', true))).toBe(a);
    expect(mirrorDirName(parseRepoUrl('https://github.com/org/other', true))).not.toBe(a);
    expect(a).toMatch(/^repo-[0-9a-f]{20}\.git$/);
  });
});
