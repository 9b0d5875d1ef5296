/**
 * Go literal syntax for template constants: quoted and raw strings, character constants and numbers, as
 * strconv.Unquote and text/template/parse's NewNumber read them.
 */
import { goQuote } from './quote';

const SIMPLE_ESCAPES: Record<string, number> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, '\\': 92 };

/** strconv.Unquote for "..." and `...` (and, with `quote === "'"`, one character constant). */
export function unquoteGo(literal: string): string {
  const quote = literal[0];
  if (literal.length < 2 || literal[literal.length - 1] !== quote) throw new SyntaxError('invalid syntax');
  const body = literal.slice(1, -1);
  // Raw strings are taken literally, except that carriage returns are discarded (Go spec).
  if (quote === '`') return body.replace(/\r/g, '');
  // Escapes like \xff are bytes in Go, so the value is built as UTF-8 bytes and decoded once.
  const bytes: number[] = [];
  for (let i = 0; i < body.length; ) {
    const c = body[i];
    if (c === quote) throw new SyntaxError('invalid syntax');
    if (c !== '\\') {
      const code = body.codePointAt(i) ?? 0;
      const char = String.fromCodePoint(code);
      bytes.push(...Buffer.from(char, 'utf8'));
      i += char.length;
      continue;
    }
    const e = body[i + 1];
    if (e in SIMPLE_ESCAPES) {
      bytes.push(SIMPLE_ESCAPES[e]);
      i += 2;
    } else if (e === quote && quote !== '`') {
      bytes.push(quote.charCodeAt(0));
      i += 2;
    } else if (e === 'x' || e === 'u' || e === 'U') {
      const size = e === 'x' ? 2 : e === 'u' ? 4 : 8;
      const hex = body.slice(i + 2, i + 2 + size);
      if (!new RegExp(`^[0-9a-fA-F]{${size}}$`).test(hex)) throw new SyntaxError('invalid syntax');
      const value = parseInt(hex, 16);
      if (e === 'x') bytes.push(value);
      else {
        if (value > 0x10ffff || (value >= 0xd800 && value < 0xe000)) throw new SyntaxError('invalid syntax');
        bytes.push(...Buffer.from(String.fromCodePoint(value), 'utf8'));
      }
      i += 2 + size;
    } else if (e >= '0' && e <= '7') {
      const oct = body.slice(i + 1, i + 4);
      if (!/^[0-7]{3}$/.test(oct) || parseInt(oct, 8) > 255) throw new SyntaxError('invalid syntax');
      bytes.push(parseInt(oct, 8));
      i += 4;
    } else {
      throw new SyntaxError('invalid syntax');
    }
  }
  const text = Buffer.from(bytes).toString('utf8');
  if (quote === "'" && [...text].length !== 1) throw new SyntaxError('invalid syntax');
  return text;
}

/**
 * A number constant as idealConstant gives it to a function or to output: ints are bigint, a constant
 * written with a decimal point or exponent is a float64, character constants are ints (runes).
 * Returns an error text when Go rejects the constant.
 */
export function parseNumberConstant(text: string, isChar: boolean): bigint | number | { error: string } {
  if (isChar) {
    try {
      return BigInt(unquoteGo(text).codePointAt(0) ?? 0);
    } catch {
      return { error: `malformed character constant: ${text}` };
    }
  }
  if (text.endsWith('i')) {
    const real = text.slice(0, -1);
    if (real && (parseGoInteger(real) !== undefined || parseGoFloat(real) !== undefined)) return { error: `complex constants are not supported: ${text}` };
    return { error: `illegal number syntax: ${goQuote(text, false)}` };
  }
  const integer = parseGoInteger(text);
  const isHex = /^[+-]?0[xX]/.test(text);
  if (integer !== undefined && !(isHex && /[pP.]/.test(text))) {
    // Beyond uint64 (or below int64) Go's parser rejects the constant; the uint64-only range fails at execution.
    if (integer > 0xffff_ffff_ffff_ffffn || integer < -(2n ** 63n)) return { error: `integer overflow: ${goQuote(text, false)}` };
    return integer;
  }
  const float = parseGoFloat(text);
  if (float === undefined) return { error: `illegal number syntax: ${goQuote(text, false)}` };
  return float;
}

/** strconv.ParseInt(text, 0, ...) without the range check: base prefixes, legacy octal, underscores between digits. */
function parseGoInteger(text: string): bigint | undefined {
  const match = /^([+-]?)(0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|0[0-7_]*|[1-9][0-9_]*)$/.exec(text);
  if (!match) return undefined;
  const [, sign, digits] = match;
  if (!validUnderscores(digits)) return undefined;
  let body = digits.replace(/_/g, '');
  if (/^0[0-7]+$/.test(body)) body = `0o${body.slice(1)}`;
  const value = BigInt(body.replace(/^0([XOB])/, (_, p: string) => `0${p.toLowerCase()}`));
  return sign === '-' ? -value : value;
}

function parseGoFloat(text: string): number | undefined {
  if (/^[+-]?0[xX]/.test(text)) {
    const match = /^([+-]?)0[xX]([0-9a-fA-F_]*)\.?([0-9a-fA-F_]*)[pP]([+-]?[0-9_]+)$/.exec(text);
    if (!match || !validUnderscores(text.slice(match[1].length))) return undefined;
    const [, sign, whole, frac, exp] = match;
    const mantissa = parseInt(`${whole.replace(/_/g, '')}${frac.replace(/_/g, '')}` || '0', 16);
    const value = mantissa * 2 ** (Number(exp.replace(/_/g, '')) - 4 * frac.replace(/_/g, '').length);
    return sign === '-' ? -value : value;
  }
  if (!/^[+-]?([0-9_]+\.?[0-9_]*|\.[0-9_]+)([eE][+-]?[0-9_]+)?$/.test(text)) return undefined;
  if (!validUnderscores(text.replace(/^[+-]/, ''))) return undefined;
  return Number(text.replace(/_/g, ''));
}

/** Go: an underscore must separate digits (or follow a base prefix). */
function validUnderscores(digits: string): boolean {
  if (!digits.includes('_')) return true;
  return !/__|_$|^_|_[.eEpP+-]|[.+-]_/.test(digits.replace(/^0[xXoObB]/, '0'));
}
