/**
 * text/template's predefined functions (and, or, not, len, index, slice, print*, eq..ge, html, js,
 * urlquery, call) with Go's argument rules and error texts. Arguments arrive as the executor evaluated
 * them: `undefined` is Go's invalid value (a missing key), `null` a nil interface (a JSON null).
 */
import { eq, ge, gt, le, lt, ne } from './compare';
import { fmtPrint, fmtPrintln, fmtSprintf } from './format';
import { ArgNode, nodeToString } from './nodes';
import { GoObject, GoValue, goTypeName, isTrue } from './value';

export interface Builtin {
  /** Fixed parameter count; with `variadic`, the minimum. */
  arity: number;
  variadic: boolean;
  /** printf's format is typed string in Go, so non-string constants are rejected before the call. */
  stringFirst?: boolean;
  call(args: GoValue[], operands: ArgNode[]): GoValue;
}

const fixed = (arity: number, call: Builtin['call']): Builtin => ({ arity, variadic: false, call });
const variadic = (arity: number, call: Builtin['call']): Builtin => ({ arity, variadic: true, call });

export const BUILTINS: Record<string, Builtin> = {
  // and/or short-circuit in the executor (evaluateAndOr); these entries carry their arity.
  and: variadic(1, () => undefined),
  or: variadic(1, () => undefined),
  not: fixed(1, ([value]) => !isTrue(value)),
  len: fixed(1, ([value]) => length(value)),
  index: variadic(1, ([item, ...indexes]) => index(item, indexes)),
  slice: variadic(1, ([item, ...indexes]) => slice(item, indexes)),
  print: variadic(0, (args) => fmtPrint(args)),
  println: variadic(0, (args) => fmtPrintln(args)),
  printf: { arity: 1, variadic: true, stringFirst: true, call: ([format, ...args]) => fmtSprintf(format as string, args) },
  eq: variadic(1, ([first, ...others]) => eq(first, others)),
  ne: fixed(2, ([a, b]) => ne(a, b)),
  lt: fixed(2, ([a, b]) => lt(a, b)),
  le: fixed(2, ([a, b]) => le(a, b)),
  gt: fixed(2, ([a, b]) => gt(a, b)),
  ge: fixed(2, ([a, b]) => ge(a, b)),
  html: variadic(0, (args) => htmlEscape(printableArgs(args))),
  js: variadic(0, (args) => jsEscape(printableArgs(args))),
  urlquery: variadic(0, (args) => queryEscape(printableArgs(args))),
  call: variadic(1, ([fn], operands) => {
    if (fn === undefined || fn === null) throw new Error('call of nil');
    throw new Error(`non-function ${nodeToString(operands[0])} of type ${goTypeName(fn)}`);
  }),
};

/** Go's and/or: evaluate left to right, stop at the deciding argument and return it (not a bool). */
export function evaluateAndOr(
  name: 'and' | 'or',
  operands: ArgNode[],
  final: { value: GoValue } | undefined,
  evalArg: (arg: ArgNode) => GoValue,
): GoValue {
  let value: GoValue = undefined;
  for (const operand of operands) {
    value = evalArg(operand);
    if (isTrue(value) === (name === 'or')) return value;
  }
  return final ? final.value : value;
}

function length(value: GoValue): bigint {
  if (value === undefined) throw new Error('reflect: call of reflect.Value.Type on zero Value');
  if (value === null) throw new Error('len of nil pointer');
  if (typeof value === 'string') return BigInt(Buffer.byteLength(value, 'utf8'));
  if (Array.isArray(value)) return BigInt(value.length);
  if (typeof value === 'object' && !(value instanceof GoObject)) return BigInt(Object.keys(value).length);
  throw new Error(`len of type ${goTypeName(value)}`);
}

/** Go's indexArg: an int index within 0..cap. */
function indexArg(value: GoValue, cap: number): number {
  if (value === undefined || value === null) throw new Error('cannot index slice/array with nil');
  if (typeof value !== 'bigint') throw new Error(`cannot index slice/array with type ${goTypeName(value)}`);
  if (value < 0n || value > BigInt(cap)) throw new Error(`index out of range: ${value}`);
  return Number(value);
}

function index(item: GoValue, indexes: GoValue[]): GoValue {
  if (item === undefined || item === null) throw new Error('index of untyped nil');
  let current: GoValue = item;
  for (const key of indexes) {
    if (current === null || current === undefined) throw new Error('index of nil pointer');
    if (typeof current === 'string') {
      // Go indexes strings by byte and yields the byte (a uint8, printed as a number).
      const bytes: Buffer = Buffer.from(current, 'utf8');
      const i = indexArg(key, bytes.length);
      if (i === bytes.length) throw new Error('reflect: string index out of range');
      current = BigInt(bytes[i]);
    } else if (Array.isArray(current)) {
      const i = indexArg(key, current.length);
      if (i === current.length) throw new Error('reflect: slice index out of range');
      current = current[i];
    } else if (typeof current === 'object' && !(current instanceof GoObject)) {
      if (key === undefined || key === null) throw new Error('value is nil; should be of type string');
      if (typeof key !== 'string') throw new Error(`value has type ${goTypeName(key)}; should be string`);
      current = Object.prototype.hasOwnProperty.call(current, key) ? current[key] : null;
    } else {
      throw new Error(`can't index item of type ${goTypeName(current)}`);
    }
  }
  return current;
}

function slice(item: GoValue, indexes: GoValue[]): GoValue {
  if (item === undefined || item === null) throw new Error('slice of untyped nil');
  if (indexes.length > 3) throw new Error(`too many slice indexes: ${indexes.length}`);
  let size: number;
  if (typeof item === 'string') {
    if (indexes.length === 3) throw new Error('cannot 3-index slice a string');
    size = Buffer.byteLength(item, 'utf8');
  } else if (Array.isArray(item)) {
    size = item.length;
  } else {
    throw new Error(`can't slice item of type ${goTypeName(item)}`);
  }
  const bounds = [0, size, size];
  indexes.forEach((value, i) => (bounds[i] = indexArg(value, size)));
  if (bounds[0] > bounds[1]) throw new Error(`invalid slice index: ${bounds[0]} > ${bounds[1]}`);
  if (indexes.length === 3 && bounds[1] > bounds[2]) throw new Error(`invalid slice index: ${bounds[1]} > ${bounds[2]}`);
  if (typeof item === 'string') return Buffer.from(item, 'utf8').subarray(bounds[0], bounds[1]).toString('utf8');
  return item.slice(bounds[0], bounds[1]);
}

/** Go's evalArgs for html/js/urlquery: nil arguments print as <no value>, not <nil>. */
function printableArgs(args: GoValue[]): string {
  if (args.length === 1 && typeof args[0] === 'string') return args[0];
  return fmtPrint(args.map((arg) => (arg === undefined || arg === null ? '<no value>' : arg)));
}

const HTML_ESCAPES: Record<string, string> = { '\0': '\uFFFD', '"': '&#34;', "'": '&#39;', '&': '&amp;', '<': '&lt;', '>': '&gt;' };

function htmlEscape(text: string): string {
  return text.replace(/[\0"'&<>]/g, (c) => HTML_ESCAPES[c]);
}

const JS_ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  "'": "\\'",
  '"': '\\"',
  '<': '\\u003C',
  '>': '\\u003E',
  '&': '\\u0026',
  '=': '\\u003D',
};

function jsEscape(text: string): string {
  let out = '';
  for (const c of text) {
    const code = c.codePointAt(0) ?? 0;
    if (JS_ESCAPES[c]) out += JS_ESCAPES[c];
    else if (code < 0x20) out += `\\u00${code.toString(16).toUpperCase().padStart(2, '0')}`;
    else if (code >= 0x80 && !/^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u.test(c)) out += `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
    else out += c;
  }
  return out;
}

/** Go's url.QueryEscape: unreserved bytes stay, space becomes '+', the rest %XX. */
function queryEscape(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const c = String.fromCharCode(byte);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (c === ' ') out += '+';
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}
