import { BoundedMemo } from '../../../common/bounded-memo';

/*
 * The two pattern languages of Argo CD's Git generator, matched over repository-relative paths:
 *  - `directories[].path` uses Go's path.Match: `*` and `?` never cross '/', `[...]` classes (`^` negates),
 *    `\` escapes; a malformed pattern matches nothing (Argo CD logs it and moves on);
 *  - `files[].path` is handed to `git ls-files -- <pattern>` (Argo CD's default globbing): a git pathspec,
 *    where a literal pattern also matches everything below the directory it names, and a wildcard pattern is
 *    a wildmatch without WM_PATHNAME, so `*` (and `**`, and `?`) DO cross '/': `apps/*.json` matches
 *    `apps/a/b.json` too ("very greedy", as Argo CD's documentation puts it).
 */

/** Go's path.Match(pattern, name); false where Go returns ErrBadPattern. */
export function goPathMatch(pattern: string, name: string): boolean {
  const regex = goPatternRegex(pattern);
  return regex !== null && regex.test(name);
}

// Compiled once per pattern; sets hold few, but any number may come and go over time.
const goPatterns = new BoundedMemo<RegExp | null>(1000);

function goPatternRegex(pattern: string): RegExp | null {
  return goPatterns.get(pattern, () => translateGoPattern([...pattern]));
}

function translateGoPattern(chars: string[]): RegExp | null {
  let source = '';
  let index = 0;
  while (index < chars.length) {
    const char = chars[index++];
    if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else if (char === '\\') {
      if (index >= chars.length) return null;
      source += escapeRegex(chars[index++]);
    } else if (char === '[') {
      const parsed = goClass(chars, index);
      if (parsed === null) return null;
      source += parsed.source;
      index = parsed.next;
    } else source += escapeRegex(char);
  }
  return new RegExp(`^${source}$`, 'su');
}

// A class is one or more `c` or `lo-hi` items up to `]`; `-` and `]` must be escaped where they are items.
function goClass(chars: string[], start: number): { source: string; next: number } | null {
  let index = start;
  let negated = false;
  if (chars[index] === '^') {
    negated = true;
    index++;
  }
  const ranges: string[] = [];
  for (;;) {
    if (index >= chars.length) return null;
    if (chars[index] === ']' && ranges.length > 0) return { source: `[${negated ? '^' : ''}${ranges.join('')}]`, next: index + 1 };
    const low = classChar(chars, index);
    if (low === null) return null;
    index = low.next;
    let high = low;
    if (chars[index] === '-') {
      const parsed = classChar(chars, index + 1);
      if (parsed === null) return null;
      high = parsed;
      index = parsed.next;
      if (high.char.codePointAt(0)! < low.char.codePointAt(0)!) return null;
    }
    ranges.push(high === low ? escapeClassChar(low.char) : `${escapeClassChar(low.char)}-${escapeClassChar(high.char)}`);
  }
}

function classChar(chars: string[], index: number): { char: string; next: number } | null {
  const char = chars[index];
  if (char === undefined || char === '-' || char === ']') return null;
  if (char === '\\') return index + 1 < chars.length ? { char: chars[index + 1], next: index + 2 } : null;
  return { char, next: index + 1 };
}

function escapeRegex(char: string): string {
  return /[\\^$.*+?()[\]{}|]/.test(char) ? `\\${char}` : char;
}

function escapeClassChar(char: string): string {
  return /[\\\]^-]/.test(char) ? `\\${char}` : char;
}

const PATHSPEC_SPECIAL = /[*?[\\]/;

/**
 * Whether `git ls-files -- <pathspec>` lists `file`, for a pathspec without magic (`:(...)` prefixes are not
 * interpreted). `pathspec` must already be normalized (see `normalizePathspec`).
 */
export function gitPathspecMatch(pathspec: string, file: string): boolean {
  if (pathspec === '') return true;
  // The whole pattern taken literally: the file itself, or a file below the directory it names.
  if (file.startsWith(pathspec)) {
    if (file.length === pathspec.length || pathspec.endsWith('/') || file[pathspec.length] === '/') return true;
  }
  const literalLength = pathspec.search(PATHSPEC_SPECIAL);
  if (literalLength === -1) return false;
  if (!file.startsWith(pathspec.slice(0, literalLength))) return false;
  return wildmatch(pathspec, literalLength, file, literalLength) === 'match';
}

/**
 * git's pathspec prefixing: `./` and `.` segments go, `a/../b` is `b`; a pattern leaving the repository (or
 * absolute) is an error, as git refuses it. An empty pattern (or `.`) means the whole repository.
 */
export function normalizePathspec(pattern: string): { ok: true; pathspec: string } | { ok: false; reason: string } {
  if (pattern.startsWith('/')) return { ok: false, reason: `"${pattern}" is outside the repository (paths are relative to its root)` };
  const trailingSlash = pattern.endsWith('/') && pattern.length > 1;
  const segments: string[] = [];
  for (const segment of pattern.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (segments.length === 0) return { ok: false, reason: `"${pattern}" is outside the repository` };
      segments.pop();
    } else segments.push(segment);
  }
  const joined = segments.join('/');
  return { ok: true, pathspec: joined !== '' && trailingSlash ? `${joined}/` : joined };
}

type WildResult = 'match' | 'nomatch' | 'abort';

// git's dowild() with no flags: `*` matches any run of characters, '/' included; a malformed class aborts.
function wildmatch(pattern: string, p: number, text: string, t: number): WildResult {
  for (; p < pattern.length; p++, t++) {
    let pch = pattern[p];
    if (t >= text.length && pch !== '*') return 'abort';
    const tch = text[t];
    switch (pch) {
      case '\\':
        pch = pattern[++p];
        if (pch === undefined || tch !== pch) return 'nomatch';
        break;
      case '?':
        break;
      case '*': {
        while (pattern[p + 1] === '*') p++;
        if (p + 1 === pattern.length) return 'match';
        for (let from = t; from <= text.length; from++) {
          const result = wildmatch(pattern, p + 1, text, from);
          if (result !== 'nomatch') return result;
        }
        return 'abort';
      }
      case '[': {
        const klass = matchClass(pattern, p, tch);
        if (klass === 'abort') return 'abort';
        if (!klass.matched) return 'nomatch';
        p = klass.end;
        break;
      }
      default:
        if (tch !== pch) return 'nomatch';
    }
  }
  return t >= text.length ? 'match' : 'nomatch';
}

const CHARACTER_CLASSES: Record<string, { test(char: string): boolean }> = {
  alnum: /[A-Za-z0-9]/,
  alpha: /[A-Za-z]/,
  blank: /[ \t]/,
  cntrl: { test: (char: string) => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f },
  digit: /[0-9]/,
  graph: /[\x21-\x7e]/,
  lower: /[a-z]/,
  print: /[\x20-\x7e]/,
  punct: /[!-/:-@[-`{-~]/,
  space: /[ \t\n\v\f\r]/,
  upper: /[A-Z]/,
  xdigit: /[0-9A-Fa-f]/,
};

// `[...]`: `!` or `^` negates; `]` first is literal; `a-z` ranges; `[:name:]` classes; `\` escapes.
function matchClass(pattern: string, open: number, tch: string): { matched: boolean; end: number } | 'abort' {
  let p = open + 1;
  let pch: string | undefined = pattern[p];
  const negated = pch === '!' || pch === '^';
  if (negated) pch = pattern[++p];
  let previous: string | undefined;
  let matched = false;
  let first = true;
  while (first || pch !== ']') {
    first = false;
    if (pch === undefined) return 'abort';
    if (pch === '\\') {
      pch = pattern[++p];
      if (pch === undefined) return 'abort';
      if (tch === pch) matched = true;
    } else if (pch === '-' && previous !== undefined && pattern[p + 1] !== undefined && pattern[p + 1] !== ']') {
      pch = pattern[++p];
      if (pch === '\\') {
        pch = pattern[++p];
        if (pch === undefined) return 'abort';
      }
      if (tch <= pch && tch >= previous) matched = true;
      pch = undefined;
    } else if (pch === '[' && pattern[p + 1] === ':') {
      const close = pattern.indexOf(':]', p + 2);
      if (close === -1) {
        if (tch === '[') matched = true;
      } else {
        const klass = CHARACTER_CLASSES[pattern.slice(p + 2, close)];
        if (klass === undefined) return 'abort';
        if (klass.test(tch)) matched = true;
        p = close + 1;
        pch = undefined;
      }
    } else if (tch === pch) matched = true;
    previous = pch;
    pch = pattern[++p];
  }
  return { matched: matched !== negated, end: p };
}
