import { isPlainObject } from '../common/json';
import { JqError, type JqNode, parseJqPath } from './jq-path-syntax';
import { type JsonPath, ownField } from './json-paths';

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
 * the first error. An expression that fails on an object removes nothing from it (Argo CD skips the patch). Keys are
 * read as the object's own fields only (`.__proto__` of `{}` is null, as in jq), and an evaluation that runs past its
 * budget (MAX_JQ_STEPS) fails the same way, as Argo CD stops jq after a timeout and skips the patch.
 */

/** A compiled expression: the paths it selects in a document (none when it fails there). */
export interface JqPathQuery {
  paths(doc: unknown): JsonPath[];
  /** Every key the expression names (`.a`, `."a"`, `.["a"]`, in select(...) too), for checks of its own. */
  readonly keys: readonly string[];
}

export const MAX_JQ_LENGTH = 1024;

/**
 * The evaluation budget of one expression on one object: every output of every sub-expression counts one step.
 * Expressions users write take a few steps per field or list item they walk (`.spec.template.spec.containers[] |
 * select(.name == "x") | .image` about ten per container), so 100,000 steps cover a select over some 10,000 list
 * items or `.data[]` over some 90,000 keys, and cost some tens of milliseconds of the event loop at most. Past it the
 * expression fails and removes nothing, as Argo CD's jq timeout (1 s by default) skips the patch; without it
 * `.,.|.,.|.,.|...` (2^N outputs in under 1,024 characters) or `select(.a[]) | select(.a[]) | ...` would hold the
 * event loop, and with it every cluster's reconcile, for ever.
 */
export const MAX_JQ_STEPS = 100_000;

/**
 * The most outputs an expression may make from one input by its structure alone (`,` adds, `|` multiplies; `[]`
 * counts one, the data decides the rest). No expression users write comes near it; `.,.|.,.|...` is refused when the
 * Application is written instead of failing later on every object.
 */
export const MAX_JQ_FANOUT = 1024;

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
  if (fanout(root) > MAX_JQ_FANOUT) {
    return { ok: false, reason: `has too many alternatives: its "," and "|" alone make more than ${MAX_JQ_FANOUT} outputs from one input` };
  }
  if (canSelectRoot(root)) {
    // jq's del(.) deletes the whole document; Argo CD's patch then fails and nothing is ignored. Here the empty path
    // would stand for every field but the object's identity: refused rather than read either way.
    return { ok: false, reason: 'selects the whole object (a top-level "." or select(\u2026) with no path after it); name the fields to ignore, e.g. select(\u2026) | .spec.replicas' };
  }
  return { ok: true, query: { paths: (doc) => selectedPaths(root, doc), keys: [...keysOf(root)] } };
}

function selectedPaths(root: JqNode, doc: unknown): JsonPath[] {
  const found = new Map<string, JsonPath>();
  try {
    for (const { path } of pathsOf(root, doc, { steps: 0 })) found.set(JSON.stringify(path), path);
  } catch (error) {
    if (error instanceof JqError) return [];
    throw error;
  }
  return [...found.values()];
}

/** Whether the expression can select the document itself (the empty path): `.`, or select(...) with no path after. */
function canSelectRoot(node: JqNode): boolean {
  switch (node.kind) {
    case 'identity':
    case 'select':
      return true;
    case 'try':
      return canSelectRoot(node.body);
    case 'pipe':
      return canSelectRoot(node.left) && canSelectRoot(node.right);
    case 'comma':
      return canSelectRoot(node.left) || canSelectRoot(node.right);
    default:
      return false;
  }
}

/** The outputs per input the structure makes (saturating well above the limit). */
function fanout(node: JqNode): number {
  const capped = (count: number): number => Math.min(count, MAX_JQ_FANOUT + 1);
  switch (node.kind) {
    case 'field':
    case 'index':
    case 'iterate':
      return fanout(node.of);
    case 'try':
      return fanout(node.body);
    case 'select':
      return fanout(node.condition);
    case 'pipe':
    case 'compare':
      return capped(fanout(node.left) * fanout(node.right));
    case 'and':
    case 'or':
      return capped(fanout(node.left) * (fanout(node.right) + 1));
    case 'comma':
      return capped(fanout(node.left) + fanout(node.right));
    default:
      return 1;
  }
}

function* keysOf(node: JqNode): Generator<string> {
  switch (node.kind) {
    case 'field':
      yield node.name;
      yield* keysOf(node.of);
      return;
    case 'index':
    case 'iterate':
      yield* keysOf(node.of);
      return;
    case 'try':
      yield* keysOf(node.body);
      return;
    case 'select':
      yield* keysOf(node.condition);
      return;
    case 'pipe':
    case 'comma':
    case 'and':
    case 'or':
    case 'compare':
      yield* keysOf(node.left);
      yield* keysOf(node.right);
      return;
    default:
      return;
  }
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

/** Steps spent by one evaluation (MAX_JQ_STEPS). */
interface Budget {
  steps: number;
}

/** Past the budget: a JqError (the expression removes nothing), which `?` does not catch. */
class JqBudgetError extends JqError {}

function spend(budget: Budget): void {
  if (++budget.steps > MAX_JQ_STEPS) throw new JqBudgetError(`evaluation stopped after ${MAX_JQ_STEPS} steps`);
}

function* pathsOf(node: JqNode, input: unknown, budget: Budget): Generator<Located> {
  spend(budget);
  switch (node.kind) {
    case 'identity':
      yield { path: [], value: input };
      return;
    case 'field':
    case 'index':
    case 'iterate':
      for (const parent of pathsOf(node.of, input, budget)) {
        for (const child of children(node, parent.value)) {
          spend(budget);
          yield { path: [...parent.path, child.step], value: child.value };
        }
      }
      return;
    case 'try':
      yield* attempt(pathsOf(node.body, input, budget));
      return;
    case 'pipe':
      for (const left of pathsOf(node.left, input, budget)) {
        for (const right of pathsOf(node.right, left.value, budget)) {
          spend(budget);
          yield { path: [...left.path, ...right.path], value: right.value };
        }
      }
      return;
    case 'comma':
      yield* pathsOf(node.left, input, budget);
      yield* pathsOf(node.right, input, budget);
      return;
    case 'select':
      for (const verdict of valuesOf(node.condition, input, budget)) {
        spend(budget);
        if (truthy(verdict)) yield { path: [], value: input };
      }
      return;
    default:
      throw new JqError('invalid path expression');
  }
}

function* valuesOf(node: JqNode, input: unknown, budget: Budget): Generator<unknown> {
  spend(budget);
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
      for (const right of valuesOf(node.right, input, budget)) {
        for (const left of valuesOf(node.left, input, budget)) {
          spend(budget);
          yield sameJson(left, right) === node.equal;
        }
      }
      return;
    case 'and':
    case 'or':
      for (const left of valuesOf(node.left, input, budget)) {
        if (truthy(left) === (node.kind === 'or')) yield node.kind === 'or';
        else {
          for (const right of valuesOf(node.right, input, budget)) {
            spend(budget);
            yield truthy(right);
          }
        }
      }
      return;
    case 'pipe':
      for (const left of valuesOf(node.left, input, budget)) yield* valuesOf(node.right, left, budget);
      return;
    case 'comma':
      yield* valuesOf(node.left, input, budget);
      yield* valuesOf(node.right, input, budget);
      return;
    case 'try':
      yield* attempt(valuesOf(node.body, input, budget));
      return;
    default:
      for (const { value } of pathsOf(node, input, budget)) yield value;
  }
}

/** jq's `?`: the outputs up to the first error, then nothing more. Running out of budget is no error `?` hides. */
function* attempt<T>(outputs: Generator<T>): Generator<T> {
  try {
    yield* outputs;
  } catch (error) {
    if (!(error instanceof JqError) || error instanceof JqBudgetError) throw error;
  }
}

function children(node: JqNode & { kind: 'field' | 'index' | 'iterate' }, value: unknown): { step: string | number; value: unknown }[] {
  if (node.kind === 'field') {
    if (value === null || value === undefined) return [{ step: node.name, value: null }];
    if (!isPlainObject(value)) throw new JqError(`cannot index ${typeOf(value)} with "${node.name}"`);
    // Own fields only: `.__proto__`, `.constructor` of an object without them are null, as in jq.
    return [{ step: node.name, value: ownField(value, node.name) ?? null }];
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
