/**
 * Go's layout language (time/format.go): the reference-time elements nextStdChunk recognises, shared by Format and
 * Parse, and the small helpers both use (appendInt's padding, the time package's own quote).
 */

export const LONG_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
export const SHORT_MONTHS = LONG_MONTHS.map((name) => name.slice(0, 3));
export const LONG_DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
export const SHORT_DAYS = LONG_DAYS.map((name) => name.slice(0, 3));

export type StdCode =
  | 'LongMonth' | 'Month' | 'NumMonth' | 'ZeroMonth' | 'LongWeekDay' | 'WeekDay' | 'Day' | 'UnderDay' | 'ZeroDay'
  | 'UnderYearDay' | 'ZeroYearDay' | 'Hour' | 'Hour12' | 'ZeroHour12' | 'Minute' | 'ZeroMinute' | 'Second' | 'ZeroSecond'
  | 'LongYear' | 'Year' | 'PM' | 'pm' | 'TZ'
  | 'ISO8601TZ' | 'ISO8601SecondsTZ' | 'ISO8601ShortTZ' | 'ISO8601ColonTZ' | 'ISO8601ColonSecondsTZ'
  | 'NumTZ' | 'NumSecondsTz' | 'NumShortTZ' | 'NumColonTZ' | 'NumColonSecondsTZ' | 'FracSecond0' | 'FracSecond9';

/** One layout element; fractional seconds carry their digit count and separator. */
export interface Std {
  code: StdCode;
  digits?: number;
  separator?: '.' | ',';
}

export interface Chunk {
  prefix: string;
  std?: Std;
  /** The layout text of the element ("2006", ".000"). */
  text: string;
  suffix: string;
}

const ZERO_PREFIXED: StdCode[] = ['ZeroMonth', 'ZeroDay', 'ZeroHour12', 'ZeroMinute', 'ZeroSecond', 'Year'];
const ZONES: Array<[string, StdCode]> = [
  ['-070000', 'NumSecondsTz'], ['-07:00:00', 'NumColonSecondsTZ'], ['-0700', 'NumTZ'], ['-07:00', 'NumColonTZ'], ['-07', 'NumShortTZ'],
  ['Z070000', 'ISO8601SecondsTZ'], ['Z07:00:00', 'ISO8601ColonSecondsTZ'], ['Z0700', 'ISO8601TZ'], ['Z07:00', 'ISO8601ColonTZ'], ['Z07', 'ISO8601ShortTZ'],
];

const isDigitAt = (text: string, i: number): boolean => i < text.length && text[i] >= '0' && text[i] <= '9';
const startsWithLowerCase = (text: string): boolean => text.length > 0 && text[0] >= 'a' && text[0] <= 'z';

/** The element of `layout` starting at `i`, as nextStdChunk's switch finds it; `skip` leaves literal text before it. */
function stdAt(layout: string, i: number): { std: Std; length: number; skip?: number } | undefined {
  const rest = layout.slice(i);
  switch (layout[i]) {
    case 'J':
      if (rest.startsWith('January')) return { std: { code: 'LongMonth' }, length: 7 };
      if (rest.startsWith('Jan') && !startsWithLowerCase(rest.slice(3))) return { std: { code: 'Month' }, length: 3 };
      return undefined;
    case 'M':
      if (rest.startsWith('Monday')) return { std: { code: 'LongWeekDay' }, length: 6 };
      if (rest.startsWith('Mon') && !startsWithLowerCase(rest.slice(3))) return { std: { code: 'WeekDay' }, length: 3 };
      if (rest.startsWith('MST')) return { std: { code: 'TZ' }, length: 3 };
      return undefined;
    case '0':
      if (rest.length >= 2 && rest[1] >= '1' && rest[1] <= '6') return { std: { code: ZERO_PREFIXED[Number(rest[1]) - 1] }, length: 2 };
      if (rest.startsWith('002')) return { std: { code: 'ZeroYearDay' }, length: 3 };
      return undefined;
    case '1':
      return rest[1] === '5' ? { std: { code: 'Hour' }, length: 2 } : { std: { code: 'NumMonth' }, length: 1 };
    case '2':
      return rest.startsWith('2006') ? { std: { code: 'LongYear' }, length: 4 } : { std: { code: 'Day' }, length: 1 };
    case '_':
      // "_2006" is a literal "_" followed by the year.
      if (rest.startsWith('_2006')) return { std: { code: 'LongYear' }, length: 4, skip: 1 };
      if (rest.startsWith('_2')) return { std: { code: 'UnderDay' }, length: 2 };
      if (rest.startsWith('__2')) return { std: { code: 'UnderYearDay' }, length: 3 };
      return undefined;
    case '3':
      return { std: { code: 'Hour12' }, length: 1 };
    case '4':
      return { std: { code: 'Minute' }, length: 1 };
    case '5':
      return { std: { code: 'Second' }, length: 1 };
    case 'P':
      return rest[1] === 'M' ? { std: { code: 'PM' }, length: 2 } : undefined;
    case 'p':
      return rest[1] === 'm' ? { std: { code: 'pm' }, length: 2 } : undefined;
    case '-':
    case 'Z': {
      const zone = ZONES.find(([text]) => rest.startsWith(text));
      return zone ? { std: { code: zone[1] }, length: zone[0].length } : undefined;
    }
    case '.':
    case ',': {
      // ".000" or ",999": a fractional second only when the run of digits ends there.
      if (rest[1] !== '0' && rest[1] !== '9') return undefined;
      let j = 1;
      while (j < rest.length && rest[j] === rest[1]) j++;
      if (isDigitAt(rest, j)) return undefined;
      const code = rest[1] === '9' ? 'FracSecond9' : 'FracSecond0';
      return { std: { code, digits: j - 1, separator: layout[i] }, length: j };
    }
    default:
      return undefined;
  }
}

/** nextStdChunk: the literal text before the first element, the element, and the rest. */
export function nextStdChunk(layout: string): Chunk {
  for (let i = 0; i < layout.length; i++) {
    const found = stdAt(layout, i);
    if (found) {
      const start = i + (found.skip ?? 0);
      return { prefix: layout.slice(0, start), std: found.std, text: layout.slice(start, start + found.length), suffix: layout.slice(start + found.length) };
    }
  }
  return { prefix: layout, text: '', suffix: '' };
}

/** appendInt: decimal, zero-padded to `width` digits after the sign. */
export function padInt(value: number | bigint, width: number): string {
  const negative = value < 0;
  const digits = (negative ? -BigInt(value) : BigInt(value)).toString().padStart(width, '0');
  return negative ? `-${digits}` : digits;
}

/** The time package's quote: `"` and `\` escaped, bytes of control and non-ASCII characters as \xNN. */
export function timeQuote(text: string): string {
  let out = '"';
  for (const char of text) {
    if (char < ' ' || char > '\x7f') {
      for (const byte of Buffer.from(char, 'utf8')) out += `\\x${byte.toString(16).padStart(2, '0')}`;
    } else {
      out += char === '"' || char === '\\' ? `\\${char}` : char;
    }
  }
  return `${out}"`;
}
