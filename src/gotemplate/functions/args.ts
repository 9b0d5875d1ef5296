import { GoObject, GoTemplateFunctionError, formatValue, goTypeName, isMap, type GoFunction, type GoMap, type GoValue } from '../value';

/**
 * Argument handling shared by every function. Go's text/template converts each argument to the parameter type of the
 * Go function it calls and fails with "wrong type for value" when it cannot; sprig functions then apply their own
 * (often lenient, `cast`-style) conversions. These helpers reproduce both layers over GoValue.
 */

export function fail(message: string): never {
  throw new GoTemplateFunctionError(message);
}

/**
 * An argument Go's text/template would have refused before calling the function (wrong count, wrong type, nil for a
 * string). Go reports those without the "error calling <name>:" prefix; an engine that knows this class can do the
 * same, one that does not still reports a failed call.
 */
export class GoTemplateArgumentError extends GoTemplateFunctionError {
  override name = 'GoTemplateArgumentError';
}

function refuseArgument(message: string): never {
  throw new GoTemplateArgumentError(message);
}

function wrongType(expected: string, value: GoValue): never {
  if (value === null || value === undefined) refuseArgument(`invalid value; expected ${expected}`);
  refuseArgument(`wrong type for value; expected ${expected}; got ${goTypeName(value)}`);
}

/** A `string` parameter: nil and non-strings are rejected, as text/template does. */
export function stringArg(value: GoValue): string {
  if (typeof value !== 'string') wrongType('string', value);
  return value;
}

/**
 * An `int` parameter. JSON numbers (float64) are rejected as in Go; bigint covers Go's int and int64 alike (Go would
 * refuse an int64 result such as `add 1 2` for an int parameter — accepting it is a deliberate leniency).
 */
export function intArg(value: GoValue): number {
  if (typeof value !== 'bigint') wrongType('int', value);
  return Number(value);
}

export function boolArg(value: GoValue): boolean {
  if (typeof value !== 'boolean') wrongType('bool', value);
  return value;
}

/** A `float64` parameter; integer constants convert, as Go's untyped constants do. */
export function floatArg(value: GoValue): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  wrongType('float64', value);
}

/** A `map[string]interface{}` parameter: nil arrives as a nil map (readable, empty), anything else but a map fails. */
export function mapArg(value: GoValue): GoMap {
  if (value === null || value === undefined) return {};
  if (!isMap(value)) wrongType('map[string]interface {}', value);
  return value;
}

/** A parameter of a named Go type (time.Time, sprig's certificate): only a value of that very type is assignable. */
export function objectArg<T extends GoObject>(value: GoValue, typeName: string, type: abstract new (...args: never[]) => T): T {
  if (!(value instanceof type)) wrongType(typeName, value);
  return value;
}

/** A `[]interface{}` parameter: nil arrives as a nil slice (null), anything else but a list fails. */
export function sliceArg(value: GoValue): GoValue[] | null {
  if (value === null || value === undefined) return null;
  if (!Array.isArray(value)) wrongType('[]interface {}', value);
  return value;
}

/** Go's int64 arithmetic wraps around. */
export function wrapInt64(value: bigint): bigint {
  return BigInt.asIntN(64, value);
}

const GO_INT_LITERAL = /^[+-]?(0[xX](_?[0-9a-fA-F])+|0[bB](_?[01])+|0[oO]?(_?[0-7])+|[1-9](_?\d)*|0)$/;

/** Go's strconv.ParseInt(s, 0, 64): base prefixes, underscores only after a prefix or between digits. */
function parseGoInt(text: string): bigint | undefined {
  if (!GO_INT_LITERAL.test(text)) return undefined;
  const negative = text.startsWith('-');
  let digits = text.replace(/^[+-]/, '').replace(/_/g, '');
  if (/^0[0-7]+$/.test(digits)) digits = `0o${digits.slice(1)}`;
  if (/^0[oO]/.test(digits)) digits = `0o${digits.slice(2)}`;
  const parsed = negative ? -BigInt(digits) : BigInt(digits);
  return parsed === BigInt.asIntN(64, parsed) ? parsed : undefined;
}

/** cast's toInt special case: time.Weekday and time.Month convert; other named types (time.Duration) do not. */
function castNamedInteger(value: GoValue): bigint | undefined {
  if (value instanceof GoObject && (value.typeName === 'time.Month' || value.typeName === 'time.Weekday')) return value.integer;
  return undefined;
}

/** spf13/cast ToInt64: numbers truncate, strings parse (base prefixes, "10.0" allowed), anything else is 0. */
export function castInt64(value: GoValue): bigint {
  if (typeof value === 'bigint') return wrapInt64(value);
  const named = castNamedInteger(value);
  if (named !== undefined) return named;
  if (typeof value === 'number') return Number.isFinite(value) ? wrapInt64(BigInt(Math.trunc(value))) : -(2n ** 63n);
  if (typeof value === 'boolean') return value ? 1n : 0n;
  if (typeof value === 'string') return parseGoInt(value.replace(/^([+-]?\d+)\.0+$/, '$1')) ?? 0n;
  return 0n;
}

const GO_FLOAT_LITERAL = /^[+-]?((\d(_?\d)*)?\.?\d(_?\d)*([eE][+-]?\d+)?|\d+\.([eE][+-]?\d+)?|inf(inity)?|nan)$/i;

/** spf13/cast ToFloat64: strconv.ParseFloat for strings, 0 when nothing converts. */
export function castFloat64(value: GoValue): number {
  if (typeof value === 'number') return value;
  const named = castNamedInteger(value);
  if (named !== undefined) return Number(named);
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string') {
    if (/^0[xX]/.test(value.replace(/^[+-]/, ''))) return Number(castInt64(value));
    if (!GO_FLOAT_LITERAL.test(value)) return 0;
    const lower = value.toLowerCase().replace(/_/g, '');
    if (lower.endsWith('nan')) return NaN;
    if (lower.includes('inf')) return lower.startsWith('-') ? -Infinity : Infinity;
    return Number(lower);
  }
  return 0;
}

/** sprig's strval: strings as they are, everything else through fmt's %v. */
export function strval(value: GoValue): string {
  return typeof value === 'string' ? value : formatValue(value);
}

/** sprig's `empty`: nil, zero numbers, false, and empty strings, lists and maps; never a struct. */
export function isEmpty(value: GoValue): boolean {
  if (value === null || value === undefined) return true;
  if (value instanceof GoObject) return value.integer === 0n;
  if (typeof value === 'string') return value.length === 0;
  if (typeof value === 'boolean') return !value;
  if (typeof value === 'bigint') return value === 0n;
  if (typeof value === 'number') return value === 0;
  if (Array.isArray(value)) return value.length === 0;
  return Object.keys(value).length === 0;
}

/** reflect.DeepEqual over GoValues: types must match (int64 1 is not float64 1). */
export function deepEqual(a: GoValue, b: GoValue): boolean {
  if (a === undefined) a = null;
  if (b === undefined) b = null;
  if (a === null || b === null) return a === b;
  if (typeof a !== typeof b) return false;
  if (a instanceof GoObject || b instanceof GoObject) return a instanceof GoObject && b instanceof GoObject && a.typeName === b.typeName && a.deepEquals(b);
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  if (isMap(a)) {
    if (!isMap(b)) return false;
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && deepEqual(a[key], b[key]));
  }
  return a === b;
}

/** Go's sort.Strings order: by UTF-8 bytes, which differs from JS's UTF-16 order only above the BMP. */
export function compareGoStrings(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/**
 * Wraps an implementation with text/template's argument-count check ("wrong number of args for trunc: want 2 got 1").
 * `max` undefined means variadic.
 */
export function withArity(name: string, min: number, max: number | undefined, fn: GoFunction): GoFunction {
  return (...args) => {
    if (args.length < min || (max !== undefined && args.length > max)) {
      const want = max === undefined ? `at least ${min}` : String(min);
      refuseArgument(`wrong number of args for ${name}: want ${want} got ${args.length}`);
    }
    return fn(...args);
  };
}

/** A table of functions with their arities, turned into a FuncMap with the checks applied. */
export type FunctionTable = Record<string, [min: number, max: number | undefined, fn: GoFunction]>;

export function buildFunctions(table: FunctionTable): Record<string, GoFunction> {
  return Object.fromEntries(Object.entries(table).map(([name, [min, max, fn]]) => [name, withArity(name, min, max, fn)]));
}

/**
 * The largest string (in characters) or list a single function call may build. Templates are user input: without a
 * bound, `repeat 1000000000 "x"` or `until 1000000000` would exhaust the hub before the engine's output limit is
 * reached. Go has no such limit; nothing an ApplicationSet legitimately renders comes near it.
 */
export const MAX_GENERATED_SIZE = 1 << 20;

export function checkGeneratedSize(name: string, size: number): void {
  if (size > MAX_GENERATED_SIZE) fail(`${name}: a result of ${size} exceeds the limit of ${MAX_GENERATED_SIZE}`);
}

/**
 * `map[key] = value` that stays an own data property even for the key "__proto__" (a plain assignment would replace
 * the object's prototype instead of storing a template-controlled key).
 */
export function setKey(map: GoMap, key: string, value: GoValue): void {
  Object.defineProperty(map, key, { value, writable: true, enumerable: true, configurable: true });
}
