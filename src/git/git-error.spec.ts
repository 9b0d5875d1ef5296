import { describe, expect, it } from 'vitest';
import { classifyGitFailure, redact } from './git-error';

describe('redact', () => {
  it.each([
    { name: 'userinfo with password', text: 'fatal: https://bot:tok3n@git.local/a.git', expected: 'fatal: https://***@git.local/a.git' },
    { name: 'userinfo without password', text: 'ssh://git@git.local/a', expected: 'ssh://***@git.local/a' },
    { name: 'listed secret anywhere', text: 'header Authorization: tok3n-value', expected: 'header Authorization: ***', secrets: ['tok3n-value'] },
    { name: 'nothing to hide', text: "fatal: '/srv/a' does not appear", expected: "fatal: '/srv/a' does not appear" },
  ])('$name', ({ text, expected, secrets }) => {
    expect(redact(text, secrets)).toBe(expected);
  });
});

describe('classifyGitFailure', () => {
  it.each([
    { name: 'missing local repository', stderr: "fatal: '/x' does not appear to be a git repository", kind: 'NotFound' },
    { name: 'http 404', stderr: "fatal: repository 'https://git.local/a/' not found", kind: 'NotFound' },
    { name: 'bad password', stderr: "fatal: Authentication failed for 'https://git.local/a/'", kind: 'AuthFailed' },
    { name: 'no credentials', stderr: "fatal: could not read Username for 'https://git.local': terminal prompts disabled", kind: 'AuthFailed' },
    { name: 'ssh key refused', stderr: 'git@git.local: Permission denied (publickey).', kind: 'AuthFailed' },
    { name: 'unknown host key', stderr: 'Host key verification failed.', kind: 'AuthFailed' },
    { name: 'unadvertised object', stderr: 'error: Server does not allow request for unadvertised object abc', kind: 'RevisionNotFound' },
    { name: 'anything else', stderr: 'fatal: early EOF', kind: 'Failed' },
  ])('$name → $kind', ({ stderr, kind }) => {
    expect(classifyGitFailure('fetch', stderr, []).kind).toBe(kind);
  });

  it('scrubs secrets from the message and the cause', () => {
    const error = classifyGitFailure('fetch', 'fatal: https://u:p4ssw0rd@h/x failed with p4ssw0rd', ['p4ssw0rd'], new Error('p4ssw0rd'));
    expect(error.message).not.toContain('p4ssw0rd');
    expect(String((error.cause as Error).message)).not.toContain('p4ssw0rd');
  });
});
