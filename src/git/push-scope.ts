import * as path from 'node:path';
import { compileGlob } from '../common/glob';

/** What a push moved, as far as its payload says. */
export interface PushedChanges {
  /** The pushed branch or tag (`refs/heads/` or `refs/tags/` removed). */
  revision?: string;
  /** Whether the push moved the default branch (what `HEAD` follows). */
  touchedHead?: boolean;
  /**
   * Every file the pushed commits added, modified or removed, relative to the repository's root. Absent when the
   * payload does not list them all (a force push, more commits than the payload carries), so nothing is ruled out.
   */
  changedFiles?: readonly string[];
}

/** Argo CD's ParseRevision: a ref without its `refs/heads/` or `refs/tags/` (the part after the second '/'). */
export function shortRevision(ref: string): string {
  const parts = ref.split('/');
  return parts.slice(Math.min(2, parts.length - 1)).join('/');
}

/** Argo CD's annotation naming the paths whose changes concern an application (`;`-separated). */
export const MANIFEST_GENERATE_PATHS = 'argocd.argoproj.io/manifest-generate-paths';

/**
 * Whether a push can have moved what `targetRevision` follows, as Argo CD's webhook decides: empty or `HEAD` follows
 * the default branch; a branch or tag name (with or without `refs/heads/`, `refs/tags/`) must be the pushed one. A
 * push that does not say what it moved concerns every revision.
 */
export function revisionMoved(targetRevision: string | undefined, push: PushedChanges): boolean {
  if (push.revision === undefined) return true;
  const revision = targetRevision ?? '';
  const target = shortRevision(revision);
  if (target === '' || target === 'HEAD') return push.touchedHead ?? true;
  return target === push.revision || revision === push.revision;
}

/**
 * The repository paths an application's annotation names, as Argo CD reads them: one starting with `/` is from the
 * repository's root; any other is relative to each source's path (`.` is the source's own directory). Empty when the
 * application has no annotation: then every change concerns it.
 */
export function refreshPaths(annotation: string | undefined, sourcePaths: readonly string[]): string[] {
  if (!annotation) return [];
  const paths: string[] = [];
  for (const item of annotation.split(';').map((entry) => entry.trim())) {
    if (item === '') continue;
    if (item.startsWith('/')) paths.push(cleaned(item));
    else for (const source of sourcePaths) paths.push(cleaned(path.posix.join(source, item)));
  }
  return paths;
}

/**
 * Whether one of the changed files lies under (or is, or matches as a glob) one of the paths. Like Argo CD, an
 * unknown list of changes, or no paths at all, concerns everything.
 */
export function touchesPaths(paths: readonly string[], changedFiles: readonly string[] | undefined): boolean {
  if (changedFiles === undefined || changedFiles.length === 0 || paths.length === 0) return true;
  return changedFiles.some((file) => paths.some((item) => isUnder(cleaned(file), item)));
}

function isUnder(file: string, item: string): boolean {
  if (item === '' || file === item || file.startsWith(`${item}/`)) return true;
  const glob = compileGlob(item, '/');
  return glob.ok && glob.regex.test(file);
}

// Repository-relative, without a leading `/`, `./` or a trailing `/`: `/apps/x/` and `apps/x` are the same path.
function cleaned(value: string): string {
  const normal = path.posix.normalize(`/${value}`);
  return normal === '/' ? '' : normal.replace(/^\/+/, '').replace(/\/+$/, '');
}

/** An application as a push looks at it: its sources and its annotations. */
export interface PushReader {
  name: string;
  sources: readonly { repoURL: string; targetRevision?: string; path?: string }[];
  annotations?: Readonly<Record<string, string>>;
}

/**
 * The applications a push concerns, in the order to reconcile them: a source reading one of the pushed repositories
 * at the pushed revision, and, with the manifest-generate-paths annotation, a changed file under those paths (as
 * Argo CD's webhook skips the others). The applications whose own source directory holds a changed file come first:
 * they are the ones the commit was for, so a push to a monorepo reaches them before the rest of its readers (whose
 * directories may still include the changed files through a kustomize base, so they are refreshed too).
 */
export function applicationsConcerned(readers: readonly PushReader[], readsRepository: (repoURL: string) => boolean, push: PushedChanges): string[] {
  const first: string[] = [];
  const then: string[] = [];
  for (const reader of readers) {
    const pushed = reader.sources.filter((source) => readsRepository(source.repoURL) && revisionMoved(source.targetRevision, push));
    if (pushed.length === 0) continue;
    const sourcePaths = pushed.map((source) => source.path ?? '');
    if (!touchesPaths(refreshPaths(reader.annotations?.[MANIFEST_GENERATE_PATHS], sourcePaths), push.changedFiles)) continue;
    const direct = push.changedFiles !== undefined && push.changedFiles.length > 0 && touchesPaths(sourcePaths.map((source) => cleaned(source)), push.changedFiles);
    (direct ? first : then).push(reader.name);
  }
  return [...first, ...then];
}
