import { BoundedMemo } from '../../common/bounded-memo';
import { compileGlob } from '../../common/glob';

/*
 * Project globs (source repositories, destinations, kinds): gobwas/glob as `src/common/glob.ts` compiles it, with the
 * separator a rule gives. A pattern that cannot be compiled matches nothing, so a typo never widens a permission.
 */

/** Compiled per separator and pattern; projects hold few patterns, but any number may come and go over time. */
export const COMPILED_GLOBS_KEPT = 10_000;

const compiledGlobs = new BoundedMemo<RegExp | null>(COMPILED_GLOBS_KEPT);

export function globMatch(pattern: string, value: string, separator?: string): boolean {
  if (pattern === '*') return true;
  const regex = compiledGlobs.get(`${separator ?? ''}\u0000${pattern}`, () => {
    const compiled = compileGlob(pattern, separator);
    return compiled.ok ? compiled.regex : null;
  });
  return regex !== null && regex.test(value);
}

/** Returns the reason a glob is malformed, or undefined. */
export function validateGlob(pattern: string): string | undefined {
  return compileGlob(pattern).ok ? undefined : `"${pattern}" is not a valid glob pattern`;
}
