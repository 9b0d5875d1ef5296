import type { GitCredentials } from './git-credentials';
import { GitError } from './git-error';
import type { GitMirrors } from './git-mirrors';
import type { CommitTreeEntry } from './mirror-tree';
import { maskRepoUrl, parseRepoUrl } from './repo-url';
import type { RemoteRefs } from './revisions';

export interface MirrorTreeSourceOptions {
  /** The registered credentials of a repository (looked up once per repository by this source). */
  credentialsFor(repoURL: string): Promise<GitCredentials | undefined>;
  allowLocal: boolean;
}

/**
 * Repository contents for ApplicationSet Git generators, read from the bare mirrors, for ONE pass over the sets:
 * each repository's refs are listed once (one ls-remote however many sets and revisions read it), each commit is
 * fetched only when the mirror lacks it and listed once, files are read by blob id without a checkout. Open a new
 * source per pass, so the next pass sees new commits. Every rejection is a GitError naming the repository with
 * its credentials masked; its message is safe to show.
 */
export class MirrorTreeSource {
  private readonly refs = new Map<string, Promise<RemoteRefs>>();
  private readonly credentials = new Map<string, Promise<GitCredentials | undefined>>();
  private readonly trees = new Map<string, Promise<Map<string, CommitTreeEntry>>>();

  constructor(
    private readonly mirrors: GitMirrors,
    private readonly options: MirrorTreeSourceOptions,
  ) {}

  async resolve(repoURL: string, revision: string): Promise<string> {
    return this.reading(repoURL, async (key) => {
      const credentials = await this.credentialsOf(key, repoURL);
      const refs = this.memo(this.refs, key, () => this.mirrors.remoteRefs(repoURL, credentials));
      const resolution = (await this.mirrors.resolveRevisions(repoURL, [revision], credentials, await refs)).get(revision);
      if (!resolution?.ok) throw resolution?.error ?? new GitError('RevisionNotFound', `revision "${revision}" not found`);
      return resolution.sha;
    });
  }

  async listTree(repoURL: string, sha: string): Promise<{ path: string; kind: 'file' | 'directory' }[]> {
    return this.reading(repoURL, async (key) => [...(await this.tree(key, repoURL, sha)).values()].map(({ path, kind }) => ({ path, kind })));
  }

  async readFile(repoURL: string, sha: string, path: string): Promise<Uint8Array> {
    return this.reading(repoURL, async (key) => {
      const entry = (await this.tree(key, repoURL, sha)).get(path);
      if (entry?.kind !== 'file') throw new GitError('NotFound', `file "${path}" not found at ${sha}`);
      return this.mirrors.readBlob(repoURL, entry.oid, entry.size);
    });
  }

  private tree(key: string, repoURL: string, sha: string): Promise<Map<string, CommitTreeEntry>> {
    return this.memo(this.trees, `${key}\0${sha}`, async () => {
      const entries = await this.mirrors.listCommit(repoURL, sha, await this.credentialsOf(key, repoURL));
      return new Map(entries.map((entry) => [entry.path, entry]));
    });
  }

  private credentialsOf(key: string, repoURL: string): Promise<GitCredentials | undefined> {
    return this.memo(this.credentials, key, () => this.options.credentialsFor(repoURL));
  }

  private memo<T>(cache: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> {
    let pending = cache.get(key);
    if (!pending) {
      pending = load();
      cache.set(key, pending);
    }
    return pending;
  }

  /** Runs one read; whatever fails becomes a GitError prefixed with the masked repository URL. */
  private async reading<T>(repoURL: string, read: (key: string) => Promise<T>): Promise<T> {
    const shown = maskRepoUrl(repoURL);
    try {
      return await read(parseRepoUrl(repoURL, this.options.allowLocal).normalized);
    } catch (error) {
      if (error instanceof GitError) throw new GitError(error.kind, `repository ${shown}: ${error.message}`, { cause: error });
      // Not a Git failure (the credential store, say): its text is not vetted, so it stays in the cause.
      throw new GitError('Failed', `repository ${shown}: could not be read`, { cause: error });
    }
  }
}
