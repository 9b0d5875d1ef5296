import { isObject, type Json, type JsonObject } from '../json';
import { KEY_DEFAULTS } from '../schema';
import { INTEGER_LIKE, memoised, type FieldPath } from './path-keys';

/** The key object of an associative-list item, or undefined when a key field is missing. */
export function itemKey(item: unknown, keys: readonly string[]): JsonObject | undefined {
  return keyOfItem(item, [...keys].sort());
}

function keyOfItem(item: unknown, sortedKeys: readonly string[]): JsonObject | undefined {
  if (!isObject(item)) return undefined;
  const key: JsonObject = {};
  for (const k of sortedKeys) {
    const value = item[k] ?? (KEY_DEFAULTS[k] as Json | undefined);
    if (value === undefined) return undefined;
    key[k] = value;
  }
  return key;
}

export type Lookup = { found: true; value: Json; parent: Json; index: string | number } | { found: false };

const NOT_FOUND: Lookup = Object.freeze({ found: false });

type ItemTest = (item: Json) => boolean;

const keyElements = new Map<string, ItemTest>();
const valueTexts = new Map<string, string>();

/** The test a `k:` element makes of list items: the item's key, as `itemKey` builds it, serializes as this one. */
function keyElement(body: string): ItemTest {
  return memoised(keyElements, body, () => {
    const key = JSON.parse(body) as JsonObject;
    const sortedKeys = Object.keys(key).sort();
    const text = JSON.stringify(key);
    const serialized: ItemTest = (item) => {
      const k = keyOfItem(item, sortedKeys);
      return k !== undefined && JSON.stringify(k) === text;
    };
    return scalarKeyTest(key, sortedKeys) ?? serialized;
  });
}

function isPlainScalar(value: Json): boolean {
  return typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
}

/**
 * The same test without building and serializing a key for every item, when the key holds strings, booleans and
 * finite numbers under names already in `itemKey`'s order (and none it would place differently): the two texts then
 * agree exactly when every value does.
 */
function scalarKeyTest(key: JsonObject, sortedKeys: string[]): ItemTest | undefined {
  if (!isObject(key)) return undefined;
  const names = Object.keys(key);
  const plain = (name: string, i: number): boolean => name === sortedKeys[i] && name !== '__proto__' && !INTEGER_LIKE.test(name) && isPlainScalar(key[name]);
  if (!names.every(plain)) return undefined;
  return (item) => isObject(item) && names.every((name) => (item[name] ?? (KEY_DEFAULTS[name] as Json | undefined)) === key[name]);
}

function valueText(body: string): string {
  return memoised(valueTexts, body, () => JSON.stringify(JSON.parse(body)));
}

/** A path element split once into its kind and body ('.' and unknown kinds have no body). */
interface Step {
  kind: 'f' | 'k' | 'v' | '.' | '?';
  body: string;
}

function toStep(element: string): Step {
  if (element === '.') return { kind: '.', body: '' };
  const kind = element.startsWith('f:') ? 'f' : element.startsWith('k:') ? 'k' : element.startsWith('v:') ? 'v' : '?';
  return { kind, body: element.slice(2) };
}

// Steps of the paths `parsePathKey` shares; reusing the same body strings also keeps property lookups by them fast.
const stepsOfPaths = new WeakMap<FieldPath, readonly Step[]>();

function stepsOf(path: FieldPath): readonly Step[] {
  let steps = stepsOfPaths.get(path);
  if (!steps) {
    steps = path.map(toStep);
    if (Object.isFrozen(path)) stepsOfPaths.set(path, steps);
  }
  return steps;
}

/**
 * Resolves a path in an object; `parent`/`index` locate the value for removal. Only the elements from `from` up to
 * `to` are followed (the whole path by default), `root` standing where the first of them applies.
 */
export function lookup(root: Json, path: FieldPath, from = 0, to = path.length): Lookup {
  const steps = stepsOf(path);
  let current: Json = root;
  let parent: Json = null;
  let index: string | number = '';
  for (let i = from; i < to; i++) {
    const { kind, body } = steps[i];
    if (kind === '.') continue;
    if (kind === 'f') {
      // Own members only: a field named `toString` or `__proto__` is not found on an object without it.
      if (!isObject(current) || !Object.hasOwn(current, body)) return NOT_FOUND;
      parent = current;
      index = body;
      current = current[body];
    } else if (kind === 'k' || kind === 'v') {
      if (!Array.isArray(current)) return NOT_FOUND;
      const at = current.findIndex(kind === 'k' ? keyElement(body) : sameValueAs(valueText(body)));
      if (at < 0) return NOT_FOUND;
      parent = current;
      index = at;
      current = current[at];
    } else {
      return NOT_FOUND;
    }
  }
  return { found: true, value: current, parent, index };
}

/** Formats a path the way kube-apiserver names fields in conflict messages: `.spec.template.spec.containers[name="web"].image`. */
export function formatPath(path: FieldPath): string {
  let text = '';
  for (const element of path) {
    if (element === '.') continue;
    const body = element.slice(2);
    if (element.startsWith('f:')) text += `.${body}`;
    else if (element.startsWith('k:')) {
      const key = JSON.parse(body) as JsonObject;
      text += `[${Object.entries(key).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',')}]`;
    } else if (element.startsWith('v:')) text += `[=${body}]`;
  }
  return text;
}

/** True when `path` equals `prefix` or lies below it. */
export function isUnder(path: FieldPath, prefix: FieldPath): boolean {
  const effective = prefix[prefix.length - 1] === '.' ? prefix.slice(0, -1) : prefix;
  if (path.length < effective.length) return false;
  return effective.every((e, i) => path[i] === e);
}

/** A set member's test: the item serializes to the member's text. */
function sameValueAs(text: string): (item: Json) => boolean {
  return (item) => JSON.stringify(item) === text;
}
