import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openCredentialSession, type GitCredentials } from './git-credentials';
import { GitRunner } from './git-runner';
import { parseRepoUrl } from './repo-url';

describe('GitRunner', () => {
  let tmp: string;
  const runner = new GitRunner();

  beforeEach(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'flotilla-runner-'));
  });

  afterEach(async () => {
    vi.unstubAllEnvs();
    await rm(tmp, { recursive: true, force: true });
  });

  const sessionFor = (url: string, credentials: GitCredentials) => openCredentialSession(parseRepoUrl(url, false), credentials, tmp);

  it.each([
    { name: 'https askpass and credential-helper reset', url: 'https://git.local/a', credentials: { kind: 'https', username: 'u', password: 'p4ss-word' } as const },
    { name: 'ssh command with a key', url: 'git@git.local:a.git', credentials: { kind: 'ssh', privateKey: 'k', knownHosts: 'h' } as const },
  ])('lets the $name through simple-git’s guard (no network: `git version`)', async ({ url, credentials }) => {
    const session = await sessionFor(url, credentials);
    try {
      await expect(runner.text(['version'], { cwd: tmp, timeoutMs: 10_000, maxOutputBytes: 1024, session })).resolves.toMatch(/^git version/);
    } finally {
      await session.dispose();
    }
  });

  it('refuses to pass credentials while simple-git debug logging (which prints the environment) is on', async () => {
    vi.stubEnv('DEBUG', 'simple-git*');
    const session = await sessionFor('https://git.local/a', { kind: 'https', username: 'u', password: 'p4ss-word' });
    try {
      await expect(runner.text(['version'], { cwd: tmp, timeoutMs: 10_000, maxOutputBytes: 1024, session })).rejects.toMatchObject({ kind: 'Failed', message: expect.stringContaining('DEBUG') });
    } finally {
      await session.dispose();
    }
  });

  it.each([
    { name: 'output over the bound', args: ['help', '-a'], options: { timeoutMs: 10_000, maxOutputBytes: 100 }, kind: 'TooLarge' },
    { name: 'deadline of 1 ms', args: ['help', '-a'], options: { timeoutMs: 1, maxOutputBytes: 1e6 }, kind: 'Timeout' },
    { name: 'non-zero exit without stderr', args: ['rev-parse', '--verify', '--quiet', 'nope'], options: { timeoutMs: 10_000, maxOutputBytes: 1e6 }, kind: 'Failed', inRepo: true },
  ])('fails with $kind for $name', async ({ args, options, kind, inRepo }) => {
    if (inRepo) await runner.text(['init', '--quiet'], { cwd: tmp, timeoutMs: 10_000, maxOutputBytes: 1024 });
    await expect(runner.text(args, { cwd: tmp, ...options })).rejects.toMatchObject({ name: 'GitError', kind, ...(inRepo ? { message: expect.stringContaining('exit code 1') } : {}) });
  });

  it('answers a git that prints nothing when it exits, without simple-git’s extra wait for output', async () => {
    // simple-git sleeps 50 ms on a timer after a silent command; with timers frozen that sleep would never end.
    const realSetTimeout = globalThis.setTimeout;
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    try {
      const silent = (args: string[]) => runner.text(args, { cwd: tmp, timeoutMs: 10_000, maxOutputBytes: 1024 });
      const outcome = (async () => {
        await silent(['init', '--quiet']);
        await silent(['-c', 'user.name=t', '-c', 'user.email=t@localhost', 'commit', '--quiet', '--allow-empty', '-m', 'x']);
        return silent(['cat-file', '-e', 'HEAD^{commit}']);
      })();
      const stuck = new Promise((resolve) => realSetTimeout(() => resolve('still waiting after 5 s'), 5_000));
      await expect(Promise.race([outcome, stuck])).resolves.toBe('');
    } finally {
      vi.useRealTimers();
    }
  });

  it('counts runs per subcommand', async () => {
    const counting = new GitRunner();
    await counting.text(['version'], { cwd: tmp, timeoutMs: 10_000, maxOutputBytes: 1024 });
    expect([counting.count('version'), counting.count('fetch')]).toEqual([1, 0]);
  });
  it('tells its recorder each git process by subcommand and outcome, a failure by its kind', async () => {
    const seen: string[] = [];
    const recorded = new GitRunner('git', { gitRequest: (op, outcome) => seen.push(`${op}:${outcome}`) });
    await recorded.text(['version'], { cwd: tmp, timeoutMs: 10_000, maxOutputBytes: 1024 });
    await expect(recorded.text(['version'], { cwd: tmp, timeoutMs: 10_000, maxOutputBytes: 3 })).rejects.toMatchObject({ kind: 'TooLarge' });
    await expect(recorded.text(['rev-parse', '--verify', 'HEAD'], { cwd: tmp, timeoutMs: 10_000, maxOutputBytes: 1024 })).rejects.toMatchObject({ kind: expect.any(String) });
    expect(seen.slice(0, 2)).toEqual(['version:success', 'version:TooLarge']);
    expect(seen[2]).toMatch(/^rev-parse:(NotFound|RevisionNotFound|Failed)$/);
  });
});
