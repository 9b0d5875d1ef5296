import { isPlainObject } from '../common/json';
import { JqError, type JqNode, parseJqPath } from './jq-path-syntax';
import type { JsonPath } from './json-paths';

/*
 * The part of jq that Argo CD's `jqPathExpressions` are written in, without a jq dependency. Argo CD runs
 * `del(<expression>)`, so an expression is a path expression: the fields it names are removed. Supported:
 *  - paths: `.`, `.a`, `.a.b`, `."a/b"`, `.["a/b"]`, `.a["b"]`, `.[0]`, `.[-1]`, `.[]`, `.a[]`, `?` after any of them;
 *  - `|` and `,` between them;
 *  - `select(condition)`, the condition built from paths, literals (strings, numbers, true, false, null), `==`, `!=`,
 *    `and`, `or`, parentheses, `not`, `startswith("…")`, `endswith("…")` and `contains("…")` (on strings).
 * Anything else (functions such as `map` or `test`, `..`, slices, `//`, arithmetic, variables, string
 * interpolation) is refused when the Application is written, naming the character where it starts.
 * Evaluation follows jq: `.a` of null is null, indexing a string or iterating null is an error, and `?` stops at
 * the first error. An expression that fails on an object removes nothing from it (Argo CD skips the patch).
 */

/** A compiled expression: the paths it selects in a document (none when it fails there). */
export interface JqPathQuery {
  paths(doc: unknown): JsonPath[];
}

export const MAX_JQ_LENGTH = 1024;

export function compileJqPath(text: string): { ok: true; query: JqPathQuery } | { ok: false; reason: string } {
  if (text.length > MAX_JQ_LENGTH) return { ok: false, reason: `longer than ${MAX_JQ_LENGTH} characters` };
  let root: JqNode;
  try {
    root = parseJqPath(text);
  } catch (error) {
    if (error instanceof JqError) return { ok: false, reason: error.message };
    throw error;
  }
  if (!isPathExpression(root)) {
    return { ok: false, reason: 'not a path expression: values (literals, comparisons, not, startswith, …) may only appear inside select(…)' };
  }
  return { ok: true, query: { paths: (doc) => selectedPaths(root, doc) } };
}

function selectedPaths(root: JqNode, doc: unknown): JsonPath[] {
  const found = new Map<string, JsonPath>();
  try {
    for (const { path } of pathsOf(root, doc)) found.set(JSON.stringify(path), path);
  } catch (error) {
    if (error instanceof JqError) return [];
    throw error;
  }
  return [...found.values()];
}

// --- Evaluation -----------------------------------------------------------------------------------------------

/** Whether jq's `path(…)` accepts the expression: values may only be tested inside select(…). */
function isPathExpression(node: JqNode): boolean {
  switch (node.kind) {
    case 'identity':
    case 'select':
      return true;
    case 'field':
    case 'index':
    case 'iterate':
      return isPathExpression(node.of);
    case 'try':
      return isPathExpression(node.body);
    case 'pipe':
    case 'comma':
      return isPathExpression(node.left) && isPathExpression(node.right);
    default:
      return false;
  }
}

interface Located {
  readonly path: JsonPath;
  readonly value: unknown;
}

function* pathsOf(node: JqNode, input: unknown): Generator<Located> {
  switch (node.kind) {
    case 'identity':
      yield { path: [], value: input };
      return;
    case 'field':
    case 'index':
    case 'iterate':
      for (const parent of pathsOf(node.of, input)) {
        for (const child of children(node, parent.value)) yield { path: [...parent.path, child.step], value: child.value };
      }
      return;
    case 'try':
      yield* attempt(pathsOf(node.body, input));
      return;
    case 'pipe':
      for (const left of pathsOf(node.left, input)) {
        for (const right of pathsOf(node.right, left.value)) yield { path: [...left.path, ...right.path], value: right.value };
      }
      return;
    case 'comma':
      yield* pathsOf(node.left, input);
      yield* pathsOf(node.right, input);
      return;
    case 'select':
      for (const verdict of valuesOf(node.condition, input)) if (truthy(verdict)) yield { path: [], value: input };
      return;
    default:
      throw new JqError('invalid path expression');
  }
}

function* valuesOf(node: JqNode, input: unknown): Generator<unknown> {
  switch (node.kind) {
    case 'literal':
      yield node.value;
      return;
    case 'not':
      yield !truthy(input);
      return;
    case 'text':
      if (typeof input !== 'string') throw new JqError(`${node.test}() requires a string input`);
      yield node.test === 'startswith' ? input.startsWith(node.argument) : node.test === 'endswith' ? input.endsWith(node.argument) : input.includes(node.argument);
      return;
    case 'compare':
      for (const right of valuesOf(node.right, input)) for (const left of valuesOf(node.left, input)) yield sameJson(left, right) === node.equal;
      return;
    case 'and':
    case 'or':
      for (const left of valuesOf(node.left, input)) {
        if (truthy(left) === (node.kind === 'or')) yield node.kind === 'or';
        else for (const right of valuesOf(node.right, input)) yield truthy(right);
      }
      return;
    case 'pipe':
      for (const left of valuesOf(node.left, input)) yield* valuesOf(node.right, left);
      return;
    case 'comma':
      yield* valuesOf(node.left, input);
      yield* valuesOf(node.right, input);
      return;
    case 'try':
      yield* attempt(valuesOf(node.body, input));
      return;
    default:
      for (const { value } of pathsOf(node, input)) yield value;
  }
}

/** jq's `?`: the outputs up to the first error, then nothing more. */
function* attempt<T>(outputs: Generator<T>): Generator<T> {
  try {
    yield* outputs;
  } catch (error) {
    if (!(error instanceof JqError)) throw error;
  }
}

function children(node: JqNode & { kind: 'field' | 'index' | 'iterate' }, value: unknown): { step: string | number; value: unknown }[] {
  if (node.kind === 'field') {
    if (value === null || value === undefined) return [{ step: node.name, value: null }];
    if (!isPlainObject(value)) throw new JqError(`cannot index ${typeOf(value)} with "${node.name}"`);
    return [{ step: node.name, value: value[node.name] ?? null }];
  }
  if (node.kind === 'index') {
    if (value === null || value === undefined) return [{ step: node.index, value: null }];
    if (!Array.isArray(value)) throw new JqError(`cannot index ${typeOf(value)} with a number`);
    const index = node.index < 0 ? value.length + node.index : node.index;
    return [{ step: index, value: value[index] ?? null }];
  }
  if (Array.isArray(value)) return value.map((item, index) => ({ step: index, value: item }));
  if (isPlainObject(value)) return Object.entries(value).map(([key, item]) => ({ step: key, value: item }));
  throw new JqError(`cannot iterate over ${typeOf(value)}`);
}

function truthy(value: unknown): boolean {
  return value !== false && value !== null && value !== undefined;
}

function typeOf(value: unknown): string {
  return value === null || value === undefined ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}

function sameJson(a: unknown, b: unknown): boolean {
  if (a === b || ((a === null || a === undefined) && (b === null || b === undefined))) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, index) => sameJson(item, b[index]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && sameJson(a[key], b[key]));
  }
  return false;
}
