/**
 * The Go value model the template engine and its function library share.
 *
 * Argo CD hands templates parameters decoded from JSON into `interface{}`, so every JSON number is a Go
 * float64 (a JS `number` here), while template integer constants, `len` and sprig's integer maths give Go
 * ints (a JS `bigint` here). Keeping the two apart is what makes `{{ 3 }}` and `{{ .three }}` print,
 * compare and fail exactly as they do in Argo CD.
 */

/** Go values as the engine sees them: JSON data (numbers are Go float64), Go ints are bigint. */
export type GoValue = null | undefined | string | boolean | bigint | number | GoValue[] | GoMap;
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

export type GoKind = 'invalid' | 'string' | 'bool' | 'int' | 'float64' | 'slice' | 'map';

export function isMap(value: GoValue): value is GoMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
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
      return Array.isArray(value) ? 'slice' : 'map';
    default:
      return 'invalid';
  }
}

/** The Go type name used in error messages (`can't evaluate field x in type string`). */
export function goTypeName(value: GoValue): string {
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

/** text/template truth: false, 0, 0n, "", nil and empty slices/maps are false. */
export function isTrue(value: GoValue): boolean {
  if (value === null || value === undefined) return false;
  if (Array.isArray(value)) return value.length > 0;
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
      return `map[${sortedKeys(value)
        .map((key) => `${key}:${formatValue(value[key])}`)
        .join(' ')}]`;
    default:
      return '<nil>';
  }
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
