import { compileGlob } from '../common/glob';
import { isPlainObject } from '../common/json';
import { SyncError } from './errors';
import { flotillaEntry, ownedFields, setOwnedField } from './fields-v1';
import { compileJqPath } from './jq-path';
import { isPrefix, type JsonPath, parseJsonPointer, pointerPath, removePaths, valueAt } from './json-paths';
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
 * Without a live object (a creation) the desired object is applied whole, as in Argo CD.
 */
export function withLiveIgnoredFields(ignored: IgnoredDifferences, key: ResourceKey, desired: KubeObject, live: KubeObject | undefined): KubeObject {
  const rules = ignored.rules.filter((rule) => selects(rule, key));
  if (rules.length === 0 || live === undefined) return desired;
  const fromDesired = ignoredPaths(rules, desired, live);
  const fromLive = ignoredPaths(rules, live, live);
  if (fromDesired.length === 0 && fromLive.length === 0) return desired;
  const applied = without(desired, fromDesired);
  const owned = flotillaEntry(live)?.fieldsV1;
  for (const field of owned === undefined ? [] : ownedFields(owned, live, { items: true })) {
    if (fromLive.some((path) => isPrefix(path, field.path))) setOwnedField(applied, field.keys, field.item ? undefined : valueAt(live, field.path), live);
  }
  return applied;
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
