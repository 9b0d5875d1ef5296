import { GitError } from './git-error';
import type { GitRunner, GitRunOptions } from './git-runner';

export interface TreeFile {
  /** Relative to the path that was read (for a single file: its base name). */
  readonly path: string;
  readonly content: Buffer;
}

export interface TreeLimits {
  readonly maxFiles: number;
  readonly maxBytes: number;
}

export interface TreeEntry {
  readonly path: string;
  readonly oid: string;
  readonly size: number;
}

type LocalRun = Omit<GitRunOptions, 'maxOutputBytes'>;

// Bytes of `ls-tree -l` output allowed per permitted entry: a mode, an id, a size and a long path.
const LS_TREE_BYTES_PER_ENTRY = 4096;

/** Validates a repository-relative path: no absolute paths, no `..`, no empty segments. */
export function normalizeTreePath(raw: string): string {
  const trimmed = raw.trim().replace(/^\.\/+/, '').replace(/\/+$/, '');
  if (trimmed === '' || trimmed === '.') return '';
  const segments = trimmed.split('/');
  if (trimmed.startsWith('/') || segments.some((s) => s === '' || s === '.' || s === '..')) {
    throw new GitError('Failed', `invalid path in repository: "${raw}"`);
  }
  return trimmed;
}

/**
 * Lists the regular files under `treePath` at `sha` with their sizes, enforcing the limits before any
 * content is read. Symlinks and submodules are left out: their targets are outside what we can bound.
 */
export async function listFiles(runner: GitRunner, sha: string, treePath: string, limits: TreeLimits, run: LocalRun): Promise<TreeEntry[]> {
  const args = ['ls-tree', '-r', '-l', '-z', '--full-tree', sha];
  if (treePath !== '') args.push('--', treePath);
  const output = await runner.text(args, { ...run, maxOutputBytes: (limits.maxFiles + 1) * LS_TREE_BYTES_PER_ENTRY });
  const entries: TreeEntry[] = [];
  let total = 0;
  for (const record of output.split('\0')) {
    const match = /^(\d+) (\w+) ([0-9a-f]+) +(\d+|-)\t(.+)$/s.exec(record);
    if (!match) continue;
    const [, mode, type, oid, size, filePath] = match;
    if (type !== 'blob' || mode === '120000') continue;
    if (treePath !== '' && filePath !== treePath && !filePath.startsWith(`${treePath}/`)) continue;
    entries.push({ path: filePath, oid, size: Number(size) });
    total += Number(size);
    if (entries.length > limits.maxFiles) {
      throw new GitError('TooLarge', `"${treePath || '/'}" has more than ${limits.maxFiles} files`);
    }
    if (total > limits.maxBytes) {
      throw new GitError('TooLarge', `"${treePath || '/'}" holds more than ${limits.maxBytes} bytes`);
    }
  }
  return entries;
}

/** A directory (a tree, or a submodule's directory) or a regular file of a commit, with its blob id and size. */
export type CommitTreeEntry =
  | { readonly kind: 'directory'; readonly path: string }
  | { readonly kind: 'file'; readonly path: string; readonly oid: string; readonly size: number };

/**
 * Every directory and regular file of commit `sha` (symlinks are left out: what they point at is not bounded),
 * failing with TooLarge beyond `maxEntries`.
 */
export async function listCommitTree(runner: GitRunner, sha: string, maxEntries: number, run: LocalRun): Promise<CommitTreeEntry[]> {
  const output = await runner.text(['ls-tree', '-r', '-t', '-l', '-z', '--full-tree', sha], { ...run, maxOutputBytes: (maxEntries + 1) * LS_TREE_BYTES_PER_ENTRY });
  const entries: CommitTreeEntry[] = [];
  for (const record of output.split('\0')) {
    const match = /^(\d+) (\w+) ([0-9a-f]+) +(\d+|-)\t(.+)$/s.exec(record);
    if (!match) continue;
    const [, mode, type, oid, size, filePath] = match;
    if (type === 'tree' || type === 'commit') entries.push({ kind: 'directory', path: filePath });
    else if (type === 'blob' && mode !== '120000') entries.push({ kind: 'file', path: filePath, oid, size: Number(size) });
    if (entries.length > maxEntries) throw new GitError('TooLarge', `the commit has more than ${maxEntries} files and directories`);
  }
  return entries;
}

/** Reads blob contents, a few at a time, each bounded by the size ls-tree reported. */
export async function readBlobs(runner: GitRunner, entries: readonly TreeEntry[], treePath: string, run: LocalRun): Promise<TreeFile[]> {
  const files: TreeFile[] = new Array<TreeFile>(entries.length);
  let next = 0;
  const worker = async () => {
    while (next < entries.length) {
      const index = next++;
      const entry = entries[index];
      const content = await runner.showBuffer([entry.oid], { ...run, maxOutputBytes: entry.size });
      files[index] = { path: relativeTo(treePath, entry.path), content };
    }
  };
  await Promise.all(Array.from({ length: Math.min(4, entries.length) }, worker));
  return files;
}

function relativeTo(treePath: string, filePath: string): string {
  if (treePath === '') return filePath;
  if (filePath === treePath) return filePath.split('/').pop() ?? filePath;
  return filePath.slice(treePath.length + 1);
}
