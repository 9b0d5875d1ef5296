import { createHash } from 'node:crypto';
import { access, mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openCredentialSession, type GitCredentials } from './git-credentials';
import { GitError } from './git-error';
import { GitRunner, type GitRunOptions } from './git-runner';
import { KeyedMutex } from './keyed-mutex';
import { type CommitTreeEntry, listCommitTree, listFiles, normalizeTreePath, readBlobs, type TreeEntry, type TreeFile, type TreeLimits } from './mirror-tree';
import { mirrorDirName, parseRepoUrl, type RepoLocation } from './repo-url';
import { isFullSha, matchRevision, parseLsRemote, type RemoteRefs } from './revisions';

export interface GitMirrorsOptions {
  /** Where the bare mirrors live (one per repository, shared by every application). */
  readonly rootDir: string;
  /** Where credential files and materialized trees go; defaults to the OS temp dir. */
  readonly tmpDir?: string;
  /** Accept absolute paths and file:// URLs. Off by default: they expose the hub's own filesystem. */
  readonly allowLocal?: boolean;
  /** Deadline for ls-remote and fetch (default 60 s) and for local operations (default 30 s). */
  readonly remoteTimeoutMs?: number;
  readonly localTimeoutMs?: number;
  /** Largest ls-remote listing accepted (default 16 MiB). */
  readonly maxRefsBytes?: number;
  /** Bounds of `readTree` (default 2 000 files, 32 MiB) and of `materialize`, which covers the whole commit. */
  readonly readTreeLimits?: TreeLimits;
  readonly materializeLimits?: TreeLimits;
  readonly runner?: GitRunner;
}

export type RevisionResolution =
  | { readonly ok: true; readonly sha: string; readonly ref?: string }
  | { readonly ok: false; readonly error: GitError };

export interface MaterializedTree {
  /** The checkout of the whole commit (kustomize overlays reach into sibling directories). */
  readonly root: string;
  /** `root` joined with the requested path. */
  readonly dir: string;
  /** Removes the checkout; safe to call more than once. */
  dispose(): Promise<void>;
}

export interface TreeReadOptions {
  readonly credentials?: GitCredentials;
  readonly limits?: TreeLimits;
}

// Heads and tags are all we mirror; a bare repository has no default refspec (see stack notes).
const MIRROR_REFSPECS = ['+refs/heads/*:refs/heads/*', '+refs/tags/*:refs/tags/*'];
/**
 * Commit times remembered (a commit's date never changes). Every sync run records its commit's date, so without
 * them a fleet rollout started one git process per application for the same few commits; 4,096 entries of about
 * 200 bytes are under 1 MB and cover every commit a fleet is on at once.
 */
const COMMIT_TIMES_KEPT = 4096;

/** Bare mirrors of remote repositories, fetched only when a commit is missing. */
export class GitMirrors {
  private readonly runner: GitRunner;
  private readonly mutex = new KeyedMutex();
  private readonly inflightLsRemote = new Map<string, Promise<Map<string, string>>>();
  /** Mirrors made (or found) since start, by directory: one entry per repository the hub reads. */
  private readonly mirrorsSeen = new Set<string>();
  /** Fetches into each mirror since start, by directory (`fetchesInto`). */
  private readonly fetchCounts = new Map<string, number>();
  /** Mirror directory + SHA → its committer date; in flight or known (see COMMIT_TIMES_KEPT). */
  private readonly commitTimes = new Map<string, Promise<Date | undefined>>();
  private readonly tmpDir: string;

  constructor(private readonly options: GitMirrorsOptions) {
    this.runner = options.runner ?? new GitRunner();
    this.tmpDir = options.tmpDir ?? os.tmpdir();
  }

  /** Git traffic so far: callers and tests use it to prove requests are shared. */
  stats(): { lsRemote: number; fetch: number } {
    return { lsRemote: this.runner.count('ls-remote'), fetch: this.runner.count('fetch') };
  }

  /**
   * Resolves many revisions with one ls-remote (shared with concurrent callers of the same repository).
   * Repository-level failures (unreachable, auth) throw; per-revision failures are entries in the map.
   */
  async resolveRevisions(
    repoURL: string,
    revisions: readonly string[],
    credentials?: GitCredentials,
    knownRefs?: RemoteRefs,
  ): Promise<Map<string, RevisionResolution>> {
    const location = this.locate(repoURL);
    const results = new Map<string, RevisionResolution>();
    if (revisions.length === 0) return results;
    const refs = knownRefs ?? (await this.lsRemote(location, credentials));
    const shortShas: string[] = [];
    for (const revision of new Set(revisions)) {
      const match = matchRevision(refs, revision);
      if (match.kind === 'ref') results.set(revision, { ok: true, sha: match.sha, ref: match.ref });
      else if (match.kind === 'invalid') results.set(revision, failed(new GitError('RevisionNotFound', match.reason)));
      else if (match.kind === 'missing') results.set(revision, failed(notFound(revision)));
      else if (match.full) results.set(revision, await this.resolveFullSha(repoURL, match.candidate, credentials));
      else shortShas.push(revision);
    }
    if (shortShas.length > 0) {
      for (const [revision, resolution] of await this.resolveShortShas(location, shortShas, credentials)) results.set(revision, resolution);
    }
    return results;
  }

  /**
   * The repository's refs as one ls-remote lists them now: a caller resolving several revisions over a pass
   * looks them up once and hands them to `resolveRevisions`.
   */
  remoteRefs(repoURL: string, credentials?: GitCredentials): Promise<RemoteRefs> {
    return this.lsRemote(this.locate(repoURL), credentials);
  }

  /** Every directory and regular file of commit `sha`, fetched into the mirror first if it is new. */
  async listCommit(repoURL: string, sha: string, credentials?: GitCredentials, maxEntries = 100_000): Promise<CommitTreeEntry[]> {
    await this.ensureCommit(repoURL, sha, credentials);
    return listCommitTree(this.runner, sha, maxEntries, this.localRun(this.mirrorPath(this.locate(repoURL))));
  }

  /** One blob of the mirror, read whole: `size` (from `listCommit`) bounds the read. */
  readBlob(repoURL: string, oid: string, size: number): Promise<Buffer> {
    return this.runner.showBuffer([oid], { ...this.localRun(this.mirrorPath(this.locate(repoURL))), maxOutputBytes: size });
  }

  /**
   * Makes sure `sha` is in the mirror; fetches (once, under the repository's lock) only when it is not.
   * `missingAsOfFetches`: the mirror lacked it when it had had this many fetches (`fetchesInto`); if no fetch came in
   * since, it is fetched without looking again.
   */
  async ensureCommit(repoURL: string, sha: string, credentials?: GitCredentials, missingAsOfFetches?: number): Promise<void> {
    if (!isFullSha(sha)) throw new GitError('RevisionNotFound', `"${sha}" is not a full commit SHA`);
    const location = this.locate(repoURL);
    const mirror = this.mirrorPath(location);
    await this.mutex.run(location.normalized, async () => {
      // A mirror made just now has no commit to look for.
      if (await this.initMirror(mirror)) await this.fetchNewMirror(location, mirror, credentials);
      else if (missingAsOfFetches !== this.fetchesInto(mirror) && (await this.hasCommit(mirror, sha))) return;
      else await this.fetch(location, mirror, MIRROR_REFSPECS, credentials);
      if (await this.hasCommit(mirror, sha)) return;
      // A commit no head or tag contains (e.g. from a deleted branch) may still be served by id; a ref of
      // our own keeps it from being garbage-collected as unreachable.
      await this.fetch(location, mirror, [`${sha}:refs/flotilla/commits/${sha}`], credentials).catch((error: unknown) => {
        if (!(error instanceof GitError) || error.kind === 'Timeout' || error.kind === 'AuthFailed') throw error;
      });
      if (!(await this.hasCommit(mirror, sha))) throw notFound(sha);
    });
  }

  /** Reads the files under `treePath` at `sha` without a checkout, bounded before any content is read. */
  async readTree(repoURL: string, sha: string, treePath: string, options: TreeReadOptions = {}): Promise<TreeFile[]> {
    const normalizedPath = normalizeTreePath(treePath);
    const run = this.localRun(this.mirrorPath(this.locate(repoURL)));
    const limits = options.limits ?? this.options.readTreeLimits ?? { maxFiles: 2_000, maxBytes: 32 * 1024 * 1024 };
    const entries = await this.listAt(repoURL, sha, normalizedPath, limits, options.credentials);
    if (entries.length === 0) throw new GitError('NotFound', `path "${normalizedPath}" not found at ${sha}`);
    return readBlobs(this.runner, entries, normalizedPath, run);
  }

  /** Checks the whole commit out into a temporary directory (for tools that need a filesystem). */
  async materialize(repoURL: string, sha: string, treePath: string, options: TreeReadOptions = {}): Promise<MaterializedTree> {
    const normalizedPath = normalizeTreePath(treePath);
    const mirror = this.mirrorPath(this.locate(repoURL));
    const limits = options.limits ?? this.options.materializeLimits ?? { maxFiles: 20_000, maxBytes: 256 * 1024 * 1024 };
    const entries = await this.listAt(repoURL, sha, '', limits, options.credentials);
    if (normalizedPath !== '' && !entries.some((e) => e.path.startsWith(`${normalizedPath}/`))) {
      throw new GitError('NotFound', `directory "${normalizedPath}" not found at ${sha}`);
    }
    const tmp = await mkdtemp(path.join(this.tmpDir, 'flotilla-src-'));
    const root = path.join(tmp, path.basename(tmp));
    let disposed: Promise<void> | undefined;
    const dispose = () => (disposed ??= rm(tmp, { recursive: true, force: true }));
    try {
      await mkdir(root);
      if (entries.length > 0) await this.checkOut(mirror, sha, root, path.join(tmp, 'index'));
    } catch (error) {
      await dispose();
      throw error;
    }
    return { root, dir: path.join(root, normalizedPath), dispose };
  }

  /**
   * The files under `treePath` at `sha`, fetched into the mirror first only when it lacks the commit. The listing is
   * the look-up: a commit the mirror holds (a new application on a fetched commit, every render after a restart) costs
   * no separate git process before it, and a pushed one no more than before (a failed listing, then the fetch). The
   * commit's time, which the sync run records, is looked up beside the listing instead.
   */
  private async listAt(repoURL: string, sha: string, treePath: string, limits: TreeLimits, credentials: GitCredentials | undefined): Promise<TreeEntry[]> {
    if (!isFullSha(sha)) throw new GitError('RevisionNotFound', `"${sha}" is not a full commit SHA`);
    const mirror = this.mirrorPath(this.locate(repoURL));
    const run = this.localRun(mirror);
    const fetchesBefore = this.fetchesInto(mirror);
    if (await exists(path.join(mirror, 'HEAD'))) {
      try {
        const entries = await listFiles(this.runner, sha, treePath, limits, run);
        this.commitTime(repoURL, sha).catch(() => undefined);
        return entries;
      } catch (error) {
        // Too large or too slow is the answer; anything else may be a commit the mirror has yet to fetch.
        if (!(error instanceof GitError) || error.kind === 'TooLarge' || error.kind === 'Timeout') throw error;
      }
    }
    // A push's new commit: fetched without asking the mirror again, unless a fetch came in since it was listed.
    await this.ensureCommit(repoURL, sha, credentials, fetchesBefore);
    return listFiles(this.runner, sha, treePath, limits, run);
  }

  /**
   * When `sha` was committed (its committer date), read from the mirror; undefined when the mirror does not have
   * the commit or cannot say. Local only: a lead-time figure is not worth a fetch.
   */
  async commitTime(repoURL: string, sha: string): Promise<Date | undefined> {
    if (!isFullSha(sha)) return undefined;
    let mirror: string;
    try {
      mirror = this.mirrorPath(this.locate(repoURL));
    } catch (error) {
      if (error instanceof GitError) return undefined;
      throw error;
    }
    const key = `${mirror}\0${sha}`;
    const known = this.commitTimes.get(key);
    if (known) return known;
    const reading = this.lookUpCommit(mirror, sha).then(
      (found) => found?.committedAt,
      (error: unknown) => {
        if (error instanceof GitError) return undefined;
        throw error;
      },
    );
    this.rememberCommitTime(key, reading);
    // Not knowing is not remembered: the mirror may fetch the commit later.
    const forget = () => this.commitTimes.get(key) === reading && this.commitTimes.delete(key);
    void reading.then((time) => time ?? forget(), forget);
    return reading;
  }

  private rememberCommitTime(key: string, time: Promise<Date | undefined>): void {
    this.commitTimes.delete(key);
    this.commitTimes.set(key, time);
    if (this.commitTimes.size > COMMIT_TIMES_KEPT) this.commitTimes.delete(this.commitTimes.keys().next().value!);
  }

  /**
   * The commit `sha` of the mirror with its committer date (unknown if git prints none), or undefined when the mirror
   * does not have it as a commit. One git process answers both, so finding a commit costs no second one for its date.
   */
  private async lookUpCommit(mirror: string, sha: string): Promise<{ committedAt?: Date } | undefined> {
    let out: string;
    try {
      out = await this.runner.text(['show', '--no-patch', '--format=%ct', `${sha}^{commit}`], { ...this.localRun(mirror), maxOutputBytes: 1024 });
    } catch (error) {
      if (error instanceof GitError && error.kind !== 'Timeout') return undefined;
      throw error;
    }
    const seconds = Number(out.trim());
    return Number.isSafeInteger(seconds) && out.trim() !== '' ? { committedAt: new Date(seconds * 1000) } : {};
  }

  private locate(repoURL: string): RepoLocation {
    return parseRepoUrl(repoURL, this.options.allowLocal ?? false);
  }

  private mirrorPath(location: RepoLocation): string {
    return path.join(this.options.rootDir, mirrorDirName(location));
  }

  private localRun(cwd: string): Omit<GitRunOptions, 'maxOutputBytes'> {
    return { cwd, timeoutMs: this.options.localTimeoutMs ?? 30_000 };
  }

  private async lsRemote(location: RepoLocation, credentials: GitCredentials | undefined): Promise<Map<string, string>> {
    // Concurrent callers with the same repository and credentials share one request.
    const key = `${location.normalized}\0${credentialKey(credentials)}`;
    let pending = this.inflightLsRemote.get(key);
    if (!pending) {
      const first = this.fetchIfNew(location, credentials);
      const listing = this.remote(location, credentials, ['ls-remote', '--', location.fetchUrl], this.options.maxRefsBytes ?? 16 * 1024 * 1024).then(parseLsRemote);
      // Answered once both are done: nothing of the call goes on behind the caller's back.
      pending = Promise.allSettled([listing, first])
        .then(() => listing)
        .finally(() => this.inflightLsRemote.delete(key));
      this.inflightLsRemote.set(key, pending);
    }
    return pending;
  }

  /**
   * A repository met for the first time has no mirror: it is made and fetched while ls-remote lists its refs (a new
   * mirror is fetched whatever the refs say), instead of after, which took both off the path of a new set's first
   * render. Never rejects.
   */
  private async fetchIfNew(location: RepoLocation, credentials: GitCredentials | undefined): Promise<void> {
    const mirror = this.mirrorPath(location);
    if (this.mirrorsSeen.has(mirror)) return;
    this.mirrorsSeen.add(mirror);
    // A failure is the ensureCommit's to report (it fetches again), not this one's.
    await this.mutex
      .run(location.normalized, async () => {
        if (await this.initMirror(mirror)) await this.fetchNewMirror(location, mirror, credentials);
      })
      .catch(() => undefined);
  }

  /**
   * The first fetch into a mirror made just now (under the repository's lock). When it fails the mirror goes again,
   * so a repository that cannot be fetched (a mistyped URL) leaves nothing on disk, and the next call starts afresh.
   */
  private async fetchNewMirror(location: RepoLocation, mirror: string, credentials: GitCredentials | undefined): Promise<void> {
    try {
      await this.fetch(location, mirror, MIRROR_REFSPECS, credentials);
    } catch (error) {
      this.mirrorsSeen.delete(mirror);
      await rm(mirror, { recursive: true, force: true });
      throw error;
    }
  }

  private async fetch(location: RepoLocation, mirror: string, refspecs: readonly string[], credentials: GitCredentials | undefined): Promise<void> {
    const args = ['fetch', '--quiet', '--prune', '--update-head-ok', '--no-write-fetch-head', '--', location.fetchUrl, ...refspecs];
    try {
      // Housekeeping that fetch triggers runs inline, under our deadline, instead of as a detached process.
      await this.remote(location, credentials, args, 1024 * 1024, mirror, ['gc.autoDetach=false', 'maintenance.autoDetach=false']);
    } finally {
      // Counted whatever the outcome: a failed fetch may still have brought objects in.
      this.fetchCounts.set(mirror, this.fetchesInto(mirror) + 1);
    }
  }

  /** Fetches into `mirror` since start (attempts): a look at the mirror older than the last one may be out of date. */
  private fetchesInto(mirror: string): number {
    return this.fetchCounts.get(mirror) ?? 0;
  }

  private async remote(
    location: RepoLocation,
    credentials: GitCredentials | undefined,
    args: string[],
    maxOutputBytes: number,
    cwd?: string,
    config: string[] = [],
  ): Promise<string> {
    if (cwd === undefined) await mkdir(this.options.rootDir, { recursive: true });
    const session = await openCredentialSession(location, credentials, this.tmpDir);
    try {
      const timeoutMs = this.options.remoteTimeoutMs ?? 60_000;
      return await this.runner.text(args, { cwd: cwd ?? this.options.rootDir, timeoutMs, maxOutputBytes, session, config });
    } finally {
      await session.dispose();
    }
  }

  /** Makes the mirror unless it exists; true when it was made now. */
  private async initMirror(mirror: string): Promise<boolean> {
    if (await exists(path.join(mirror, 'HEAD'))) return false;
    await mkdir(this.options.rootDir, { recursive: true });
    // Initialised under a temporary name and renamed, so a crash never leaves a half-made mirror behind.
    const staging = await mkdtemp(`${mirror}.init-`);
    try {
      // No template: git copies none of its sample hooks (a tenth of init's time here), and no init.templateDir of the
      // machine's puts hooks in a mirror (a reference-transaction hook would run at every fetch).
      await this.runner.text(['init', '--bare', '--quiet', '--template=', staging], { ...this.localRun(this.options.rootDir), maxOutputBytes: 64 * 1024 });
      await rename(staging, mirror);
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
    return true;
  }

  /** Whether the mirror has commit `sha`; its committer date is remembered on the way (every sync run records it). */
  private async hasCommit(mirror: string, sha: string): Promise<boolean> {
    const found = await this.lookUpCommit(mirror, sha);
    if (found?.committedAt) this.rememberCommitTime(`${mirror}\0${sha}`, Promise.resolve(found.committedAt));
    return found !== undefined;
  }

  private async resolveFullSha(repoURL: string, sha: string, credentials: GitCredentials | undefined): Promise<RevisionResolution> {
    try {
      await this.ensureCommit(repoURL, sha, credentials);
      return { ok: true, sha };
    } catch (error) {
      if (error instanceof GitError) return failed(error);
      throw error;
    }
  }

  /** Short ids only mean something against objects we have: look, fetch once if any is unknown, look again. */
  private async resolveShortShas(location: RepoLocation, revisions: readonly string[], credentials: GitCredentials | undefined): Promise<Map<string, RevisionResolution>> {
    const mirror = this.mirrorPath(location);
    return this.mutex.run(location.normalized, async () => {
      await this.initMirror(mirror);
      const results = new Map<string, RevisionResolution>();
      for (const attempt of ['local', 'after fetch'] as const) {
        const pending = revisions.filter((r) => !results.get(r)?.ok);
        if (pending.length === 0) break;
        if (attempt === 'after fetch') await this.fetch(location, mirror, MIRROR_REFSPECS, credentials);
        for (const revision of pending) results.set(revision, await this.revParse(mirror, revision));
      }
      return results;
    });
  }

  private async revParse(mirror: string, revision: string): Promise<RevisionResolution> {
    try {
      const out = await this.runner.text(['rev-parse', '--verify', '--quiet', '--end-of-options', `${revision}^{commit}`], {
        ...this.localRun(mirror),
        maxOutputBytes: 1024,
      });
      return { ok: true, sha: out.trim() };
    } catch (error) {
      if (error instanceof GitError && error.kind === 'Timeout') return failed(error);
      return failed(notFound(revision));
    }
  }

  /**
   * Writes the files of `sha` under `root` through an index of its own, leaving the mirror untouched. Not `git worktree
   * add`: that registers the checkout in the mirror, with a placeholder HEAD while it is made, and a fetch's
   * connectivity check walking every worktree's HEAD then fails on it ("bad object worktrees/…/HEAD").
   */
  private async checkOut(mirror: string, sha: string, root: string, index: string): Promise<void> {
    // Symlinks become plain files holding the link text, so nothing in the checkout points outside it.
    await this.runner.text(['checkout', '--quiet', sha, '--', '.'], {
      ...this.localRun(mirror),
      config: ['core.bare=false', 'core.symlinks=false'],
      env: { GIT_WORK_TREE: root, GIT_INDEX_FILE: index, GIT_LFS_SKIP_SMUDGE: '1' },
      maxOutputBytes: 64 * 1024,
    });
  }
}

function failed(error: GitError): RevisionResolution {
  return { ok: false, error };
}

function notFound(revision: string): GitError {
  return new GitError('RevisionNotFound', `revision "${revision}" not found`);
}

function credentialKey(credentials: GitCredentials | undefined): string {
  return credentials === undefined ? '' : createHash('sha256').update(JSON.stringify(credentials)).digest('hex');
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}
