import { GoObject, type GoValue } from '../value';
import { buildFunctions, compareGoStrings, fail, stringArg } from './args';

/**
 * Go's encoding/json over GoValues, as sprig's toJson family uses it: map keys sorted, `<`, `>`, `&`, U+2028 and
 * U+2029 escaped (toRawJson leaves HTML characters alone), NaN and ±Inf rejected. fromJson decodes numbers to float64.
 * Named types write what their MarshalJSON (or struct fields) would: a time.Time is its RFC 3339 string.
 */

const SHORT_ESCAPES: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' };
const HTML_ESCAPES: Record<string, string> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026' };

function encodeString(text: string, escapeHtml: boolean): string {
  let out = '"';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (SHORT_ESCAPES[char]) out += SHORT_ESCAPES[char];
    else if (escapeHtml && HTML_ESCAPES[char]) out += HTML_ESCAPES[char];
    else if (code < 0x20 || code === 0x2028 || code === 0x2029) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else if (code >= 0xd800 && code <= 0xdfff) out += '\ufffd';
    else out += char;
  }
  return `${out}"`;
}

function encodeNumber(value: number): string {
  if (!Number.isFinite(value)) fail(`json: unsupported value: ${Number.isNaN(value) ? 'NaN' : value > 0 ? '+Inf' : '-Inf'}`);
  return Object.is(value, -0) ? '-0' : String(value);
}

/** json.Marshal (indent "") or json.MarshalIndent(v, "", indent). */
export function encodeJson(value: GoValue, options: { indent?: string; escapeHtml: boolean }): string {
  const indent = options.indent ?? '';
  const encode = (v: GoValue, depth: number): string => {
    if (v === null || v === undefined) return 'null';
    if (typeof v === 'string') return encodeString(v, options.escapeHtml);
    if (typeof v === 'boolean' || typeof v === 'bigint') return String(v);
    if (typeof v === 'number') return encodeNumber(v);
    if (v instanceof GoObject) return encode(v.jsonValue(), depth);
    const entries: Array<[string | null, GoValue]> = Array.isArray(v)
      ? v.map((item) => [null, item])
      : Object.keys(v)
          .sort(compareGoStrings)
          .map((key) => [key, v[key]]);
    const [open, close] = Array.isArray(v) ? ['[', ']'] : ['{', '}'];
    if (entries.length === 0) return open + close;
    const inner = indent ? `\n${indent.repeat(depth + 1)}` : '';
    const colon = indent ? ': ' : ':';
    const items = entries.map(([key, item]) => (key === null ? '' : encodeString(key, options.escapeHtml) + colon) + encode(item, depth + 1));
    return open + inner + items.join(`,${inner}`) + (indent ? `\n${indent.repeat(depth)}` : '') + close;
  };
  return encode(value, 0);
}

/** json.Unmarshal into interface{}: objects become maps, numbers float64. */
export function decodeJson(text: string): GoValue {
  try {
    return JSON.parse(text) as GoValue;
  } catch (error) {
    fail(`invalid JSON: ${(error as Error).message}`);
  }
}

/** The non-`must` forms swallow errors as sprig's do: an empty string (toJson) or nil (fromJson). */
function orElse<T>(fallback: T, produce: () => T): T {
  try {
    return produce();
  } catch {
    return fallback;
  }
}

export const jsonFunctions = buildFunctions({
  toJson: [1, 1, (v) => orElse('', () => encodeJson(v, { escapeHtml: true }))],
  mustToJson: [1, 1, (v) => encodeJson(v, { escapeHtml: true })],
  toPrettyJson: [1, 1, (v) => orElse('', () => encodeJson(v, { indent: '  ', escapeHtml: true }))],
  mustToPrettyJson: [1, 1, (v) => encodeJson(v, { indent: '  ', escapeHtml: true })],
  // sprig's toRawJson panics on error rather than returning "".
  toRawJson: [1, 1, (v) => encodeJson(v, { escapeHtml: false })],
  mustToRawJson: [1, 1, (v) => encodeJson(v, { escapeHtml: false })],
  fromJson: [1, 1, (v) => {
    const text = stringArg(v);
    return orElse<GoValue>(null, () => decodeJson(text));
  }],
  mustFromJson: [1, 1, (v) => decodeJson(stringArg(v))],
});
