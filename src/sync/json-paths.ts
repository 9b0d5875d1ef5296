import { isPlainObject } from '../common/json';

/** A concrete location in a JSON document: object keys and list indexes, from the root. */
export type JsonPath = readonly (string | number)[];

/**
 * RFC 6901: `/a/b~1c/0` → `['a', 'b/c', '0']` (`~1` is `/`, `~0` is `~`, in that order). Undefined, with the reason,
 * for text that is not a pointer: a missing leading `/`, or a `~` not followed by 0 or 1. The empty pointer (the
 * whole document) is refused too: an object cannot ignore itself.
 */
export function parseJsonPointer(pointer: string): { ok: true; tokens: string[] } | { ok: false; reason: string } {
  if (pointer === '') return { ok: false, reason: 'the empty pointer names the whole object' };
  if (!pointer.startsWith('/')) return { ok: false, reason: 'a JSON pointer starts with "/" (RFC 6901)' };
  if (/~(?![01])/.test(pointer)) return { ok: false, reason: '"~" must be followed by 0 or 1 (~0 is "~", ~1 is "/")' };
  return { ok: true, tokens: pointer.slice(1).split('/').map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~')) };
}

/**
 * Where the pointer's tokens lead in `doc`, or undefined when nothing is there (a pointer to an absent field is no
 * error, as a JSON patch `remove` of it is only skipped). A token addresses a list item only as a decimal index.
 */
export function pointerPath(doc: unknown, tokens: readonly string[]): JsonPath | undefined {
  const path: (string | number)[] = [];
  let current = doc;
  for (const token of tokens) {
    if (Array.isArray(current)) {
      if (!/^(0|[1-9]\d*)$/.test(token) || Number(token) >= current.length) return undefined;
      path.push(Number(token));
      current = current[Number(token)];
    } else if (isPlainObject(current) && Object.hasOwn(current, token)) {
      path.push(token);
      current = current[token];
    } else {
      return undefined;
    }
  }
  return path;
}

/**
 * The object's own field `key`, or undefined. Every read of a key that comes from a rule or from the cluster goes
 * through here (or `Object.hasOwn`): `value[key]` would find `__proto__`, `constructor` or `hasOwnProperty` on
 * Object.prototype, and a removal or a write there would change every object of the process.
 */
export function ownField(value: unknown, key: string): unknown {
  return isPlainObject(value) && Object.hasOwn(value, key) ? value[key] : undefined;
}

/**
 * Sets the object's own field `key`, as JSON.parse makes it: a data property even for `__proto__`, which plain
 * assignment would take as the object's prototype.
 */
export function setOwnField(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
}

/** The value at `path`, or undefined when the path leads nowhere (own fields and items in range only). */
export function valueAt(doc: unknown, path: JsonPath): unknown {
  let current = doc;
  for (const step of path) {
    if (typeof step === 'number') {
      if (!Array.isArray(current) || !Number.isInteger(step) || step < 0 || step >= current.length) return undefined;
      current = current[step];
    } else {
      if (!isPlainObject(current) || !Object.hasOwn(current, step)) return undefined;
      current = current[step];
    }
  }
  return current;
}

/**
 * Writes `value` at `path`, making the objects missing on the way (an own field each); a list on the way must hold
 * the item already, and a last step into a list replaces an item or appends one. False when the path cannot be
 * reached that way (nothing is changed then).
 */
export function setAt(doc: unknown, path: JsonPath, value: unknown): boolean {
  if (path.length === 0) return false;
  const missing: { parent: Record<string, unknown>; key: string }[] = [];
  let current = doc;
  for (const step of path.slice(0, -1)) {
    const next = typeof step === 'number' ? (Array.isArray(current) && step >= 0 && step < current.length ? current[step] : undefined) : ownField(current, step);
    if (next !== undefined && next !== null) {
      current = next;
    } else if (typeof step === 'string' && isPlainObject(current)) {
      const made = {};
      missing.push({ parent: current, key: step });
      setOwnField(current, step, made);
      current = made;
    } else {
      for (const { parent, key } of missing.reverse()) delete parent[key];
      return false;
    }
  }
  const last = path[path.length - 1];
  if (typeof last === 'string' && isPlainObject(current)) {
    setOwnField(current, last, value);
    return true;
  }
  if (typeof last === 'number' && Array.isArray(current) && last >= 0 && last <= current.length) {
    current[last] = value;
    return true;
  }
  for (const { parent, key } of missing.reverse()) delete parent[key];
  return false;
}

export function isPrefix(prefix: JsonPath, path: JsonPath): boolean {
  return prefix.length <= path.length && prefix.every((step, index) => step === path[index]);
}

/**
 * Removes every path from `doc` in place. Deepest and highest indexes go first, so the others still point right; a
 * path given twice (two rules naming the same field or item) is removed once, or its list's next item would go too.
 */
export function removePaths(doc: unknown, paths: readonly JsonPath[]): void {
  for (const path of uniquePaths(paths).sort(comparePaths).reverse()) {
    if (path.length === 0) continue;
    const parent = valueAt(doc, path.slice(0, -1));
    const last = path[path.length - 1];
    if (Array.isArray(parent) && typeof last === 'number' && Number.isInteger(last) && last >= 0 && last < parent.length) parent.splice(last, 1);
    else if (isPlainObject(parent) && typeof last === 'string' && Object.hasOwn(parent, last)) delete parent[last];
  }
}

/** The paths without repeats (compared by their JSON), in their first order. */
export function uniquePaths(paths: readonly JsonPath[]): JsonPath[] {
  return [...new Map(paths.map((path) => [JSON.stringify(path), path])).values()];
}

/** Step by step: indexes numerically, keys by code unit, a prefix before what extends it. */
export function comparePaths(a: JsonPath, b: JsonPath): number {
  for (let index = 0; index < Math.min(a.length, b.length); index++) {
    const [x, y] = [a[index], b[index]];
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    if (typeof x !== typeof y) return typeof x === 'number' ? -1 : 1;
    return x < y ? -1 : 1;
  }
  return a.length - b.length;
}
