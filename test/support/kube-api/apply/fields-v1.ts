import { isObject, type Json, type JsonObject } from '../json';
import type { FieldSet } from './fieldset';
import { childKey, INTEGER_LIKE, parsePathKey } from './path-keys';

/**
 * What is known of a FieldsV1 tree: its set of paths, and whether `toFieldsV1` of that set gives this very tree.
 * Stored managedFields are frozen, and most writes leave most entries' sets as they were, so a tree is decoded once
 * and, while its entry's set is unchanged, written back as it is instead of being rebuilt.
 */
interface KnownTree {
  fields: ReadonlySet<string>;
  rebuildsAsIs: boolean;
}

const knownTrees = new WeakMap<object, KnownTree>();

/** Builds the FieldsV1 JSON tree for a set. */
export function toFieldsV1(set: FieldSet): JsonObject {
  const root: JsonObject = {};
  const sorted = [...set].sort();
  // Reading the tree back gives the set, in sorted order, when every path ends on a node of its own and nodes keep
  // their insertion order. A path that is a prefix of another sorts after it, so it finds its end node already there;
  // integer-like names are ordered first in an object, and `__proto__` leads into the prototype.
  let readsBack = true;
  for (const key of sorted) {
    let node = root;
    const path = parsePathKey(key);
    if (path.length === 0) readsBack = false;
    for (let i = 0; i < path.length; i++) {
      const element = path[i];
      if (element === '__proto__' || INTEGER_LIKE.test(element)) readsBack = false;
      // Own members only: a `__proto__` element must name a member, never lead into (and write to) Object.prototype.
      const next = Object.hasOwn(node, element) ? node[element] : undefined;
      if (isObject(next)) {
        if (i === path.length - 1) readsBack = false;
        node = next;
      } else {
        const created: JsonObject = {};
        Object.defineProperty(node, element, { value: created, writable: true, enumerable: true, configurable: true });
        node = created;
      }
    }
  }
  if (readsBack) knownTrees.set(root, { fields: new Set(sorted), rebuildsAsIs: true });
  return root;
}

/** Reads a FieldsV1 tree back into a set: every empty node is a leaf path. */
export function fromFieldsV1(tree: Json): FieldSet {
  const out: FieldSet = new Set();
  readTree(tree, '', out);
  return out;
}

function readTree(tree: Json, parent: string, out: FieldSet): void {
  if (!isObject(tree)) return;
  for (const [element, child] of Object.entries(tree)) {
    const key = childKey(parent, element);
    if (isObject(child) && Object.keys(child).length > 0) readTree(child, key, out);
    else out.add(`[${key}]`);
  }
}

/** `fromFieldsV1`, decoded once for a tree `toFieldsV1` built or a stored (frozen) one. Not to be modified. */
export function fieldsOfTree(tree: Json): ReadonlySet<string> {
  if (!isObject(tree)) return fromFieldsV1(tree);
  const known = knownTrees.get(tree);
  if (known) return known.fields;
  const fields = fromFieldsV1(tree);
  if (Object.isFrozen(tree)) knownTrees.set(tree, { fields, rebuildsAsIs: false });
  return fields;
}

/** The tree itself when `toFieldsV1(fields)` would build an equal one (it was built from the same set). */
export function reusableTree(tree: Json, fields: ReadonlySet<string>): JsonObject | undefined {
  const known = isObject(tree) ? knownTrees.get(tree) : undefined;
  if (!known?.rebuildsAsIs || !sameSet(known.fields, fields)) return undefined;
  return tree as JsonObject;
}

export function sameSet(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a.size !== b.size) return false;
  for (const item of a) if (!b.has(item)) return false;
  return true;
}
