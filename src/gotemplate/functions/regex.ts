import { buildFunctions, fail, intArg, stringArg } from './args';

/**
 * Go's regexp (RE2 syntax) over JavaScript's RegExp. The common syntax is shared; what differs is translated: leading
 * flag groups `(?i)`, `(?P<name>…)`, `\A`, `\z`, `\pL`, POSIX classes `[[:alpha:]]`. Match iteration, replacement and
 * split reproduce Go's rules (an empty match right after a match is skipped; `$1x` names group "1x", use `${1}x`).
 */

const POSIX_CLASSES: Record<string, string> = {
  alnum: '0-9A-Za-z', alpha: 'A-Za-z', ascii: '\\x00-\\x7F', blank: '\\t ', cntrl: '\\x00-\\x1F\\x7F', digit: '0-9',
  graph: '!-~', lower: 'a-z', print: ' -~', punct: '!-\\/:-@[-`{-~', space: '\\t\\n\\v\\f\\r ', upper: 'A-Z',
  word: '0-9A-Za-z_', xdigit: '0-9A-Fa-f',
};

export function compileGoRegex(pattern: string, global = true): RegExp {
  let source = pattern;
  let flags = global ? 'g' : '';
  const leading = /^\(\?([imsU]+)\)/.exec(source);
  if (leading) {
    if (leading[1].includes('U')) fail('error parsing regexp: the (?U) flag is not supported here');
    flags += [...new Set(leading[1])].join('');
    source = source.slice(leading[0].length);
  }
  source = source
    .replace(/\(\?P</g, '(?<')
    .replace(/\\A/g, '(?<![\\s\\S])')
    .replace(/\\z/g, '(?![\\s\\S])')
    .replace(/\[:(\^?)([a-z]+):\]/g, (whole, negate: string, name: string) => {
      if (!Object.hasOwn(POSIX_CLASSES, name)) fail(`error parsing regexp: invalid character class range: \`${whole}\``);
      if (negate) fail(`error parsing regexp: negated POSIX classes are not supported here: \`${whole}\``);
      return POSIX_CLASSES[name];
    });
  if (/\\[pP]/.test(source)) {
    source = source.replace(/\\([pP])([A-Z])/g, '\\$1{$2}');
    flags += 'u';
  }
  try {
    return new RegExp(source, flags);
  } catch (error) {
    fail(`error parsing regexp: ${(error as Error).message}`);
  }
}

/** Width of the character at `index` (a surrogate pair counts as one step, as a UTF-8 rune does in Go). */
function stepAt(text: string, index: number): number {
  const code = text.codePointAt(index);
  return code !== undefined && code > 0xffff ? 2 : 1;
}

/** Regexp.FindAllStringSubmatchIndex semantics: up to `limit` matches (all when negative). */
export function findAll(re: RegExp, text: string, limit: number): RegExpExecArray[] {
  const found: RegExpExecArray[] = [];
  let position = 0;
  let previousEnd = -1;
  while ((limit < 0 || found.length < limit) && position <= text.length) {
    re.lastIndex = position;
    const match = re.exec(text);
    if (!match) break;
    const end = match.index + match[0].length;
    let accept = true;
    if (end === position) {
      if (match.index === previousEnd) accept = false;
      position += position < text.length ? stepAt(text, position) : 1;
    } else {
      position = end;
    }
    previousEnd = end;
    if (accept) found.push(match);
  }
  return found;
}

/** Regexp.Expand: `$1`, `${1}`, `$name`, `${name}`, `$$`; a `$` not followed by a name stays literal. */
function expand(template: string, match: RegExpExecArray): string {
  return template.replace(/\$(\$|\{([A-Za-z0-9_]+)\}|([A-Za-z0-9_]+))?/g, (whole, body: string | undefined, braced?: string, bare?: string) => {
    if (body === undefined) return '$';
    if (body === '$') return '$';
    const name = braced ?? bare!;
    if (/^\d+$/.test(name)) return match[Number(name)] ?? '';
    return match.groups?.[name] ?? '';
  });
}

/** Regexp.ReplaceAllString / ReplaceAllLiteralString. */
export function replaceAll(re: RegExp, text: string, replacement: string, literal: boolean): string {
  let out = '';
  let lastEnd = 0;
  let searchAt = 0;
  while (searchAt <= text.length) {
    re.lastIndex = searchAt;
    const match = re.exec(text);
    if (!match) break;
    const start = match.index;
    const end = start + match[0].length;
    out += text.slice(lastEnd, start);
    // No second replacement for an empty match right after a match (patterns matching both "" and "x").
    if (end > lastEnd || start === 0) out += literal ? replacement : expand(replacement, match);
    lastEnd = end;
    const width = searchAt < text.length ? stepAt(text, searchAt) : 1;
    searchAt = searchAt + width > end ? searchAt + width : searchAt + 1 > end ? searchAt + 1 : end;
  }
  return out + text.slice(lastEnd);
}

/** Regexp.Split. */
export function split(re: RegExp, text: string, limit: number): string[] {
  if (limit === 0) return [];
  if (re.source !== '(?:)' && text === '') return [''];
  const parts: string[] = [];
  let begin = 0;
  let end = 0;
  for (const match of findAll(re, text, limit)) {
    if (limit > 0 && parts.length === limit - 1) break;
    end = match.index;
    if (match.index + match[0].length !== 0) parts.push(text.slice(begin, end));
    begin = match.index + match[0].length;
  }
  if (end !== text.length) parts.push(text.slice(begin));
  return parts;
}

const quoteMeta = (text: string): string => text.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
const s = stringArg;

/** The non-`must` variants fail too: Go's MustCompile panics, and text/template reports the panic as an error. */
export const regexFunctions = buildFunctions({
  regexMatch: [2, 2, (pattern, v) => {
    const [source, text] = [s(pattern), s(v)];
    try {
      return compileGoRegex(source, false).test(text);
    } catch {
      return false;
    }
  }],
  mustRegexMatch: [2, 2, (pattern, v) => compileGoRegex(s(pattern), false).test(s(v))],
  regexFindAll: [3, 3, (pattern, v, limit) => findAll(compileGoRegex(s(pattern)), s(v), intArg(limit)).map((m) => m[0])],
  mustRegexFindAll: [3, 3, (pattern, v, limit) => findAll(compileGoRegex(s(pattern)), s(v), intArg(limit)).map((m) => m[0])],
  regexFind: [2, 2, (pattern, v) => findAll(compileGoRegex(s(pattern)), s(v), 1)[0]?.[0] ?? ''],
  mustRegexFind: [2, 2, (pattern, v) => findAll(compileGoRegex(s(pattern)), s(v), 1)[0]?.[0] ?? ''],
  regexReplaceAll: [3, 3, (pattern, v, repl) => replaceAll(compileGoRegex(s(pattern)), s(v), s(repl), false)],
  mustRegexReplaceAll: [3, 3, (pattern, v, repl) => replaceAll(compileGoRegex(s(pattern)), s(v), s(repl), false)],
  regexReplaceAllLiteral: [3, 3, (pattern, v, repl) => replaceAll(compileGoRegex(s(pattern)), s(v), s(repl), true)],
  mustRegexReplaceAllLiteral: [3, 3, (pattern, v, repl) => replaceAll(compileGoRegex(s(pattern)), s(v), s(repl), true)],
  regexSplit: [3, 3, (pattern, v, limit) => split(compileGoRegex(s(pattern)), s(v), intArg(limit))],
  mustRegexSplit: [3, 3, (pattern, v, limit) => split(compileGoRegex(s(pattern)), s(v), intArg(limit))],
  regexQuoteMeta: [1, 1, (v) => quoteMeta(s(v))],
});
