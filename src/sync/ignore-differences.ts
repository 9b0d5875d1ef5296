import { compileGlob } from '../common/glob';
import { isPlainObject } from '../common/json';
import { SyncError } from './errors';
import { fieldsShape, type FieldsShape, flotillaEntry, keyIndex, ownedFields, setOwnedField } from './fields-v1';
import { compileJqPath } from './jq-path';
import { comparePaths, isPrefix, type JsonPath, parseJsonPointer, pointerPath, removePaths, setAt, uniquePaths, valueAt } from './json-paths';
import type { ApplicationIdentity, KubeObject, ResourceKey } from './types';

/**
 * One entry of an Application's `spec.ignoreDifferences` (Argo CD's ResourceIgnoreDifferences). `group` and `kind` are
 * globs (`*` matches every one; no group is the core group), `name` and `namespace` exact filters when given.
 */
export interface IgnoreDifference {
  readonly group?: string;
  readonly kind: string;
  readonly name?: string;
  readonly namespace?: string;
  /** RFC 6901 pointers, e.g. `/spec/replicas`, `/metadata/annotations/example.com~1owner`. */
  readonly jsonPointers?: readonly string[];
  /** jq path expressions, in the subset `jq-path.ts` describes. */
  readonly jqPathExpressions?: readonly string[];
  /** Fields these managers own in the live object's `metadata.managedFields`. */
  readonly managedFieldsManagers?: readonly string[];
}

/** The field at fault, as `spec.ignoreDifferences[0].jqPathExpressions[0]`, and what is wrong with it. */
export interface IgnoreDifferencesIssue {
  readonly path: string;
  readonly message: string;
}

interface Rule {
  readonly group: RegExp;
  readonly kind: RegExp;
  readonly name?: string;
  readonly namespace?: string;
  /** The JSON pointers and jq expressions, each giving the paths it names in a document. */
  readonly selectors: readonly ((doc: unknown) => JsonPath[])[];
  readonly managers: ReadonlySet<string>;
}

/** An application's compiled `spec.ignoreDifferences`. */
export interface IgnoredDifferences {
  readonly rules: readonly Rule[];
}

const NOTHING_IGNORED: IgnoredDifferences = { rules: [] };
const FIELD = 'spec.ignoreDifferences';

/**
 * Every path is read, removed and written as own fields (`json-paths.ts`, `fields-v1.ts`), so no key reaches
 * Object.prototype. A `__proto__` key is refused all the same, as a second guard: it is the one key JavaScript gives a
 * meaning of its own (assigning it sets an object's prototype), and no Kubernetes field has that name (only a map key,
 * e.g. of a ConfigMap's data, could). `constructor` and `prototype` are ordinary keys here: reading only own fields
 * makes them harmless, and a custom resource may well have a field so named.
 */
const PROTOTYPE_KEY = '__proto__';
const PROTOTYPE_REASON = 'names the key "__proto__", which is refused (it would address the prototype of a JavaScript object)';

/** The first problem with a `spec.ignoreDifferences` value, for validation; undefined when the engine can use it. */
export function ignoreDifferencesIssue(value: unknown): IgnoreDifferencesIssue | undefined {
  const compiled = compile(value);
  return 'issue' in compiled ? compiled.issue : undefined;
}

// Compiled once per value (an application's identity is rebuilt for each reconcile, its manifest is not).
const compiledByValue = new WeakMap<object, IgnoredDifferences | SyncError>();

/**
 * The application's rules, compiled. Throws a terminal `Invalid` SyncError naming the field for a value the API would
 * refuse (one stored before it was checked): live state is then not compared, rather than compared wrongly.
 */
export function ignoredDifferencesOf(app: ApplicationIdentity): IgnoredDifferences {
  const value: unknown = app.ignoreDifferences;
  if (value === undefined || value === null) return NOTHING_IGNORED;
  let compiled = typeof value === 'object' ? compiledByValue.get(value) : undefined;
  if (compiled === undefined) {
    const result = compile(value);
    compiled = 'issue' in result ? new SyncError('Invalid', result.issue.message) : result;
    if (typeof value === 'object') compiledByValue.set(value, compiled);
  }
  if (compiled instanceof SyncError) throw compiled;
  return compiled;
}

/**
 * Both sides without the ignored fields of the rules that select the resource, as Argo CD normalizes desired and live
 * state before comparing them. Fields are taken away, never added; the inputs are not changed (copies are made only
 * when a rule selects the resource). Managed-field rules need the live object, so they act only when there is one.
 */
export function withoutIgnoredFields<Live extends KubeObject | undefined>(ignored: IgnoredDifferences, key: ResourceKey, desired: KubeObject, live: Live): { desired: KubeObject; live: Live } {
  const rules = ignored.rules.filter((rule) => selects(rule, key));
  if (rules.length === 0) return { desired, live };
  return { desired: without(desired, ignoredPaths(rules, desired, live)), live: (live === undefined ? live : without(live, ignoredPaths(rules, live, live))) as Live };
}

/**
 * What a sync with `RespectIgnoreDifferences=true` applies: the desired object, its ignored fields replaced by exactly
 * the live fields Flotilla's apply entry already owns (same value, same owner), every other ignored field left out.
 * Server-side apply then changes no ignored value and no ignored field's ownership (src/sync/README.md, Decisions).
 * An ignored field inside an atomic value (a list without keys, a struct owned whole) cannot be left out: the apply
 * replaces that value whole, so it takes the live value there instead (`keepLiveInsideAtomic`).
 * Without a live object (a creation) the desired object is applied whole, as in Argo CD. The inputs are not changed.
 */
export function withLiveIgnoredFields(ignored: IgnoredDifferences, key: ResourceKey, desired: KubeObject, live: KubeObject | undefined): KubeObject {
  const rules = ignored.rules.filter((rule) => selects(rule, key));
  if (rules.length === 0 || live === undefined) return desired;
  const fromDesired = ignoredPaths(rules, desired, live);
  const fromLive = ignoredPaths(rules, live, live);
  if (fromDesired.length === 0 && fromLive.length === 0) return desired;
  // A copy even when nothing is removed: the owned fields below are written into it, and `desired` is the plan's.
  const applied = structuredClone(desired);
  // Inside atomic values first, while list indexes elsewhere are still those of `desired`.
  const atomic = keepLiveInsideAtomic(applied, desired, live, fromDesired, fromLive);
  removePaths(applied, fromDesired.filter((path) => !atomic.some((root) => isBelow(root.desired, path))));
  const owned = flotillaEntry(live)?.fieldsV1;
  const released = fromLive.filter((path) => !atomic.some((root) => isBelow(root.live, path)));
  for (const field of owned === undefined ? [] : ownedFields(owned, live, { items: true })) {
    if (released.some((path) => isPrefix(path, field.path))) setOwnedField(applied, field.keys, field.item ? undefined : valueAt(live, field.path), live);
  }
  return applied;
}

/** An atomic value, where it is in the desired object and in the live one. */
interface AtomicRoot {
  readonly desired: JsonPath;
  readonly live: JsonPath;
}

/**
 * Server-side apply sets an atomic value whole: a list without keys (an Ingress's `rules`, a custom resource's list
 * without `x-kubernetes-list-type: map`), a struct owned whole (a Deployment's `spec.selector`). An ignored field
 * left out of one is deleted live, or refused (the selector is immutable). So, as Argo CD's normalizeTargetResources
 * copies live values into the target, an ignored path below an atomic value present on both sides takes its live
 * value there (absent live: left out), and the rest of the value stays as desired. A value is atomic where a FieldsV1
 * set of any manager owns it whole (a leaf above the ignored path), or for a list no set names items of (no
 * managed-field information: counted atomic, so that a live value is kept rather than lost). Changes `applied` in
 * place; returns the atomic values it handled.
 */
function keepLiveInsideAtomic(applied: KubeObject, desired: KubeObject, live: KubeObject, fromDesired: readonly JsonPath[], fromLive: readonly JsonPath[]): AtomicRoot[] {
  const sets = (live.metadata.managedFields ?? []).map((entry) => entry.fieldsV1);
  const desiredShape = fieldsShape(sets, desired);
  const liveShape = fieldsShape(sets, live);
  const roots = new Map<string, AtomicRoot>();
  for (const path of fromDesired) {
    const root = atomicRoot(path, desired, live, desiredShape);
    if (root !== undefined) roots.set(JSON.stringify(root.here), { desired: root.here, live: root.there });
  }
  for (const path of fromLive) {
    const root = atomicRoot(path, live, desired, liveShape);
    if (root !== undefined) roots.set(JSON.stringify(root.there), { desired: root.there, live: root.here });
  }
  const handled: AtomicRoot[] = [];
  for (const root of roots.values()) {
    const liveValue = valueAt(live, root.live);
    const value = valueAt(applied, root.desired);
    if (value === undefined || liveValue === undefined) continue;
    const inDesired = uniquePaths(fromDesired.filter((path) => isBelow(root.desired, path)).map((path) => path.slice(root.desired.length)));
    const inLive = uniquePaths(fromLive.filter((path) => isBelow(root.live, path)).map((path) => path.slice(root.live.length)));
    setAt(applied, root.desired, withLiveParts(value, liveValue, inDesired, inLive));
    handled.push(root);
  }
  return handled;
}

/**
 * The desired atomic value with the ignored parts of both sides as they are live. The same relative path ignored on
 * both sides takes the live value in place; a part ignored only in the desired value is left out; a part ignored only
 * live is added at its live place (a whole list item inserted at its live index). A field of a list item ignored only
 * live cannot be placed (the desired item at that index may be another one): the value is then the live one whole,
 * which is what Argo CD applies for any ignored field inside a list.
 */
function withLiveParts(desiredValue: unknown, liveValue: unknown, inDesired: readonly JsonPath[], inLive: readonly JsonPath[]): unknown {
  const live = new Set(inLive.map((path) => JSON.stringify(path)));
  const desired = new Set(inDesired.map((path) => JSON.stringify(path)));
  const liveOnly = inLive.filter((path) => !desired.has(JSON.stringify(path)));
  if (liveOnly.some((path) => path.slice(0, -1).some((step) => typeof step === 'number'))) return structuredClone(liveValue);
  const leftOut = inDesired.filter((path) => !live.has(JSON.stringify(path)));
  for (const path of inDesired.filter((path) => live.has(JSON.stringify(path)))) {
    const value = valueAt(liveValue, path);
    if (value === undefined) leftOut.push(path);
    else setAt(desiredValue, path, structuredClone(value));
  }
  removePaths(desiredValue, leftOut);
  for (const path of [...liveOnly].sort(comparePaths)) {
    const value = valueAt(liveValue, path);
    if (value === undefined) continue;
    const last = path[path.length - 1];
    const list = valueAt(desiredValue, path.slice(0, -1));
    if (typeof last === 'number' && Array.isArray(list)) list.splice(Math.min(last, list.length), 0, structuredClone(value));
    else setAt(desiredValue, path, structuredClone(value));
  }
  return desiredValue;
}

/**
 * The atomic value `path` (in `doc`) lies strictly below, the first one from the top, with where it is in `other`;
 * undefined when there is none, or when `other` does not have it (then nothing there is replaced, or applied).
 */
function atomicRoot(path: JsonPath, doc: unknown, other: unknown, shape: FieldsShape): { here: JsonPath; there: JsonPath } | undefined {
  for (let length = 1; length < path.length; length++) {
    const prefix = path.slice(0, length);
    const id = JSON.stringify(prefix);
    const atomic = shape.leaves.has(id) || (typeof path[length] === 'number' && !shape.keyedLists.has(id));
    if (!atomic) continue;
    const there = counterpart(prefix, doc, other, shape);
    return there === undefined ? undefined : { here: prefix, there };
  }
  return undefined;
}

/**
 * Where the value at `path` in `doc` is in `other`: an item of a list merged by key is found by its FieldsV1 key (an
 * item no set names is not in `other`), an item of another list by its index.
 */
function counterpart(path: JsonPath, doc: unknown, other: unknown, shape: FieldsShape): JsonPath | undefined {
  const out: (string | number)[] = [];
  let there = other;
  for (const [index, step] of path.entries()) {
    if (typeof step === 'number') {
      if (!Array.isArray(there)) return undefined;
      const itemKey = shape.itemKeys.get(JSON.stringify(path.slice(0, index + 1)));
      if (itemKey === undefined && shape.keyedLists.has(JSON.stringify(path.slice(0, index)))) return undefined;
      const position = itemKey === undefined ? step : keyIndex(itemKey, there);
      if (position < 0 || position >= there.length) return undefined;
      out.push(position);
      there = there[position];
    } else {
      if (!isPlainObject(there) || !Object.hasOwn(there, step)) return undefined;
      out.push(step);
      there = there[step];
    }
  }
  return valueAt(doc, path) === undefined ? undefined : out;
}

/** `path` lies strictly below `root`. */
function isBelow(root: JsonPath, path: JsonPath): boolean {
  return root.length < path.length && isPrefix(root, path);
}

function selects(rule: Rule, key: ResourceKey): boolean {
  return rule.group.test(key.group) && rule.kind.test(key.kind) && (rule.name === undefined || rule.name === key.name) && (rule.namespace === undefined || rule.namespace === key.namespace);
}

// The object's identity and the record of who owns what are never ignored: the comparison and the sync need them.
const PROTECTED: readonly JsonPath[] = [['apiVersion'], ['kind'], ['metadata', 'name'], ['metadata', 'namespace'], ['metadata', 'managedFields']];

/** The paths in `doc` the rules name; a path above a protected field stands for its other children. */
function ignoredPaths(rules: readonly Rule[], doc: KubeObject, live: KubeObject | undefined): JsonPath[] {
  const paths = rules.flatMap((rule) => rule.selectors.flatMap((select) => select(doc)));
  const managers = new Set(rules.flatMap((rule) => [...rule.managers]));
  for (const entry of managers.size === 0 ? [] : (live?.metadata.managedFields ?? [])) {
    if (entry.manager !== undefined && managers.has(entry.manager) && isPlainObject(entry.fieldsV1)) {
      paths.push(...ownedFields(entry.fieldsV1, doc, { items: false }).map((field) => field.path));
    }
  }
  return paths.flatMap((path) => aroundProtected(doc, path));
}

function aroundProtected(doc: unknown, path: JsonPath): JsonPath[] {
  if (PROTECTED.some((kept) => isPrefix(kept, path))) return [];
  if (!PROTECTED.some((kept) => isPrefix(path, kept))) return [path];
  const value = valueAt(doc, path);
  const steps = Array.isArray(value) ? value.map((_, index) => index) : isPlainObject(value) ? Object.keys(value) : [];
  return steps.flatMap((step) => aroundProtected(doc, [...path, step]));
}

function without(doc: KubeObject, paths: readonly JsonPath[]): KubeObject {
  if (paths.length === 0) return doc;
  const copy = structuredClone(doc);
  removePaths(copy, paths);
  return copy;
}

function compile(value: unknown): IgnoredDifferences | { issue: IgnoreDifferencesIssue } {
  if (value === undefined || value === null) return NOTHING_IGNORED;
  if (!Array.isArray(value)) return problem(FIELD, 'must be a list');
  const rules: Rule[] = [];
  for (const [index, entry] of value.entries()) {
    const rule = compileEntry(entry, `${FIELD}[${index}]`);
    if ('issue' in rule) return rule;
    rules.push(rule);
  }
  return { rules };
}

function compileEntry(entry: unknown, at: string): Rule | { issue: IgnoreDifferencesIssue } {
  if (!isPlainObject(entry)) return problem(at, 'must be an object with at least a kind');
  if (typeof entry.kind !== 'string' || entry.kind === '') return problem(`${at}.kind`, 'is required (a kind such as Deployment, or a glob such as *)');
  for (const field of ['group', 'name', 'namespace']) {
    if (entry[field] !== undefined && typeof entry[field] !== 'string') return problem(`${at}.${field}`, 'must be a string');
  }
  const group = compileGlob(typeof entry.group === 'string' ? entry.group : '');
  if (!group.ok) return problem(`${at}.group`, `is not a valid glob: ${group.reason}`);
  const kind = compileGlob(entry.kind);
  if (!kind.ok) return problem(`${at}.kind`, `is not a valid glob: ${kind.reason}`);
  const selectors: ((doc: unknown) => JsonPath[])[] = [];
  const pointers = strings(entry.jsonPointers, `${at}.jsonPointers`);
  if ('issue' in pointers) return pointers;
  for (const [index, text] of pointers.values.entries()) {
    const pointer = parseJsonPointer(text);
    if (!pointer.ok) return problem(`${at}.jsonPointers[${index}]`, pointer.reason);
    if (pointer.tokens.includes(PROTOTYPE_KEY)) return problem(`${at}.jsonPointers[${index}]`, PROTOTYPE_REASON);
    selectors.push((doc) => {
      const path = pointerPath(doc, pointer.tokens);
      return path === undefined ? [] : [path];
    });
  }
  const expressions = strings(entry.jqPathExpressions, `${at}.jqPathExpressions`);
  if ('issue' in expressions) return expressions;
  for (const [index, text] of expressions.values.entries()) {
    const expression = compileJqPath(text);
    if (!expression.ok) return problem(`${at}.jqPathExpressions[${index}]`, expression.reason);
    if (expression.query.keys.includes(PROTOTYPE_KEY)) return problem(`${at}.jqPathExpressions[${index}]`, PROTOTYPE_REASON);
    selectors.push((doc) => expression.query.paths(doc));
  }
  const managers = strings(entry.managedFieldsManagers, `${at}.managedFieldsManagers`);
  if ('issue' in managers) return managers;
  const empty = managers.values.findIndex((manager) => manager === '');
  if (empty >= 0) return problem(`${at}.managedFieldsManagers[${empty}]`, 'must name a field manager');
  const filters = { ...(typeof entry.name === 'string' && entry.name !== '' && { name: entry.name }), ...(typeof entry.namespace === 'string' && entry.namespace !== '' && { namespace: entry.namespace }) };
  return { group: group.regex, kind: kind.regex, ...filters, selectors, managers: new Set(managers.values) };
}

function strings(value: unknown, at: string): { values: string[] } | { issue: IgnoreDifferencesIssue } {
  if (value === undefined || value === null) return { values: [] };
  if (!Array.isArray(value)) return problem(at, 'must be a list of strings');
  const wrong = value.findIndex((item) => typeof item !== 'string');
  return wrong >= 0 ? problem(`${at}[${wrong}]`, 'must be a string') : { values: value as string[] };
}

function problem(path: string, reason: string): { issue: IgnoreDifferencesIssue } {
  return { issue: { path, message: `${path}: ${reason}` } };
}
