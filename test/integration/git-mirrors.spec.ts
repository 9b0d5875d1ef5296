import fs from 'node:fs';
import { lstat, mkdtemp, readdir, readFile, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GitError } from '../../src/git/git-error';
import { GitMirrors, type GitMirrorsOptions } from '../../src/git/git-mirrors';
import { GitRunner } from '../../src/git/git-runner';
import { createGitRepo, type GitTestRepo } from '../support/git-repo';

describe('GitMirrors (real repositories on disk)', () => {
  let repo: GitTestRepo;
  let root: string;
  let tmp: string;
  let seedSha: string;

  const mirrors = (overrides: Partial<GitMirrorsOptions> = {}) => new GitMirrors({ rootDir: root, tmpDir: tmp, allowLocal: true, ...overrides });

  beforeEach(async () => {
    repo = createGitRepo({ example: true });
    seedSha = repo.git('rev-parse', 'HEAD');
    repo.git('tag', '-a', 'v1.0.0', '-m', 'release');
    repo.git('tag', 'light');
    root = await mkdtemp(path.join(os.tmpdir(), 'flotilla-mirrors-'));
    tmp = await mkdtemp(path.join(os.tmpdir(), 'flotilla-mirrors-tmp-'));
  });

  afterEach(async () => {
    repo.remove();
    await rm(root, { recursive: true, force: true });
    await rm(tmp, { recursive: true, force: true });
  });

  it('resolves branches, tags, HEAD, full and short SHAs with one ls-remote', async () => {
    const git = mirrors();
    const rows: Array<{ name: string; revision: string; ref?: string }> = [
      { name: 'branch', revision: 'main', ref: 'refs/heads/main' },
      { name: 'annotated tag (peeled)', revision: 'v1.0.0', ref: 'refs/tags/v1.0.0' },
      { name: 'lightweight tag', revision: 'light', ref: 'refs/tags/light' },
      { name: 'HEAD', revision: 'HEAD', ref: 'HEAD' },
      { name: 'empty means HEAD', revision: '', ref: 'HEAD' },
      { name: 'full ref name', revision: 'refs/heads/main', ref: 'refs/heads/main' },
      { name: 'full SHA of a branch tip', revision: seedSha, ref: 'refs/heads/main' },
      { name: 'short SHA', revision: seedSha.slice(0, 8) },
    ];
    const result = await git.resolveRevisions(repo.dir, rows.map((r) => r.revision));
    for (const row of rows) {
      expect(result.get(row.revision), row.name).toEqual({ ok: true, sha: seedSha, ...(row.ref ? { ref: row.ref } : {}) });
    }
    expect(git.stats().lsRemote).toBe(1);
  });

  it("makes a mirror without hooks, whatever template the machine's git config names", async () => {
    const home = await mkdtemp(path.join(os.tmpdir(), 'flotilla-mirrors-home-'));
    const template = path.join(home, 'template');
    fs.mkdirSync(path.join(template, 'hooks'), { recursive: true });
    const marker = path.join(home, 'hook-ran');
    fs.writeFileSync(path.join(template, 'hooks', 'reference-transaction'), `#!/bin/sh\ntouch ${marker}\n`, { mode: 0o755 });
    fs.writeFileSync(path.join(home, '.gitconfig'), `[init]\n\ttemplateDir = ${template}\n`);
    const previousHome = process.env.HOME;
    process.env.HOME = home;
    try {
      await mirrors().ensureCommit(repo.dir, seedSha);
    } finally {
      process.env.HOME = previousHome;
    }
    const [mirror] = (await readdir(root)).filter((entry) => !entry.startsWith('.'));
    expect(fs.existsSync(path.join(root, mirror, 'hooks'))).toBe(false);
    expect(fs.existsSync(marker)).toBe(false);
    await rm(home, { recursive: true, force: true });
  });

  it("reads a mirrored commit's committer date, and knows nothing of commits it does not have, without fetching", async () => {
    const git = mirrors();
    const committedAt = new Date(Number(repo.git('show', '--no-patch', '--format=%ct', seedSha)) * 1000);
    expect(await git.commitTime(repo.dir, seedSha)).toBeUndefined();
    await git.ensureCommit(repo.dir, seedSha);
    expect(await git.commitTime(repo.dir, seedSha)).toEqual(committedAt);
    const later = repo.commitFiles({ 'later.txt': 'later' });
    expect(await git.commitTime(repo.dir, later)).toBeUndefined();
    expect(await git.commitTime(repo.dir, seedSha.slice(0, 8))).toBeUndefined();
    expect(git.stats().fetch).toBe(1);
  });

  it('reads a commit time once, however many sync runs ask (concurrently or later), and retries what it did not know', async () => {
    const runner = new GitRunner();
    const git = mirrors({ runner });
    // A new mirror is not searched before its first fetch; the look after it learns the commit's date.
    await git.ensureCommit(repo.dir, seedSha);
    expect(runner.count('show')).toBe(1);
    const committedAt = new Date(Number(repo.git('show', '--no-patch', '--format=%ct', seedSha)) * 1000);
    const answers = await Promise.all(Array.from({ length: 20 }, () => git.commitTime(repo.dir, seedSha)));
    expect(answers).toEqual(Array.from({ length: 20 }, () => committedAt));
    expect(await git.commitTime(`file://${repo.dir}`, seedSha)).toEqual(committedAt);
    await git.ensureCommit(repo.dir, seedSha);
    expect(runner.count('show')).toBe(2);

    const later = repo.commitFiles({ 'later.txt': 'later' });
    expect(await git.commitTime(repo.dir, later)).toBeUndefined();
    expect(runner.count('show')).toBe(3);
    // Missing, fetched, found: the date comes with the finding.
    await git.ensureCommit(repo.dir, later);
    expect(runner.count('show')).toBe(5);
    expect(await git.commitTime(repo.dir, later)).toEqual(new Date(Number(repo.git('show', '--no-patch', '--format=%ct', later)) * 1000));
    expect(runner.count('show')).toBe(5);
    expect(runner.count('cat-file')).toBe(0);
  });

  it('fetches a repository it meets for the first time while ls-remote lists it, once', async () => {
    const runner = new GitRunner();
    const git = mirrors({ runner });
    const resolved = await git.resolveRevisions(repo.dir, ['HEAD']);
    expect(resolved.get('HEAD')).toEqual({ ok: true, sha: seedSha, ref: 'HEAD' });
    // The mirror was made and fetched with the listing, before any commit was asked for.
    expect({ init: runner.count('init'), fetch: runner.count('fetch'), show: runner.count('show') }).toEqual({ init: 1, fetch: 1, show: 0 });
    await git.ensureCommit(repo.dir, seedSha);
    // The commit is then found with one look, and nothing is made or fetched again.
    expect({ init: runner.count('init'), fetch: runner.count('fetch'), show: runner.count('show') }).toEqual({ init: 1, fetch: 1, show: 1 });
    const later = repo.commitFiles({ 'later.txt': 'later' });
    await git.resolveRevisions(repo.dir, ['HEAD']);
    await git.ensureCommit(repo.dir, later);
    expect(runner.count('fetch')).toBe(2);
  });

  it('leaves a first fetch that failed with ls-remote to the next look, which fetches again; nothing stays on disk', async () => {
    const runner = new GitRunner();
    const git = mirrors({ runner });
    const missing = path.join(path.dirname(repo.dir), `not-there-${Date.now()}`);
    await expect(git.resolveRevisions(missing, ['HEAD'])).rejects.toThrow();
    expect(await readdir(root)).toEqual([]);
    await expect(git.ensureCommit(missing, seedSha)).rejects.toThrow();
    expect(await readdir(root)).toEqual([]);
    expect(runner.count('init')).toBe(2);
    fs.cpSync(repo.dir, missing, { recursive: true });
    try {
      await git.ensureCommit(missing, seedSha);
      expect(await git.resolveRevisions(missing, ['HEAD'])).toEqual(new Map([['HEAD', { ok: true, sha: seedSha, ref: 'HEAD' }]]));
    } finally {
      fs.rmSync(missing, { recursive: true, force: true });
    }
  });

  it('resolves a full SHA that no ref points at after fetching it', async () => {
    const first = repo.commitFiles({ 'a.txt': 'a' });
    repo.commitFiles({ 'b.txt': 'b' });
    const git = mirrors();
    const result = await git.resolveRevisions(`file://${repo.dir}`, [first, first.slice(0, 10)]);
    expect(result.get(first)).toEqual({ ok: true, sha: first });
    expect(result.get(first.slice(0, 10))).toEqual({ ok: true, sha: first });
    expect(git.stats()).toEqual({ lsRemote: 1, fetch: 1 });
  });

  it('fetches a commit that only a non-branch ref (a pull request head) points at', async () => {
    repo.commitFiles({ 'pr.txt': 'pr' });
    const prSha = repo.git('rev-parse', 'HEAD');
    repo.git('update-ref', 'refs/pull/1/head', prSha);
    repo.git('reset', '--hard', '--quiet', 'HEAD~1');
    const git = mirrors();
    const result = await git.resolveRevisions(repo.dir, [prSha]);
    expect(result.get(prSha)).toEqual({ ok: true, sha: prSha, ref: 'refs/pull/1/head' });
    await git.ensureCommit(repo.dir, prSha);
    expect(await git.readTree(repo.dir, prSha, 'pr.txt')).toEqual([{ path: 'pr.txt', content: Buffer.from('pr') }]);
  });

  it('shares one ls-remote between concurrent callers of the same repository', async () => {
    const git = mirrors();
    const results = await Promise.all(['main', 'v1.0.0', 'HEAD', 'light'].map((r) => git.resolveRevisions(repo.dir, [r])));
    expect(results.map((r) => [...r.values()][0])).toEqual(Array(4).fill({ ok: true, sha: seedSha, ref: expect.any(String) }));
    expect(git.stats().lsRemote).toBe(1);
  });

  it.each([
    { name: 'unknown branch', revision: 'no-such-branch' },
    { name: 'unknown short SHA', revision: 'deadbeef' },
    { name: 'unknown full SHA', revision: 'f'.repeat(40) },
    { name: 'option-like revision', revision: '--upload-pack=touch' },
    { name: 'range syntax', revision: 'main..main' },
  ])('reports $name as RevisionNotFound', async ({ revision }) => {
    const result = await mirrors().resolveRevisions(repo.dir, [revision]);
    const entry = result.get(revision);
    expect(entry?.ok).toBe(false);
    expect(entry?.ok === false && entry.error.kind).toBe('RevisionNotFound');
  });

  it.each([
    { name: 'missing local path', url: () => path.join(root, 'nope'), kind: 'NotFound' },
    { name: 'missing file:// repository', url: () => `file://${path.join(root, 'nope.git')}`, kind: 'NotFound' },
    { name: 'local path when local repositories are off', url: () => repo.dir, kind: 'Failed', options: { allowLocal: false } },
    { name: 'unsupported scheme', url: () => 'ext::sh -c touch% /tmp/pwned', kind: 'Failed' },
  ])('throws $kind for $name', async ({ url, kind, options }) => {
    await expect(mirrors(options).resolveRevisions(url(), ['main'])).rejects.toMatchObject({ name: 'GitError', kind });
  });

  it('fetches a new commit once, however many callers ask concurrently', async () => {
    const git = mirrors();
    await git.ensureCommit(repo.dir, seedSha);
    await git.ensureCommit(repo.dir, seedSha);
    expect(git.stats().fetch).toBe(1);
    const next = repo.commitFiles({ 'apps/new.yaml': 'x: 1\n' });
    await Promise.all(Array.from({ length: 5 }, () => git.ensureCommit(repo.dir, next)));
    expect(git.stats().fetch).toBe(2);
    const mirrorDirs = await readdir(root);
    expect(mirrorDirs).toHaveLength(1);
    // The URL is passed per command: the mirror's config names no remote (and so never a credential).
    expect(await readFile(path.join(root, mirrorDirs[0], 'config'), 'utf8')).not.toContain(repo.dir);
  });

  it('resolves an empty list without asking the server', async () => {
    const git = mirrors();
    await expect(git.resolveRevisions(repo.dir, [])).resolves.toEqual(new Map());
    expect(git.stats().lsRemote).toBe(0);
  });

  it('uses one mirror for the same repository spelled as a path and as a file:// URL', async () => {
    const git = mirrors();
    await git.ensureCommit(repo.dir, seedSha);
    await git.ensureCommit(`file://${repo.dir}/`, seedSha);
    expect(await readdir(root)).toHaveLength(1);
    expect(git.stats().fetch).toBe(1);
  });

  it('reads the staging overlay without a checkout', async () => {
    const files = await mirrors().readTree(repo.dir, seedSha, 'apps/my-api/overlays/staging');
    expect(files.map((f) => f.path).sort()).toEqual(['kustomization.yaml', 'patch-replicas.yaml']);
    const kustomization = files.find((f) => f.path === 'kustomization.yaml');
    expect(kustomization?.content.toString()).toContain('namespace: staging');
  });

  it('reads binary content byte for byte', async () => {
    const bytes = Buffer.from([0, 255, 1, 254, 10, 13]);
    const sha = repo.commitFiles({ 'bin/blob.dat': bytes });
    const [file] = await mirrors().readTree(repo.dir, sha, 'bin/blob.dat');
    expect(file).toEqual({ path: 'blob.dat', content: bytes });
  });

  it.each([
    { name: 'too many files', limits: { maxFiles: 1, maxBytes: 1_000_000 }, kind: 'TooLarge', treePath: 'apps/my-api/base' },
    { name: 'too many bytes', limits: { maxFiles: 100, maxBytes: 100 }, kind: 'TooLarge', treePath: 'apps/my-api/base' },
    { name: 'missing path', limits: undefined, kind: 'NotFound', treePath: 'apps/nothing' },
    { name: 'path escaping the repository', limits: undefined, kind: 'Failed', treePath: '../etc' },
  ])('readTree: $name → $kind', async ({ limits, kind, treePath }) => {
    await expect(mirrors().readTree(repo.dir, seedSha, treePath, { limits })).rejects.toMatchObject({ kind });
  });

  it('kills an operation that outlives its deadline', async () => {
    const error = await mirrors({ remoteTimeoutMs: 1 })
      .resolveRevisions(repo.dir, ['main'])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitError);
    expect(error).toMatchObject({ kind: 'Timeout' });
  });

  it('materializes the whole commit and removes it on dispose', async () => {
    const git = mirrors();
    const tree = await git.materialize(repo.dir, seedSha, 'apps/my-api/overlays/production');
    expect(await readFile(path.join(tree.dir, 'kustomization.yaml'), 'utf8')).toContain('namespace: production');
    expect(await readdir(path.join(tree.root, 'apps/my-api/base'))).toContain('deployment.yaml');
    await tree.dispose();
    await tree.dispose();
    expect(await readdir(tmp)).toEqual([]);
    // Nothing of the checkout is recorded in the mirror: no worktree entry, no index.
    const mirror = path.join(root, (await readdir(root))[0]);
    expect(await readdir(mirror)).not.toEqual(expect.arrayContaining(['worktrees']));
    expect(await readdir(mirror)).not.toEqual(expect.arrayContaining(['index']));
  });

  it('fetches new commits while checkouts of the mirror are being made and removed', async () => {
    // With `git worktree add`, a fetch's connectivity check met a half-made worktree's placeholder HEAD and failed
    // ("bad object worktrees/…/HEAD"): a refresh then reported a ComparisonError instead of syncing the new commit.
    const git = mirrors();
    await git.ensureCommit(repo.dir, seedSha);
    for (let round = 0; round < 8; round++) {
      const next = repo.commitFiles({ [`round-${round}.txt`]: String(round) });
      const checkouts = Array.from({ length: 4 }, async () => (await git.materialize(repo.dir, seedSha, 'apps/my-api/base')).dispose());
      await Promise.all([git.ensureCommit(repo.dir, next), ...checkouts]);
    }
    expect(git.stats().fetch).toBeGreaterThanOrEqual(8);
    expect(await readdir(tmp)).toEqual([]);
  });

  it('never lets a symlink out of the tree: readTree skips it, materialize writes it as a plain file', async () => {
    await symlink('/etc/passwd', path.join(repo.dir, 'apps/my-api/base/leak.yaml'));
    const sha = repo.commitFiles({}, 'add symlink');
    const git = mirrors();
    const files = await git.readTree(repo.dir, sha, 'apps/my-api/base');
    expect(files.map((f) => f.path)).not.toContain('leak.yaml');
    const tree = await git.materialize(repo.dir, sha, 'apps/my-api/base');
    try {
      const leak = path.join(tree.dir, 'leak.yaml');
      expect((await lstat(leak)).isSymbolicLink()).toBe(false);
      expect(await readFile(leak, 'utf8')).toBe('/etc/passwd');
    } finally {
      await tree.dispose();
    }
  });

  it('renders a commit its mirror holds without looking it up first, and still knows its commit time after', async () => {
    const { runner, ran } = recordingRunner();
    const git = mirrors({ runner });
    await git.resolveRevisions(repo.dir, ['main']);
    ran.length = 0;
    const tree = await git.materialize(repo.dir, seedSha, 'apps/my-api/base');
    await tree.dispose();
    // The listing is the look-up; the commit's date (a sync run records it) is read beside the checkout, once.
    expect(ran[0]).toBe('ls-tree');
    expect(ran).toContain('checkout');
    const committedAt = new Date(Number(repo.git('show', '--no-patch', '--format=%ct', seedSha)) * 1000);
    expect(await git.commitTime(repo.dir, seedSha)).toEqual(committedAt);
    expect(ran.filter((command) => command === 'show')).toHaveLength(1);
    expect(ran).not.toContain('fetch');
  });

  it('fetches a commit its mirror lacks before listing it, for a checkout and for a read', async () => {
    const { runner, ran } = recordingRunner();
    const git = mirrors({ runner });
    await git.ensureCommit(repo.dir, seedSha);
    const later = repo.commitFiles({ 'apps/my-api/base/extra.yaml': 'kind: ConfigMap\n' });
    ran.length = 0;
    const tree = await git.materialize(repo.dir, later, 'apps/my-api/base');
    try {
      expect(await readFile(path.join(tree.dir, 'extra.yaml'), 'utf8')).toBe('kind: ConfigMap\n');
    } finally {
      await tree.dispose();
    }
    // The failed listing is the look-up: a push's commit costs no more git processes than before it was listed first.
    expect(ran).toEqual(['ls-tree', 'fetch', 'show', 'ls-tree', 'checkout']);
    expect(git.stats().fetch).toBe(2);
    // Many renders of a pushed commit at once: one fetch, the others find it after.
    const pushed = repo.commitFiles({ 'apps/my-api/base/pushed.yaml': 'kind: ConfigMap\n' });
    await Promise.all(Array.from({ length: 5 }, async () => (await git.materialize(repo.dir, pushed, 'apps/my-api/base')).dispose()));
    expect(git.stats().fetch).toBe(3);
    const third = repo.commitFiles({ 'apps/my-api/base/third.yaml': 'kind: Secret\n' });
    expect((await git.readTree(repo.dir, third, 'apps/my-api/base')).map((file) => file.path)).toContain('third.yaml');
    expect(git.stats().fetch).toBe(4);
    // A commit no one has fails as it did, and a mirror that was never made is made on the way.
    await expect(mirrors({ rootDir: await mkdtemp(path.join(os.tmpdir(), 'flotilla-mirrors-new-')) }).materialize(repo.dir, 'f'.repeat(40), '')).rejects.toMatchObject({ kind: 'RevisionNotFound' });
    expect(await readdir(tmp)).toEqual([]);
  });

  it('answers a commit over the limits at once, without looking for it again', async () => {
    const { runner, ran } = recordingRunner();
    const git = mirrors({ runner });
    await git.ensureCommit(repo.dir, seedSha);
    ran.length = 0;
    await expect(git.materialize(repo.dir, seedSha, 'apps', { limits: { maxFiles: 3, maxBytes: 1e9 } })).rejects.toMatchObject({ kind: 'TooLarge' });
    await expect(git.readTree(repo.dir, seedSha, 'apps', { limits: { maxFiles: 3, maxBytes: 1e9 } })).rejects.toMatchObject({ kind: 'TooLarge' });
    expect(ran).toEqual(['ls-tree', 'ls-tree']);
  });

  it('materialize refuses a missing directory and a commit over the limits, leaving no temp dirs', async () => {
    const git = mirrors();
    await expect(git.materialize(repo.dir, seedSha, 'apps/none')).rejects.toMatchObject({ kind: 'NotFound' });
    await expect(git.materialize(repo.dir, seedSha, 'apps', { limits: { maxFiles: 3, maxBytes: 1e9 } })).rejects.toMatchObject({ kind: 'TooLarge' });
    expect(await readdir(tmp)).toEqual([]);
  });
});

/** A real runner that also notes each git subcommand it runs, in order. */
function recordingRunner(): { runner: GitRunner; ran: string[] } {
  const ran: string[] = [];
  const runner = new (class extends GitRunner {
    override text(args: readonly string[], options: Parameters<GitRunner['text']>[1]): Promise<string> {
      ran.push(args[0]);
      return super.text(args, options);
    }
  })();
  return { runner, ran };
}
