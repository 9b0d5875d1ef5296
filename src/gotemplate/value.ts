/**
 * The Go value model the template engine and its function library share.
 *
 * Argo CD hands templates parameters decoded from JSON into `interface{}`, so every JSON number is a Go
 * float64 (a JS `number` here), while template integer constants, `len` and sprig's integer maths give Go
 * ints (a JS `bigint` here). Keeping the two apart is what makes `{{ 3 }}` and `{{ .three }}` print,
 * compare and fail exactly as they do in Argo CD.
 */

/**
 * Go values as the engine sees them: JSON data (numbers are Go float64), Go ints are bigint, and values of named Go
 * types that functions return (time.Time, time.Duration, sprig's certificate) as GoObjects.
 */
export type GoValue = null | undefined | string | boolean | bigint | number | GoValue[] | GoMap | GoObject;
export interface GoMap {
  [key: string]: GoValue;
}
/** A template function; it throws GoTemplateFunctionError (or any Error) to fail the execution. */
export type GoFunction = (...args: GoValue[]) => GoValue;
export type FuncMap = Record<string, GoFunction>;

/** Thrown by template functions; the executor reports it as Go does: `error calling name: message`. */
export class GoTemplateFunctionError extends Error {
  override name = 'GoTemplateFunctionError';
}

export type GoKind = 'invalid' | 'string' | 'bool' | 'int' | 'int64' | 'float64' | 'slice' | 'map' | 'struct';

/** A method parameter's type, as text/template converts arguments to it (evalArg, validateType). */
export interface GoParam {
  /** The Go type name in messages ("time.Duration"). */
  type: string;
  /** Which constants it takes: a string constant, an integer constant, or none (a struct). */
  constant: 'string' | 'int' | 'none';
  /** Whether a computed (non-constant) value is assignable to it. */
  accepts(value: GoValue): boolean;
}

/** What `.Name` finds on a GoObject: a method to call, an exported field, or an unexported one (an error in Go). */
export type GoMember =
  | { kind: 'method'; params: readonly GoParam[]; call(args: GoValue[]): GoValue }
  | { kind: 'field'; value: GoValue }
  | { kind: 'unexported' };

/**
 * A value of a named Go type: a struct (time.Time, sprig's certificate) or an integer type with methods (time.Month,
 * time.Duration). Immutable, like Go values. The engine calls its methods (`{{ now.Year }}`), fmt prints it through
 * its String method when it has one, and eq compares it as Go's == does.
 */
export abstract class GoObject {
  /** The Go type name in messages, typeOf and %T ("time.Time"). */
  abstract readonly typeName: string;
  abstract readonly kind: 'struct' | 'int' | 'int64';
  /** The value of an integer kind (compared, printed by %d and ranged over as Go does with its Int()). */
  readonly integer?: bigint;
  /** The String method's result, or undefined for types without one (fmt then prints the struct's fields). */
  stringer(): string | undefined {
    return undefined;
  }
  /** Exported fields in declaration order: what fmt prints for a struct without a String method. */
  fields(): ReadonlyArray<readonly [string, GoValue]> {
    return [];
  }
  /** fmt's %#v. */
  abstract goSyntax(): string;
  /** Go's == between two values of this kind (struct fields or integers). */
  abstract equals(other: GoObject): boolean;
  /** reflect.DeepEqual (pointers inside a struct compare by what they point to). */
  deepEquals(other: GoObject): boolean {
    return this.equals(other);
  }
  /** What encoding/json writes, as a JSON-shaped value; throws the marshaller's error. */
  abstract jsonValue(): GoValue;
  /** The method or field `.name` reaches, or undefined. */
  abstract member(name: string): GoMember | undefined;
  /** A value of the same integer type (Go 1.22's range over an integer yields the integer's own type). */
  withInteger(value: bigint): GoObject {
    throw new Error(`${this.typeName} is not an integer type (${value})`);
  }
}

export function isMap(value: GoValue): value is GoMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof GoObject);
}

export function kindOf(value: GoValue): GoKind {
  switch (typeof value) {
    case 'string':
      return 'string';
    case 'boolean':
      return 'bool';
    case 'bigint':
      return 'int';
    case 'number':
      return 'float64';
    case 'object':
      if (value === null) return 'invalid';
      if (value instanceof GoObject) return value.kind;
      return Array.isArray(value) ? 'slice' : 'map';
    default:
      return 'invalid';
  }
}

/** The Go type name used in error messages (`can't evaluate field x in type string`). */
export function goTypeName(value: GoValue): string {
  if (value instanceof GoObject) return value.typeName;
  switch (kindOf(value)) {
    case 'slice':
      return '[]interface {}';
    case 'map':
      return 'map[string]interface {}';
    case 'invalid':
      return '<nil>';
    default:
      return kindOf(value);
  }
}

/** text/template truth: false, 0, 0n, "", nil and empty slices/maps are false; a struct is always true. */
export function isTrue(value: GoValue): boolean {
  if (value === null || value === undefined) return false;
  if (Array.isArray(value)) return value.length > 0;
  if (value instanceof GoObject) return value.integer === undefined || value.integer !== 0n;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  // Go tests floats with != 0, so NaN is true.
  if (typeof value === 'number') return value !== 0;
  return Boolean(value);
}

/** Map keys in Go's printing and ranging order (sorted, byte-wise for ASCII keys). */
export function sortedKeys(map: GoMap): string[] {
  return Object.keys(map).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Go's fmt `%v`. */
export function formatValue(value: GoValue): string {
  switch (typeof value) {
    case 'string':
      return value;
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return value.toString();
    case 'number':
      return formatFloatShortest(value, 'g');
    case 'object':
      if (value === null) return '<nil>';
      if (Array.isArray(value)) return `[${value.map(formatValue).join(' ')}]`;
      if (value instanceof GoObject) return formatObject(value);
      return `map[${sortedKeys(value)
        .map((key) => `${key}:${formatValue(value[key])}`)
        .join(' ')}]`;
    default:
      return '<nil>';
  }
}

/** %v of a named type: its String method, else its integer, else `{field field}` as fmt prints a struct. */
function formatObject(value: GoObject): string {
  const text = value.stringer();
  if (text !== undefined) return text;
  if (value.integer !== undefined) return value.integer.toString();
  return `{${value.fields().map(([, field]) => formatValue(field)).join(' ')}}`;
}

/** strconv.FormatFloat(x, 'g' | 'e', -1, 64): the shortest digits that read back as the same float64. */
export function formatFloatShortest(x: number, verb: 'g' | 'e'): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '+Inf' : '-Inf';
  const [mantissa, exponentText] = x.toExponential().split('e');
  const exponent = Number(exponentText);
  // Go switches 'g' to exponent form when the exponent is < -4 or >= 6 (the shortest-precision rule).
  if (verb === 'e' || exponent < -4 || exponent >= 6) {
    const sign = exponent < 0 ? '-' : '+';
    const digits = String(Math.abs(exponent)).padStart(2, '0');
    return `${mantissa}e${sign}${digits}`;
  }
  if (Object.is(x, -0)) return '-0';
  return String(x);
}
