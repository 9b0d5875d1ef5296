/**
 * gobwas/glob, the syntax Argo CD uses for its projects (source repositories, destinations, kinds) and for its RBAC
 * policy: `*` matches any run of characters except the separator, when one is given (without one it crosses `/`,
 * as the policy needs); `**` any run across separators; `?` one non-separator character; `[abc]`, `[a-z]`, `[!abc]`
 * classes; `{a,b}` alternatives; `\` escapes the next character. The whole value must match.
 */
export type CompiledGlob = { ok: true; regex: RegExp } | { ok: false; reason: string };

// In unicode mode only syntax characters may be escaped outside a class; `-` is not one (and needs no escape there).
const SYNTAX_CHARACTERS = /[.*+?^${}()|[\]\\/]/g;
const CLASS_SPECIALS = /[\\\]^[-]/g;

export function compileGlob(pattern: string, separator?: string): CompiledGlob {
  try {
    return { ok: true, regex: new RegExp(`^${globSource(pattern, separator)}$`, 'u') };
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  }
}

function globSource(glob: string, separator: string | undefined): string {
  const one = separator === undefined ? '[\\s\\S]' : `[^${separator.replace(CLASS_SPECIALS, '\\$&')}]`;
  let source = '';
  let depth = 0;
  for (let index = 0; index < glob.length; index++) {
    const char = glob[index];
    if (char === '\\') {
      if (index + 1 >= glob.length) throw new Error('a trailing \\ escapes nothing');
      source += glob[++index].replace(SYNTAX_CHARACTERS, '\\$&');
    } else if (char === '*') {
      const acrossSeparators = glob[index + 1] === '*';
      if (acrossSeparators) index++;
      source += acrossSeparators ? '[\\s\\S]*' : `${one}*`;
    } else if (char === '?') {
      source += one;
    } else if (char === '[') {
      const end = glob.indexOf(']', index + 2);
      if (end < 0) throw new Error(`unclosed [ at position ${index + 1}`);
      let body = glob.slice(index + 1, end);
      const negated = body.startsWith('!');
      if (negated) body = body.slice(1);
      source += `[${negated ? '^' : ''}${body.replace(/[\\\]^[]/g, '\\$&')}]`;
      index = end;
    } else if (char === '{') {
      depth++;
      source += '(?:';
    } else if (char === '}' && depth > 0) {
      depth--;
      source += ')';
    } else if (char === ',' && depth > 0) {
      source += '|';
    } else {
      source += char.replace(SYNTAX_CHARACTERS, '\\$&');
    }
  }
  if (depth > 0) throw new Error('unclosed {');
  return source;
}
