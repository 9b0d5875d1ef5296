import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCredentialSession } from './git-credentials';
import { parseRepoUrl } from './repo-url';

describe('openCredentialSession', () => {
  let tmp: string;

  beforeEach(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'flotilla-cred-test-'));
  });

  afterEach(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  const askpass = (env: Readonly<Record<string, string>>, prompt: string) => {
    try {
      return execFileSync(env.GIT_ASKPASS, [prompt], { env: { PATH: process.env.PATH, ...env }, encoding: 'utf8' });
    } catch {
      return 'refused';
    }
  };

  it('answers https prompts only for the repository host, and removes the script afterwards', async () => {
    const location = parseRepoUrl('https://git.local/org/repo.git', false);
    const session = await openCredentialSession(location, { kind: 'https', username: 'bot', password: 'tok-123' }, tmp);
    expect(session.config).toEqual(['credential.helper=', 'http.followRedirects=false']);
    expect(session.secrets).toEqual(['tok-123']);
    // The secret lives only in the child's environment, never in a file.
    expect(await readFile(session.env.GIT_ASKPASS, 'utf8')).not.toContain('tok-123');
    const rows = [
      { prompt: "Username for 'https://git.local': ", expected: 'bot\n' },
      { prompt: "Password for 'https://bot@git.local': ", expected: 'tok-123\n' },
      { prompt: "Password for 'https://bot@evil.local': ", expected: 'refused' },
      { prompt: "Username for 'https://git.local.evil.local': ", expected: 'refused' },
    ];
    for (const row of rows) expect(askpass(session.env, row.prompt), row.prompt).toBe(row.expected);
    await session.dispose();
    expect(await readdir(tmp)).toEqual([]);
  });

  it('writes the ssh key and known hosts 0600, checks host keys strictly, and removes them afterwards', async () => {
    const location = parseRepoUrl('git@git.local:org/repo.git', false);
    const session = await openCredentialSession(location, { kind: 'ssh', privateKey: 'KEY', knownHosts: 'git.local ssh-ed25519 AAAA' }, tmp);
    const command = session.env.GIT_SSH_COMMAND;
    expect(command).toContain('StrictHostKeyChecking=yes');
    expect(command).toContain('-F /dev/null');
    const [dir] = await readdir(tmp);
    for (const file of ['id', 'known_hosts']) {
      expect(command).toContain(path.join(tmp, dir, file));
      expect((await stat(path.join(tmp, dir, file))).mode & 0o777).toBe(0o600);
    }
    expect(await readFile(path.join(tmp, dir, 'id'), 'utf8')).toBe('KEY\n');
    await session.dispose();
    expect(await readdir(tmp)).toEqual([]);
  });

  it.each([
    { name: 'ssh credentials for an https URL', url: 'https://git.local/a', credentials: { kind: 'ssh', privateKey: 'k', knownHosts: 'h' } as const },
    { name: 'https credentials for an ssh URL', url: 'ssh://git@git.local/a', credentials: { kind: 'https', username: 'u', password: 'p' } as const },
    { name: 'a password over plain http', url: 'http://git.local/a', credentials: { kind: 'https', username: 'u', password: 'p' } as const },
  ])('refuses $name without writing anything', async ({ url, credentials }) => {
    await expect(openCredentialSession(parseRepoUrl(url, false), credentials, tmp)).rejects.toThrow(/cannot be used|only sent over https/);
    expect(await readdir(tmp)).toEqual([]);
  });

  it.each([
    { name: 'local repository', url: '/srv/a', env: {} },
    { name: 'ssh without a key still checks host keys', url: 'ssh://git@git.local/a', env: { GIT_SSH_COMMAND: expect.stringContaining('StrictHostKeyChecking=yes') } },
  ])('needs no files for $name', async ({ url, env }) => {
    const session = await openCredentialSession(parseRepoUrl(url, true), undefined, tmp);
    expect(session.env).toEqual(env);
    expect(await readdir(tmp)).toEqual([]);
    await session.dispose();
  });
});
