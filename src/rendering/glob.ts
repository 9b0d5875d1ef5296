/**
 * Argo CD's include/exclude globs: `*` matches any run of characters including `/` (Argo matches without
 * separators), `?` one character, `[abc]`/`[!abc]` a class, `{a,b}` alternatives (nestable).
 */
export function globToRegExp(pattern: string): RegExp {
  const [source, end] = convert(pattern, 0, false);
  if (end !== pattern.length) throw new Error(`unbalanced "}" in glob "${pattern}"`);
  return new RegExp(`^${source}$`, 's');
}

export function matchesGlob(pattern: string, text: string): boolean {
  return globToRegExp(pattern).test(text);
}

// Converts from `index` until the end (or, inside braces, until the closing `}`); returns [regex, next index].
function convert(pattern: string, start: number, inBraces: boolean): [string, number] {
  let out = '';
  let i = start;
  const alternatives: string[] = [];
  while (i < pattern.length) {
    const c = pattern[i];
    if (inBraces && (c === ',' || c === '}')) {
      alternatives.push(out);
      out = '';
      i++;
      if (c === '}') return [`(?:${alternatives.join('|')})`, i];
      continue;
    }
    if (c === '{') {
      const [group, next] = convert(pattern, i + 1, true);
      out += group;
      i = next;
    } else if (c === '*') {
      out += '.*';
      i = pattern[i + 1] === '*' ? i + 2 : i + 1;
    } else if (c === '?') {
      out += '.';
      i++;
    } else if (c === '[') {
      const close = pattern.indexOf(']', i + 2);
      if (close === -1) throw new Error(`unclosed "[" in glob "${pattern}"`);
      const body = pattern.slice(i + 1, close).replace(/^!/, '^').replace(/\\/g, '\\\\');
      out += `[${body}]`;
      i = close + 1;
    } else if (c === '\\' && i + 1 < pattern.length) {
      out += escapeRegExp(pattern[i + 1]);
      i += 2;
    } else {
      if (c === '}') return [out, i];
      out += escapeRegExp(c);
      i++;
    }
  }
  if (inBraces) throw new Error(`unclosed "{" in glob "${pattern}"`);
  return [out, i];
}

function escapeRegExp(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
