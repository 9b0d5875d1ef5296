/**
 * What the Git generator reads repositories through. The engine stays free of any Git client: the hub passes an
 * adapter over its bare mirrors (src/git `MirrorTreeSource`), scoped to one expansion pass so that sets reading
 * the same repository share one look-up of its refs. Every method rejects with an Error whose message is safe to
 * show (no credentials): the generator fails with it, and a failed generator fails the whole set.
 */
export interface GitTreeSource {
  /** The commit `revision` names now: a branch, a tag, a commit SHA, or `HEAD`/empty for the default branch. */
  resolve(repoURL: string, revision: string): Promise<string>;
  /** Every directory and regular file of commit `sha`, with '/'-separated paths relative to the root. */
  listTree(repoURL: string, sha: string): Promise<GitTreeEntry[]>;
  /** The content of one file listed by `listTree`. */
  readFile(repoURL: string, sha: string, path: string): Promise<Uint8Array>;
}

export interface GitTreeEntry {
  readonly path: string;
  readonly kind: 'file' | 'directory';
}
