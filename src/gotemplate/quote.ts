/** strconv's quoting (Quote, QuoteToASCII, QuoteRune, CanBackquote) for printf's %q, %#q, %c and %U. */

export function runeText(value: bigint): string {
  return value >= 0n && value <= 0x10ffffn && !(value >= 0xd800n && value < 0xe000n) ? String.fromCodePoint(Number(value)) : '\uFFFD';
}

export function isPrintable(c: string): boolean {
  return /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u.test(c);
}

export function canBackquote(text: string): boolean {
  return ![...text].some((c) => c === '`' || c === '\uFEFF' || c === '\uFFFD' || (c < ' ' && c !== '\t') || c === '\x7f');
}

/** strconv.Quote (or QuoteToASCII with `ascii`): Go escapes, printable Unicode kept. */
export function goQuote(text: string, ascii: boolean): string {
  return `"${[...text].map((c) => escapeRune(c, '"', ascii)).join('')}"`;
}

export function quoteRune(value: bigint, ascii: boolean): string {
  return `'${escapeRune(runeText(value), "'", ascii)}'`;
}

const RUNE_ESCAPES: Record<string, string> = { '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v' };

function escapeRune(c: string, quote: string, ascii: boolean): string {
  if (c === quote || c === '\\') return `\\${c}`;
  const code = c.codePointAt(0) ?? 0;
  if (ascii ? code < 0x7f && isPrintable(c) : isPrintable(c)) return c;
  if (RUNE_ESCAPES[c]) return RUNE_ESCAPES[c];
  if (code < 0x20 || code === 0x7f) return `\\x${code.toString(16).padStart(2, '0')}`;
  if (code < 0x10000) return `\\u${code.toString(16).padStart(4, '0')}`;
  return `\\U${code.toString(16).padStart(8, '0')}`;
}
