import * as path from 'node:path';

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
 * the default branch; a branch or tag name (as is, or as a full `refs/heads/…`, `refs/tags/…` ref) must be the pushed
 * one. A push that does not say what it moved concerns every revision.
 */
export function revisionMoved(targetRevision: string | undefined, push: PushedChanges): boolean {
  if (push.revision === undefined) return true;
  const revision = targetRevision ?? '';
  const target = shortRevision(revision);
  if (target === '' || target === 'HEAD') return push.touchedHead ?? true;
  // Only a full ref is shortened: `feature/x` is that branch, not `x`.
  return (FULL_REF.test(revision) ? target : revision) === push.revision;
}

const FULL_REF = /^refs\/(heads|tags)\//;

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
 * Whether one of the changed files is one of the paths, lies under one, or matches one as a glob. Like Argo CD, an
 * unknown list of changes, or no paths at all, concerns everything.
 */
export function touchesPaths(paths: readonly string[], changedFiles: readonly string[] | undefined): boolean {
  if (changedFiles === undefined || changedFiles.length === 0 || paths.length === 0) return true;
  const matchers = paths.map(pathMatcher);
  return changedFiles.some((file) => {
    const clean = cleaned(file);
    return matchers.some((matches) => matches(clean));
  });
}

// What Argo CD accepts for a changed file: the path itself, a file under it, or a match of Go's filepath.Match.
function pathMatcher(item: string): (file: string) => boolean {
  const under = (file: string) => isUnder(file, item);
  if (!/[*?[\\]/.test(item)) return under;
  const glob = compilePathGlob(item);
  return (file) => under(file) || (glob !== undefined && glob(file));
}

type GlobToken = { star: true } | { star: false; accepts(char: string): boolean };

/**
 * Go's filepath.Match: `*` any run of characters but `/`, `?` one such character, `[a-z]` and `[^a-z]` classes, `\`
 * escapes. Matched segment by segment, with one backtracking point per segment, so no pattern costs more than the
 * product of the lengths (user-written patterns never run a backtracking regular expression). Undefined when
 * malformed: Go answers an error, which Argo CD counts as no match.
 */
function compilePathGlob(pattern: string): ((file: string) => boolean) | undefined {
  const segments = pattern.split('/').map(compileSegment);
  if (segments.some((segment) => segment === undefined)) return undefined;
  const compiled = segments as GlobToken[][];
  return (file) => {
    const parts = file.split('/');
    return parts.length === compiled.length && parts.every((part, index) => matchSegment(compiled[index], part));
  };
}

function compileSegment(segment: string): GlobToken[] | undefined {
  const tokens: GlobToken[] = [];
  for (let index = 0; index < segment.length; index++) {
    const char = segment[index];
    if (char === '*') {
      if (!tokens.at(-1)?.star) tokens.push({ star: true });
    } else if (char === '?') {
      tokens.push({ star: false, accepts: () => true });
    } else if (char === '\\') {
      if (++index >= segment.length) return undefined;
      const literal = segment[index];
      tokens.push({ star: false, accepts: (c) => c === literal });
    } else if (char === '[') {
      const close = segment.indexOf(']', index + 2);
      if (close === -1) return undefined;
      const body = segment.slice(index + 1, close);
      const negated = body.startsWith('^') || body.startsWith('!');
      const ranges = rangesOf(negated ? body.slice(1) : body);
      if (!ranges) return undefined;
      tokens.push({ star: false, accepts: (c) => ranges.some(([low, high]) => c >= low && c <= high) !== negated });
      index = close;
    } else {
      tokens.push({ star: false, accepts: (c) => c === char });
    }
  }
  return tokens;
}

function rangesOf(body: string): [string, string][] | undefined {
  const ranges: [string, string][] = [];
  for (let index = 0; index < body.length; index++) {
    const low = body[index];
    if (body[index + 1] === '-' && index + 2 < body.length) {
      ranges.push([low, body[index + 2]]);
      index += 2;
    } else ranges.push([low, low]);
  }
  return ranges.length > 0 ? ranges : undefined;
}

// The classic wildcard walk: on a mismatch, the last `*` takes one more character.
function matchSegment(tokens: readonly GlobToken[], text: string): boolean {
  let token = 0;
  let at = 0;
  let lastStar = -1;
  let starAt = 0;
  while (at < text.length) {
    const current = tokens[token];
    if (current && !current.star && current.accepts(text[at])) {
      token++;
      at++;
    } else if (current?.star) {
      lastStar = token++;
      starAt = at;
    } else if (lastStar >= 0) {
      token = lastStar + 1;
      at = ++starAt;
    } else return false;
  }
  while (tokens[token]?.star) token++;
  return token === tokens.length;
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

/** The applications a push concerns, in two turns: `first`, those the commit was for; `then`, the rest of its readers. */
export interface ConcernedApplications {
  first: string[];
  then: string[];
}

/**
 * The applications a push concerns: a source reading one of the pushed repositories at the pushed revision, and, with
 * the manifest-generate-paths annotation, a changed file under those paths (as Argo CD's webhook skips the others).
 * Those whose own source directory holds a changed file come `first`: they are the ones the commit was for, so a push
 * to a monorepo reaches them before the rest of its readers, which come `then` (their directories may still include
 * the changed files through a kustomize base, so they are refreshed too). Without the changed files, all come `then`.
 */
export function applicationsConcerned(readers: readonly PushReader[], readsRepository: (repoURL: string) => boolean, push: PushedChanges): ConcernedApplications {
  const first: string[] = [];
  const then: string[] = [];
  for (const reader of readers) {
    const pushed = reader.sources.filter((source) => readsRepository(source.repoURL) && revisionMoved(source.targetRevision, push));
    if (pushed.length === 0) continue;
    const sourcePaths = pushed.map((source) => source.path ?? '');
    if (!touchesPaths(refreshPaths(reader.annotations?.[MANIFEST_GENERATE_PATHS], sourcePaths), push.changedFiles)) continue;
    const direct = holdsChangedFile(sourcePaths, push.changedFiles);
    (direct ? first : then).push(reader.name);
  }
  return { first, then };
}

// Source paths are directories, never globs.
function holdsChangedFile(sourcePaths: readonly string[], changedFiles: readonly string[] | undefined): boolean {
  if (!changedFiles) return false;
  const directories = sourcePaths.map(cleaned);
  return changedFiles.some((file) => {
    const clean = cleaned(file);
    return directories.some((directory) => isUnder(clean, directory));
  });
}

function isUnder(file: string, directory: string): boolean {
  return directory === '' || file === directory || file.startsWith(`${directory}/`);
}
