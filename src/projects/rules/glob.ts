import { compileGlob } from '../../common/glob';

/*
 * Project globs (source repositories, destinations, kinds): gobwas/glob as `src/common/glob.ts` compiles it, with the
 * separator a rule gives. A pattern that cannot be compiled matches nothing, so a typo never widens a permission.
 */

const cache = new Map<string, RegExp | null>();

export function globMatch(pattern: string, value: string, separator?: string): boolean {
  if (pattern === '*') return true;
  const cacheKey = `${separator ?? ''}\u0000${pattern}`;
  let regex = cache.get(cacheKey);
  if (regex === undefined) {
    const compiled = compileGlob(pattern, separator);
    regex = compiled.ok ? compiled.regex : null;
    cache.set(cacheKey, regex);
  }
  return regex !== null && regex.test(value);
}

/** Returns the reason a glob is malformed, or undefined. */
export function validateGlob(pattern: string): string | undefined {
  return compileGlob(pattern).ok ? undefined : `"${pattern}" is not a valid glob pattern`;
}
