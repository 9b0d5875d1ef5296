/**
 * Go's fmt for the template value model: Sprint, Sprintln and Sprintf with its verbs, flags, width and
 * precision, and its in-band error texts (`%!d(string=x)`, `%!d(MISSING)`, `%!(EXTRA int=1)`), which Go
 * prints into the output instead of failing.
 */
import { formatFloatBinary, formatFloatDigits, formatFloatHex } from './float-format';
import { canBackquote, goQuote, isPrintable, quoteRune, runeText } from './quote';
import { GoObject, GoValue, goTypeName, isMap, sortedKeys } from './value';

/** fmt.Sprint: operands are separated by a space when neither side is a string. */
export function fmtPrint(args: GoValue[]): string {
  let out = '';
  args.forEach((arg, i) => {
    if (i > 0 && typeof arg !== 'string' && typeof args[i - 1] !== 'string') out += ' ';
    out += formatVerb(arg, 'v', NO_FLAGS);
  });
  return out;
}

/** fmt.Sprintln: always spaces, then a newline. */
export function fmtPrintln(args: GoValue[]): string {
  return `${args.map((arg) => formatVerb(arg, 'v', NO_FLAGS)).join(' ')}\n`;
}

interface Flags {
  minus: boolean;
  plus: boolean;
  sharp: boolean;
  space: boolean;
  zero: boolean;
  /** %+v: structs print their field names. */
  plusV?: boolean;
  width?: number;
  precision?: number;
}
const NO_FLAGS: Flags = { minus: false, plus: false, sharp: false, space: false, zero: false };

export function fmtSprintf(format: string, args: GoValue[]): string {
  let out = '';
  let argIndex = 0;
  let i = 0;
  while (i < format.length) {
    const percent = format.indexOf('%', i);
    if (percent < 0) {
      out += format.slice(i);
      break;
    }
    out += format.slice(i, percent);
    i = percent + 1;
    const flags: Flags = { ...NO_FLAGS };
    for (; i < format.length; i++) {
      const c = format[i];
      if (c === '-') {
        flags.minus = true;
        flags.zero = false;
      }
      else if (c === '+') flags.plus = true;
      else if (c === '#') flags.sharp = true;
      else if (c === ' ') flags.space = true;
      else if (c === '0') flags.zero = !flags.minus;
      else break;
    }
    if (format[i] === '*') {
      i++;
      const width = args[argIndex++];
      if (typeof width === 'bigint' && !tooLarge(width)) {
        flags.width = Math.abs(Number(width));
        if (width < 0n) {
          flags.minus = true;
          flags.zero = false;
        }
      } else out += '%!(BADWIDTH)';
    } else {
      const width = parseNumber(format, i);
      flags.width = width.value;
      i = width.next;
    }
    if (format[i] === '.') {
      i++;
      if (format[i] === '*') {
        i++;
        const precision = args[argIndex++];
        if (typeof precision === 'bigint' && precision >= 0n && !tooLarge(precision)) flags.precision = Number(precision);
        else out += '%!(BADPREC)';
      } else {
        const precision = parseNumber(format, i);
        flags.precision = precision.value ?? 0;
        i = precision.next;
      }
    }
    if (i >= format.length) {
      out += '%!(NOVERB)';
      break;
    }
    const verb = String.fromCodePoint(format.codePointAt(i) ?? 0);
    i += verb.length;
    if (verb === '%') {
      out += '%';
      continue;
    }
    if (argIndex >= args.length) {
      out += `%!${verb}(MISSING)`;
      continue;
    }
    out += formatVerb(args[argIndex++], verb, flags);
  }
  if (argIndex < args.length) {
    const extra = args.slice(argIndex).map((arg) => (arg === undefined || arg === null ? '<nil>' : `${goTypeName(arg)}=${formatVerb(arg, 'v', NO_FLAGS)}`));
    out += `%!(EXTRA ${extra.join(', ')})`;
  }
  return out;
}

/** Go's fmt refuses widths and precisions beyond a million (a "crazy long number"). */
const tooLarge = (n: bigint | number): boolean => n > 1_000_000 || n < -1_000_000;

/** Go's parsenum: digits from `start`; on overflow the rest of the format is consumed (then NOVERB). */
function parseNumber(format: string, start: number): { value: number | undefined; next: number } {
  let value: number | undefined;
  let i = start;
  for (; i < format.length && format[i] >= '0' && format[i] <= '9'; i++) {
    if (value !== undefined && tooLarge(value)) return { value: undefined, next: format.length };
    value = (value ?? 0) * 10 + (format.charCodeAt(i) - 48);
  }
  return { value, next: i };
}

function badVerb(value: GoValue, verb: string): string {
  if (value === undefined || value === null) return `%!${verb}(<nil>)`;
  return `%!${verb}(${goTypeName(value)}=${formatVerb(value, 'v', NO_FLAGS)})`;
}

function formatVerb(value: GoValue, verb: string, requested: Flags): string {
  // Go turns %+v into "plusV" (field names for structs), so numbers printed by %+v get no sign.
  const flags = verb === 'v' && requested.plus ? { ...requested, plus: false, plusV: true } : requested;
  if (verb === 'T') return pad(value === undefined || value === null ? '<nil>' : goTypeName(value), flags);
  if (value === undefined || value === null) return verb === 'v' ? pad('<nil>', flags) : badVerb(value, verb);
  if (verb === 'v' && flags.sharp) return pad(goSyntax(value), flags);
  if (value instanceof GoObject) return formatObject(value, verb, flags);
  switch (typeof value) {
    case 'boolean':
      return verb === 't' || verb === 'v' ? pad(String(value), flags) : badVerb(value, verb);
    case 'bigint':
      return formatInteger(value, verb, flags);
    case 'number':
      return formatFloat(value, verb, flags);
    case 'string':
      return formatString(value, verb, flags);
  }
  // Go formats each element of a slice or map with the same verb and flags (width included).
  if (Array.isArray(value)) return `[${value.map((item) => formatVerb(item, verb, flags)).join(' ')}]`;
  if (isMap(value)) {
    const entries = sortedKeys(value).map((key) => `${formatVerb(key, verb, flags)}:${formatVerb(value[key], verb, flags)}`);
    return `map[${entries.join(' ')}]`;
  }
  return badVerb(value, verb);
}

/**
 * A named type: fmt calls its String method for %v %s %q %x %X (handleMethods), prints an integer type as its integer
 * for the other verbs, and a struct as `{field field}` (`{Name:field}` for %+v) with the verb applied to each field.
 */
function formatObject(value: GoObject, verb: string, flags: Flags): string {
  const text = value.stringer();
  if (text !== undefined && 'vsqxX'.includes(verb)) return formatString(text, verb, flags);
  if (value.integer !== undefined) return formatInteger(value.integer, verb, flags);
  const fields = value.fields().map(([name, field]) => (flags.plusV ? `${name}:` : '') + formatVerb(field, verb, flags));
  return `{${fields.join(' ')}}`;
}

/** %#v: Go-syntax representation. */
function goSyntax(value: GoValue): string {
  if (value === undefined || value === null) return '<nil>';
  if (value instanceof GoObject) return value.goSyntax();
  if (typeof value === 'string') return goQuote(value, false);
  if (typeof value === 'number') {
    const text = formatFloatDigits(Math.abs(value), 'g', -1);
    return `${value < 0 || Object.is(value, -0) ? '-' : ''}${text}`;
  }
  if (typeof value !== 'object') return String(value);
  if (Array.isArray(value)) return `[]interface {}{${value.map(goSyntax).join(', ')}}`;
  return `map[string]interface {}{${sortedKeys(value)
    .map((key) => `${goQuote(key, false)}:${goSyntax(value[key])}`)
    .join(', ')}}`;
}

function formatInteger(value: bigint, verb: string, flags: Flags): string {
  const negative = value < 0n;
  const abs = negative ? -value : value;
  let digits: string;
  let prefix = '';
  switch (verb) {
    case 'd':
    case 'v':
      digits = abs.toString();
      break;
    case 'b':
      digits = abs.toString(2);
      if (flags.sharp) prefix = '0b';
      break;
    case 'o':
    case 'O':
      digits = abs.toString(8);
      if (verb === 'O') prefix = '0o';
      else if (flags.sharp && digits !== '0') digits = `0${digits}`;
      break;
    case 'x':
    case 'X':
      digits = abs.toString(16);
      if (verb === 'X') digits = digits.toUpperCase();
      if (flags.sharp) prefix = verb === 'x' ? '0x' : '0X';
      break;
    case 'c':
      return pad(runeText(value), flags);
    case 'q':
      return pad(quoteRune(value, flags.plus), flags);
    case 'U': {
      const text = `U+${abs.toString(16).toUpperCase().padStart(4, '0')}`;
      return pad(flags.sharp && isPrintable(runeText(value)) ? `${text} '${runeText(value)}'` : text, flags);
    }
    default:
      return badVerb(value, verb);
  }
  if (flags.precision !== undefined) {
    if (flags.precision === 0 && abs === 0n) digits = '';
    digits = digits.padStart(flags.precision, '0');
  }
  const sign = negative ? '-' : flags.plus ? '+' : flags.space ? ' ' : '';
  return padNumber(sign, prefix + digits, flags, flags.precision === undefined);
}

function formatFloat(value: number, verb: string, flags: Flags): string {
  const sign = value < 0 || Object.is(value, -0) ? '-' : flags.plus ? '+' : flags.space ? ' ' : '';
  if (!Number.isFinite(value)) {
    // Infinities always show their sign; NaN only when asked (Go's fmtFloat).
    if (Number.isNaN(value)) return pad(`${flags.plus ? '+' : flags.space ? ' ' : ''}NaN`, { ...flags, zero: false });
    return pad(`${value < 0 ? '-' : flags.space && !flags.plus ? ' ' : '+'}Inf`, { ...flags, zero: false });
  }
  const abs = Math.abs(value);
  let body: string;
  switch (verb) {
    case 'v':
      body = formatFloatDigits(abs, 'g', flags.precision ?? -1);
      break;
    case 'e':
    case 'E':
    case 'f':
    case 'F':
      body = formatFloatDigits(abs, verb, flags.precision ?? 6);
      break;
    case 'g':
    case 'G':
      body = formatFloatDigits(abs, verb, flags.precision ?? -1);
      break;
    case 'b':
      body = formatFloatBinary(abs);
      break;
    case 'x':
    case 'X':
      body = formatFloatHex(abs, verb === 'X');
      break;
    default:
      return badVerb(value, verb);
  }
  return padNumber(sign, body, flags, true);
}

function formatString(value: string, verb: string, flags: Flags): string {
  const truncated = flags.precision !== undefined ? [...value].slice(0, flags.precision).join('') : value;
  switch (verb) {
    case 'v':
    case 's':
      return pad(truncated, flags);
    case 'q':
      if (flags.sharp && canBackquote(truncated)) return pad(`\`${truncated}\``, flags);
      return pad(goQuote(truncated, flags.plus), flags);
    case 'x':
    case 'X': {
      const bytes = Buffer.from(value, 'utf8').subarray(0, flags.precision ?? undefined);
      const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0'));
      const prefix = flags.sharp ? '0x' : '';
      const text = flags.space ? hex.map((h) => prefix + h).join(' ') : prefix + hex.join('');
      return pad(verb === 'X' ? text.toUpperCase() : text, flags);
    }
    default:
      return badVerb(value, verb);
  }
}

/** Pads to the width; a number pads with zeros after its sign when the 0 flag allows it. */
function padNumber(sign: string, body: string, flags: Flags, zeroAllowed: boolean): string {
  const width = flags.width ?? 0;
  const length = sign.length + body.length;
  if (flags.zero && zeroAllowed && !flags.minus && length < width) return sign + '0'.repeat(width - length) + body;
  return pad(sign + body, { ...flags, zero: false });
}

/** Pads to the width in runes: left by default, right with '-', with zeros for the 0 flag (Go pads strings too). */
function pad(text: string, flags: Flags): string {
  const width = flags.width ?? 0;
  const length = [...text].length;
  if (length >= width) return text;
  const fill = (flags.zero && !flags.minus ? '0' : ' ').repeat(width - length);
  return flags.minus ? text + fill : fill + text;
}
