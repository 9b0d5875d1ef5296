import { randomInt } from 'node:crypto';
import type { GoValue } from '../value';
import { buildFunctions, checkGeneratedSize, compareGoStrings, fail, intArg, stringArg, strval, type FunctionTable } from './args';
import { connectWords, goLower, goTitle, goUpper, initials, isGoSpace, pascalCase, swapCase, untitle } from './casing';
import { abbrev, abbrevboth, indent, substr, trunc, wrapText } from './text-layout';
import { goQuote } from '../quote';
import { formatValue } from '../value';

/** sprig's strslice: a list becomes its non-nil elements as strings; nil is empty; anything else a one-element list. */
export function toStrings(value: GoValue): string[] {
  if (Array.isArray(value)) return value.filter((item) => item !== null && item !== undefined).map(strval);
  if (value === null || value === undefined) return [];
  return [strval(value)];
}

/** Go's strings.Trim family: `cutset` is a set of runes. */
function trimCutset(text: string, cutset: string, left: boolean, right: boolean): string {
  const set = new Set(cutset);
  const runes = [...text];
  let start = 0;
  let end = runes.length;
  while (left && start < end && set.has(runes[start])) start++;
  while (right && end > start && set.has(runes[end - 1])) end--;
  return runes.slice(start, end).join('');
}

function trimSpace(text: string): string {
  const runes = [...text];
  let start = 0;
  let end = runes.length;
  while (start < end && isGoSpace(runes[start])) start++;
  while (end > start && isGoSpace(runes[end - 1])) end--;
  return runes.slice(start, end).join('');
}

/** strings.SplitN with n < 0 meaning all; an empty separator splits into UTF-8 runes. */
export function goSplit(text: string, separator: string, n = -1): string[] {
  if (n === 0) return [];
  if (separator === '') {
    const runes = [...text];
    if (runes.length === 0) return [];
    if (n < 0 || n >= runes.length) return runes;
    return [...runes.slice(0, n - 1), runes.slice(n - 1).join('')];
  }
  const parts = text.split(separator);
  if (n < 0 || parts.length <= n) return parts;
  return [...parts.slice(0, n - 1), parts.slice(n - 1).join(separator)];
}

/** strings.Replace(text, old, replacement, -1): an empty `old` matches before every rune and at the end. */
function replaceAll(text: string, old: string, replacement: string): string {
  if (old !== '') return text.split(old).join(replacement);
  return replacement + [...text].map((rune) => rune + replacement).join('');
}

const splitToDict = (parts: string[]) => Object.fromEntries(parts.map((part, i) => [`_${i}`, part]));

function randomFrom(alphabet: string, count: number): string {
  // goutils reports a negative count as an error, which sprig discards: the result is "".
  if (count < 0) return '';
  checkGeneratedSize('random string', count);
  let out = '';
  for (let i = 0; i < count; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}
const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const DIGITS = '0123456789';
const PRINTABLE_ASCII = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join('');

function shuffle(text: string): string {
  const runes = [...text];
  for (let i = runes.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [runes[i], runes[j]] = [runes[j], runes[i]];
  }
  return runes.join('');
}

const s = stringArg;
const n = intArg;
const nonNil = (values: GoValue[]) => values.filter((v) => v !== null && v !== undefined);

/** sprig's string functions. Parameter order is sprig's: the piped value comes last ("foo" | trimPrefix "f"). */
export const stringFunctions = buildFunctions({
  hello: [0, 0, () => 'Hello!'],
  trim: [1, 1, (v) => trimSpace(s(v))],
  upper: [1, 1, (v) => goUpper(s(v))],
  lower: [1, 1, (v) => goLower(s(v))],
  title: [1, 1, (v) => goTitle(s(v))],
  untitle: [1, 1, (v) => untitle(s(v))],
  substr: [3, 3, (start, end, v) => substr(n(start), n(end), s(v))],
  repeat: [2, 2, (count, v) => {
    if (n(count) < 0) fail('strings: negative Repeat count');
    checkGeneratedSize('repeat', n(count) * s(v).length);
    return s(v).repeat(n(count));
  }],
  trimall: [2, 2, (cutset, v) => trimCutset(s(v), s(cutset), true, true)],
  trimAll: [2, 2, (cutset, v) => trimCutset(s(v), s(cutset), true, true)],
  trimSuffix: [2, 2, (suffix, v) => (s(v).endsWith(s(suffix)) ? s(v).slice(0, s(v).length - s(suffix).length) : s(v))],
  trimPrefix: [2, 2, (prefix, v) => (s(v).startsWith(s(prefix)) ? s(v).slice(s(prefix).length) : s(v))],
  nospace: [1, 1, (v) => [...s(v)].filter((r) => !isGoSpace(r)).join('')],
  initials: [1, 1, (v) => initials(s(v))],
  randAlphaNum: [1, 1, (count) => randomFrom(LETTERS + DIGITS, n(count))],
  randAlpha: [1, 1, (count) => randomFrom(LETTERS, n(count))],
  randAscii: [1, 1, (count) => randomFrom(PRINTABLE_ASCII, n(count))],
  randNumeric: [1, 1, (count) => randomFrom(DIGITS, n(count))],
  swapcase: [1, 1, (v) => swapCase(s(v))],
  shuffle: [1, 1, (v) => shuffle(s(v))],
  snakecase: [1, 1, (v) => connectWords(s(v), '_')],
  camelcase: [1, 1, (v) => pascalCase(s(v))],
  kebabcase: [1, 1, (v) => connectWords(s(v), '-')],
  wrap: [2, 2, (width, v) => wrapText(s(v), n(width), '\n', false)],
  wrapWith: [3, 3, (width, separator, v) => wrapText(s(v), n(width), s(separator), true)],
  contains: [2, 2, (sub, v) => s(v).includes(s(sub))],
  hasPrefix: [2, 2, (prefix, v) => s(v).startsWith(s(prefix))],
  hasSuffix: [2, 2, (suffix, v) => s(v).endsWith(s(suffix))],
  quote: [0, undefined, (...values) => nonNil(values).map((v) => goQuote(strval(v), false)).join(' ')],
  squote: [0, undefined, (...values) => nonNil(values).map((v) => `'${formatValue(v)}'`).join(' ')],
  cat: [0, undefined, (...values) => nonNil(values).map((v) => formatValue(v)).join(' ')],
  indent: [2, 2, (spaces, v) => indent(n(spaces), s(v))],
  nindent: [2, 2, (spaces, v) => `\n${indent(n(spaces), s(v))}`],
  replace: [3, 3, (old, replacement, v) => replaceAll(s(v), s(old), s(replacement))],
  plural: [3, 3, (one, many, count) => (n(count) === 1 ? s(one) : s(many))],
  // Annotated: the key `toString` otherwise picks up Object.prototype.toString's type.
  toString: [1, 1, (v: GoValue) => strval(v)] satisfies FunctionTable[string],
  trunc: [2, 2, (count, v) => trunc(n(count), s(v))],
  abbrev: [2, 2, (width, v) => abbrev(n(width), s(v))],
  abbrevboth: [3, 3, (left, right, v) => abbrevboth(n(left), n(right), s(v))],
  join: [2, 2, (separator, v) => toStrings(v).join(s(separator))],
  sortAlpha: [1, 1, (v) => (Array.isArray(v) ? toStrings(v).sort(compareGoStrings) : [strval(v)])],
  split: [2, 2, (separator, v) => splitToDict(goSplit(s(v), s(separator)))],
  splitList: [2, 2, (separator, v) => goSplit(s(v), s(separator))],
  splitn: [3, 3, (separator, count, v) => splitToDict(goSplit(s(v), s(separator), n(count)))],
  toStrings: [1, 1, (v) => toStrings(v)],
});
