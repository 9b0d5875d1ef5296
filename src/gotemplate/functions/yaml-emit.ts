import { formatFloatShortest, GoObject, isMap, type GoValue } from '../value';
import { compareGoStrings, fail } from './args';

/**
 * YAML output byte-for-byte as Argo CD's toYaml writes it: sigs.k8s.io/yaml marshals to JSON, then re-emits that with
 * its fork of go-yaml v2 (libyaml's emitter). So: keys sorted, 2-space indent, lists not indented under their key,
 * strings plain when they read back as strings, "double-quoted" when they would read as another type ("true", "1.0",
 * "12:30", ""), 'single-quoted' when plain is not allowed (": ", leading "- "), literal blocks (|, |-, |+) for
 * multi-line text, and long lines folded at spaces past column 80.
 */

const BEST_WIDTH = 80;

/** libyaml's is_printable: ASCII printable, line feed, and the printable BMP (not U+FEFF, not above U+FFFF). */
function isPrintable(code: number): boolean {
  return code === 0x0a || (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd && code !== 0xfeff);
}
const isBreak = (char: string | undefined): boolean => char === '\n' || char === '\r' || char === '\u0085' || char === '\u2028' || char === '\u2029';
const isBlank = (char: string | undefined): boolean => char === ' ' || char === '\t';

const YAML11_SPECIAL = new Set([
  '', '~', 'null', 'Null', 'NULL', 'y', 'Y', 'yes', 'Yes', 'YES', 'n', 'N', 'no', 'No', 'NO', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE',
  'on', 'On', 'ON', 'off', 'Off', 'OFF', '.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF', '-.inf', '-.Inf', '-.INF', '.nan', '.NaN', '.NAN', '<<',
]);

/** go-yaml v2's parseTimestamp formats: a date, or a date and time (with a zone after "T"). */
const TIMESTAMP = /^\d{4}-\d\d?-\d\d?(?:[Tt]\d\d?:\d\d?:\d\d?(?:\.\d+)?(?:Z|[-+]\d\d:\d\d)| \d\d?:\d\d?:\d\d?(?:\.\d+)?)?$/;

/** Would go-yaml v2's resolve read this plain scalar as something other than a string (or is it a base-60 float)? */
function resolvesToNonString(text: string): boolean {
  if (YAML11_SPECIAL.has(text)) return true;
  if (text.startsWith('.')) return /^\.\d+(?:[eE][-+]?\d+)?$/.test(text);
  if (!/^[-+0-9]/.test(text)) return false;
  if (TIMESTAMP.test(text)) return true;
  const plain = text.replace(/_/g, '');
  if (/^[-+]?(?:0[bB][01]+|0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[0-7]*|[1-9][0-9]*)$/.test(plain)) return true;
  // Digits, an optional point and more digits, written so that no digit can go to either side ([0-9]*\.?[0-9]+ would
  // retry every split of a long run: quadratic).
  if (/^[-+]?(?:[0-9]*\.)?[0-9]+(?:[eE][-+][0-9]+)?$/.test(plain)) return true;
  return /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/.test(text);
}

interface Analysis {
  blockPlainAllowed: boolean;
  singleQuotedAllowed: boolean;
  blockAllowed: boolean;
  multiline: boolean;
}

/** libyaml's yaml_emitter_analyze_scalar, for the block context. */
function analyze(text: string): Analysis {
  const chars = [...text];
  let blockIndicators = text.startsWith('---') || text.startsWith('...');
  let [leadingSpace, leadingBreak, trailingSpace, trailingBreak, breakSpace, spaceBreak] = [false, false, false, false, false, false];
  let [previousSpace, previousBreak, lineBreaks, special] = [false, false, false, false];
  let precededByWhitespace = true;
  chars.forEach((char, i) => {
    const followedByWhitespace = i + 1 >= chars.length || isBlank(chars[i + 1]);
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(char)) blockIndicators = true;
      if ((char === '?' || char === ':' || char === '-') && followedByWhitespace) blockIndicators = true;
    } else if ((char === ':' && followedByWhitespace) || (char === '#' && precededByWhitespace)) {
      blockIndicators = true;
    }
    if (!isPrintable(char.codePointAt(0)!)) special = true;
    if (char === ' ') {
      if (i === 0) leadingSpace = true;
      if (i === chars.length - 1) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      [previousSpace, previousBreak] = [true, false];
    } else if (isBreak(char)) {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (i === chars.length - 1) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      [previousSpace, previousBreak] = [false, true];
    } else {
      [previousSpace, previousBreak] = [false, false];
    }
    precededByWhitespace = isBlank(char) || isBreak(char);
  });
  const analysis = { blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: true, multiline: lineBreaks };
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) analysis.blockPlainAllowed = false;
  if (trailingSpace) analysis.blockAllowed = false;
  if (breakSpace) analysis.blockPlainAllowed = analysis.singleQuotedAllowed = false;
  if (spaceBreak || special) analysis.blockPlainAllowed = analysis.singleQuotedAllowed = analysis.blockAllowed = false;
  if (lineBreaks || blockIndicators) analysis.blockPlainAllowed = false;
  return analysis;
}

type Style = 'plain' | 'single' | 'double' | 'literal';

/** go-yaml v2's stringv choice, then libyaml's downgrades (select_scalar_style). */
function chooseStyle(text: string, simpleKey: boolean): Style {
  const analysis = analyze(text);
  let style: Style = text.includes('\n') ? 'literal' : resolvesToNonString(text) ? 'double' : 'plain';
  if (style === 'plain' && !analysis.blockPlainAllowed) style = 'single';
  if (style === 'single' && !analysis.singleQuotedAllowed) style = 'double';
  if (style === 'literal' && (!analysis.blockAllowed || simpleKey)) style = 'double';
  return style;
}

const DOUBLE_ESCAPES: Record<string, string> = {
  '\0': '0', '\x07': 'a', '\b': 'b', '\t': 't', '\n': 'n', '\v': 'v', '\f': 'f', '\r': 'r', '\x1b': 'e', '"': '"', '\\': '\\',
  '\u0085': 'N', '\u00a0': '_', '\u2028': 'L', '\u2029': 'P',
};

class Writer {
  out = '';
  column = 0;

  write(text: string): void {
    this.out += text;
    const newline = text.lastIndexOf('\n');
    this.column = newline >= 0 ? [...text.slice(newline + 1)].length : this.column + [...text].length;
  }

  /** libyaml's write_indent: a line break unless one was just written (after a literal block), then the indent. */
  newline(indent: number): void {
    const atLineStart = this.column === 0 && this.out.endsWith('\n');
    this.write(`${atLineStart ? '' : '\n'}${' '.repeat(indent)}`);
  }

  /** A quoted or plain scalar; outside keys, a space past column 80 becomes a line break (libyaml's folding). */
  scalarRun(text: string, style: 'plain' | 'single' | 'double', indent: number, allowBreaks: boolean): void {
    const chars = [...text];
    const quote = style === 'single' ? "'" : style === 'double' ? '"' : '';
    this.write(quote);
    let spaces = false;
    chars.forEach((char, i) => {
      const next = chars[i + 1];
      if (char === ' ') {
        const inner = style === 'plain' || (i !== 0 && i !== chars.length - 1);
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && inner && (style === 'double' || next !== ' ')) {
          this.newline(indent);
          if (style === 'double' && next === ' ') this.write('\\');
        } else {
          this.write(' ');
        }
        spaces = true;
        return;
      }
      spaces = false;
      const code = char.codePointAt(0)!;
      if (style === 'single' && char === "'") this.write("''");
      else if (style === 'double' && (!isPrintable(code) || isBreak(char) || char === '"' || char === '\\' || code === 0xfeff)) {
        const hex = code.toString(16).toUpperCase();
        this.write(DOUBLE_ESCAPES[char] ? `\\${DOUBLE_ESCAPES[char]}` : code <= 0xff ? `\\x${hex.padStart(2, '0')}` : code <= 0xffff ? `\\u${hex.padStart(4, '0')}` : `\\U${hex.padStart(8, '0')}`);
      } else this.write(char);
    });
    this.write(quote);
  }

  /** A literal block scalar: header with indentation and chomping indicators, then the lines at `indent`. */
  literal(text: string, indent: number): void {
    const chomp = !isBreak(text.at(-1)) ? '-' : text.length === 1 || isBreak(text.at(-2)) ? '+' : '';
    const indentHint = text.startsWith(' ') || isBreak(text[0]) ? '2' : '';
    this.write(`|${indentHint}${chomp}`);
    let atLineStart = true;
    this.write('\n');
    for (const char of text) {
      if (isBreak(char)) {
        this.write('\n');
        atLineStart = true;
      } else {
        if (atLineStart) this.write(' '.repeat(indent));
        atLineStart = false;
        this.write(char);
      }
    }
  }

  scalar(text: string, indent: number, simpleKey: boolean): void {
    const style = chooseStyle(text, simpleKey);
    if (style === 'literal') this.literal(text, indent);
    else this.scalarRun(text, style, indent, !simpleKey);
  }
}

/** JSON numbers, re-read by go-yaml: integers in int64/uint64 range print as integers, the rest as float64 'g'. */
function numberText(value: number | bigint): string {
  if (typeof value === 'bigint') return value.toString();
  if (!Number.isFinite(value)) fail(`json: unsupported value: ${formatFloatShortest(value, 'g')}`);
  if (Number.isInteger(value) && Math.abs(value) < 1e21) {
    const integer = BigInt(value);
    if (integer >= -(2n ** 63n) && integer < 2n ** 64n) return integer.toString();
  }
  return formatFloatShortest(value, 'g');
}

type Placement = 'root' | 'mapValue' | 'sequenceItem';

/** Emits `value`; `indent` is the indentation of the collection it sits in (its key or its "- "). */
function emitNode(writer: Writer, value: GoValue, indent: number, placement: Placement): void {
  // sigs.k8s.io/yaml goes through encoding/json: a named type is emitted as its JSON form.
  if (value instanceof GoObject) return emitNode(writer, value.jsonValue(), indent, placement);
  const separator = placement === 'mapValue' ? ' ' : '';
  if (Array.isArray(value) || isMap(value)) {
    const entries = Array.isArray(value) ? value : Object.keys(value).sort(compareGoStrings);
    if (entries.length === 0) return writer.write(separator + (Array.isArray(value) ? '[]' : '{}'));
    // A list under a key is not indented ("key:\n- a"); a dict under a key is, by 2.
    const childIndent = placement === 'root' ? 0 : placement === 'mapValue' && Array.isArray(value) ? indent : indent + 2;
    if (Array.isArray(value)) emitSequence(writer, value, childIndent, placement);
    else emitMapping(writer, value, childIndent, placement);
    return;
  }
  writer.write(separator);
  const continuation = placement === 'root' ? 2 : indent + 2;
  if (value === null || value === undefined) writer.write('null');
  else if (typeof value === 'boolean') writer.write(String(value));
  else if (typeof value === 'number' || typeof value === 'bigint') writer.write(numberText(value));
  else writer.scalar(value, continuation, false);
}

function emitSequence(writer: Writer, items: GoValue[], indent: number, placement: Placement): void {
  items.forEach((item, i) => {
    if (i > 0 || placement === 'mapValue') writer.newline(indent);
    writer.write('- ');
    emitNode(writer, item, indent, 'sequenceItem');
  });
}

function emitMapping(writer: Writer, map: Record<string, GoValue>, indent: number, placement: Placement): void {
  Object.keys(map)
    .sort(compareGoStrings)
    .forEach((key, i) => {
      if (i > 0 || placement === 'mapValue') writer.newline(indent);
      writer.scalar(key, indent + 2, true);
      writer.write(':');
      emitNode(writer, map[key], indent, 'mapValue');
    });
}

/** sigs.k8s.io/yaml.Marshal(value), ending in a newline. */
export function marshalYaml(value: GoValue): string {
  const writer = new Writer();
  emitNode(writer, value, 0, 'root');
  return writer.out.endsWith('\n') ? writer.out : `${writer.out}\n`;
}
