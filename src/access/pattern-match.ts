import { BoundedMemo } from '../common/bounded-memo';
import { compileGlob } from '../common/glob';

/**
 * How a policy token (resource, action, object) matches a request value: Argo CD's `policy.matchMode`.
 *
 * - `glob` (default): gobwas/glob without separators, as Argo CD compiles it (`src/common/glob.ts`): `*` matches
 *   any run of characters, `/` included (`default/*` matches `default/team/app`); `?` one character; `[abc]`,
 *   `[a-z]`, `[!abc]` classes; `{a,b}` alternatives; `\` escapes the next character. The whole value must match.
 * - `regex`: a regular expression searched in the value (Go's `regexp.MatchString`, which casbin's RegexMatch uses:
 *   not anchored, so write `^...$` to match a whole value).
 */
export type MatchMode = 'glob' | 'regex';

/** A compiled pattern, or the reason it does not compile (validation reports it; matching treats it as no match). */
export type CompiledPattern = { ok: true; regex: RegExp } | { ok: false; reason: string };

export function compilePattern(mode: MatchMode, pattern: string): CompiledPattern {
  try {
    return mode === 'regex' ? { ok: true, regex: new RegExp(pattern, 'u') } : compileGlob(pattern);
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  }
}

/**
 * A matcher with a cache of compiled patterns: a policy has few distinct patterns and every decision evaluates them
 * again, so each is compiled once (bounded, as Argo CD bounds its glob cache, against an unbounded set of patterns).
 */
export function patternMatcher(mode: MatchMode, maxCached = 10_000): (value: string, pattern: string) => boolean {
  const compiledPatterns = new BoundedMemo<RegExp | null>(maxCached);
  return (value, pattern) => {
    const regex = compiledPatterns.get(pattern, () => {
      const compiled = compilePattern(mode, pattern);
      return compiled.ok ? compiled.regex : null;
    });
    return regex !== null && regex.test(value);
  };
}
