/*
 * Glob matching with the syntax Argo CD uses for projects (gobwas/glob): `*` matches any run of characters
 * except the separator (when one is given), `**` matches across separators, `?` one non-separator character,
 * `[abc]`, `[!abc]`, `[a-z]` character classes, `{a,b}` alternatives, and `\` escapes the next character.
 * A pattern that cannot be compiled matches nothing, so a typo never widens a permission.
 */

const cache = new Map<string, RegExp | null>();

export function globMatch(pattern: string, value: string, separator?: string): boolean {
  if (pattern === '*') return true;
  const cacheKey = `${separator ?? ''}\u0000${pattern}`;
  let regex = cache.get(cacheKey);
  if (regex === undefined) {
    regex = compileGlob(pattern, separator);
    cache.set(cacheKey, regex);
  }
  return regex !== null && regex.test(value);
}

/** Returns the reason a glob is malformed, or undefined. */
export function validateGlob(pattern: string): string | undefined {
  return compileGlob(pattern, undefined) === null ? `"${pattern}" is not a valid glob pattern` : undefined;
}

function escapeRegex(ch: string): string {
  return ch.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

function compileGlob(pattern: string, separator: string | undefined): RegExp | null {
  const any = separator === undefined ? '[\\s\\S]' : `[^${escapeRegex(separator)}]`;
  let out = '';
  let braceDepth = 0;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '\\') {
      if (i + 1 >= pattern.length) return null;
      out += escapeRegex(pattern[++i]);
    } else if (ch === '*') {
      if (pattern[i + 1] === '*') {
        out += '[\\s\\S]*';
        i++;
      } else {
        out += `${any}*`;
      }
    } else if (ch === '?') {
      out += any;
    } else if (ch === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end === -1) return null;
      let body = pattern.slice(i + 1, end);
      const negated = body.startsWith('!');
      if (negated) body = body.slice(1);
      out += `[${negated ? '^' : ''}${body.replace(/[\\\]^]/g, '\\$&')}]`;
      i = end;
    } else if (ch === '{') {
      braceDepth++;
      out += '(?:';
    } else if (ch === '}' && braceDepth > 0) {
      braceDepth--;
      out += ')';
    } else if (ch === ',' && braceDepth > 0) {
      out += '|';
    } else {
      out += escapeRegex(ch);
    }
  }
  if (braceDepth !== 0) return null;
  try {
    return new RegExp(`^${out}$`);
  } catch {
    return null;
  }
}
