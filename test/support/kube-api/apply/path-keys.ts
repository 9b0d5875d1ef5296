/**
 * A field path as in FieldsV1: `f:<field>`, `k:<json of key fields>` for an associative-list item,
 * `v:<json>` for a set member, and `.` for "the item itself". Sets of paths hold them serialized as JSON (keys).
 */
export type FieldPath = readonly string[];

/** Names ordered before all others in an object (array indices), whatever the order they were added in. */
export const INTEGER_LIKE = /^\d+$/;

export function pathKey(path: FieldPath): string {
  return JSON.stringify(path);
}

/**
 * The key of a path, from its parent's: `parent` is the key's text without its brackets ('' for the root), so a
 * walk down an object builds each key by appending one element instead of copying and serializing whole paths.
 */
export function childKey(parent: string, element: string): string {
  return appendText(parent, JSON.stringify(element));
}

export function appendText(parent: string, elementText: string): string {
  return parent === '' ? elementText : `${parent},${elementText}`;
}

// The same paths and list items come up write after write, so their decoded forms are remembered, within a bound.
const MEMO_LIMIT = 10_000;

export function memoised<T>(memo: Map<string, T>, key: string, compute: () => T): T {
  let value = memo.get(key);
  if (value === undefined) {
    value = compute();
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(key, value);
  }
  return value;
}

const parsedKeys = new Map<string, FieldPath>();
const fieldTexts = new Map<string, string>();
const itemTexts = new Map<string, string>();

/** The JSON text of the element `f:<name>`. */
export function fieldText(name: string): string {
  return memoised(fieldTexts, name, () => JSON.stringify(`f:${name}`));
}

/** The JSON text of the element `k:<key>`, from the key's JSON. */
export function itemText(key: string): string {
  return memoised(itemTexts, key, () => JSON.stringify(`k:${key}`));
}

/** The path of a key; shared between callers, hence frozen. */
export function parsePathKey(key: string): FieldPath {
  return memoised(parsedKeys, key, () => Object.freeze(JSON.parse(key) as string[]));
}
