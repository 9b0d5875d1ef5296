/**
 * The small readers time.Parse uses on the value (time/format.go): numbers of one to three digits, names ignoring
 * case, the layout's literal text, fractions of a second, zone abbreviations and numeric offsets.
 */
import type { StdCode } from './layout';

export const isDigit = (text: string, i: number): boolean => i < text.length && text[i] >= '0' && text[i] <= '9';
export const commaOrPeriod = (char: string | undefined): boolean => char === '.' || char === ',';

/** Go's atoi: an optional sign, then only digits (none at all reads as 0). */
export function atoi(text: string): number | undefined {
  const match = /^([+-]?)(\d*)$/.exec(text);
  if (!match) return undefined;
  const value = Number(match[2] || '0');
  return match[1] === '-' ? -value : value;
}

/** getnum: one or two digits (fixed: exactly two). */
export function getnum(text: string, fixed: boolean): [number, string] | undefined {
  if (!isDigit(text, 0)) return undefined;
  if (!isDigit(text, 1)) return fixed ? undefined : [Number(text[0]), text.slice(1)];
  return [Number(text.slice(0, 2)), text.slice(2)];
}

/** getnum3: one to three digits (fixed: exactly three). */
export function getnum3(text: string, fixed: boolean): [number, string] | undefined {
  let i = 0;
  while (i < 3 && isDigit(text, i)) i++;
  if (i === 0 || (fixed && i !== 3)) return undefined;
  return [Number(text.slice(0, i)), text.slice(i)];
}

/** Lower case for ASCII letters only, as Go's match compares names. */
const asciiLower = (text: string): string => text.replace(/[A-Z]/g, (char) => char.toLowerCase());

/** lookup: a name from the table at the start of the text, ignoring ASCII case. */
export function lookup(table: string[], text: string): [number, string] | undefined {
  const index = table.findIndex((name) => text.length >= name.length && asciiLower(text.slice(0, name.length)) === asciiLower(name));
  return index < 0 ? undefined : [index, text.slice(table[index].length)];
}

/** skip: the layout's literal text; a run of spaces matches any run of spaces. Returns the rest, and whether it matched. */
export function skip(value: string, prefix: string): [string, boolean] {
  while (prefix.length > 0) {
    if (prefix[0] === ' ') {
      if (value.length > 0 && value[0] !== ' ') return [value, false];
      prefix = prefix.replace(/^ +/, '');
      value = value.replace(/^ +/, '');
      continue;
    }
    if (value.length === 0 || value[0] !== prefix[0]) return [value, false];
    prefix = prefix.slice(1);
    value = value.slice(1);
  }
  return [value, true];
}

/** parseNanoseconds: ".123" as nanoseconds (at most nine digits count). */
export function parseNanoseconds(value: string, length: number): { nanos?: number; range?: string } {
  if (!commaOrPeriod(value[0])) return {};
  const digits = value.slice(1, Math.min(length, 10));
  const nanos = atoi(digits);
  if (nanos === undefined) return {};
  if (nanos < 0) return { range: 'fractional second' };
  return { nanos: nanos * 10 ** (10 - Math.min(length, 10)) };
}

/** leadingInt's use in parseSignedOffset: "+3" or "-11" within -23..+23; returns the length, 0 when invalid. */
function parseSignedOffset(value: string): number {
  const match = /^[+-](\d+)/.exec(value);
  if (!match || Number(match[1]) > 23) return 0;
  return match[0].length;
}

/** parseTimeZone: the length of a zone abbreviation at the start of value, or 0. */
export function parseTimeZone(value: string): number {
  if (value.length < 3) return 0;
  if (value.startsWith('ChST') || value.startsWith('MeST')) return 4;
  if (value.startsWith('GMT')) return 3 + (value.length > 3 ? parseSignedOffset(value.slice(3)) : 0);
  if (value[0] === '+' || value[0] === '-') return parseSignedOffset(value);
  const upper = /^[A-Z]{0,6}/.exec(value)![0].length;
  if (upper === 5 && value[4] === 'T') return 5;
  if (upper === 4 && (value[3] === 'T' || value.startsWith('WITA'))) return 4;
  return upper === 3 ? 3 : 0;
}

/** The numeric zone elements: length, where their colons are, and the hour, minute and second digits. */
export const NUMERIC_ZONE_SHAPES: Partial<Record<StdCode, { length: number; colons: number[]; parts: Array<[number, number]> }>> = {
  NumColonTZ: { length: 6, colons: [3], parts: [[1, 3], [4, 6]] },
  ISO8601ColonTZ: { length: 6, colons: [3], parts: [[1, 3], [4, 6]] },
  NumShortTZ: { length: 3, colons: [], parts: [[1, 3]] },
  ISO8601ShortTZ: { length: 3, colons: [], parts: [[1, 3]] },
  NumColonSecondsTZ: { length: 9, colons: [3, 6], parts: [[1, 3], [4, 6], [7, 9]] },
  ISO8601ColonSecondsTZ: { length: 9, colons: [3, 6], parts: [[1, 3], [4, 6], [7, 9]] },
  NumSecondsTz: { length: 7, colons: [], parts: [[1, 3], [3, 5], [5, 7]] },
  ISO8601SecondsTZ: { length: 7, colons: [], parts: [[1, 3], [3, 5], [5, 7]] },
  NumTZ: { length: 5, colons: [], parts: [[1, 3], [3, 5]] },
  ISO8601TZ: { length: 5, colons: [], parts: [[1, 3], [3, 5]] },
};
