/** Small helpers for plain JSON values (objects as stored and sent). */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A deep copy with the result of a JSON round trip (undefined members dropped, non-finite numbers as null, ...).
 * Plain data is copied directly, several times faster than the round trip; anything else (dates, BigInts, cycles)
 * takes the round trip itself, so its result and errors are exactly the round trip's.
 */
export function clone<T>(value: T): T {
  if (value === undefined || value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  return copy(value, false);
}

/**
 * Like `clone`, but frozen parts inside the value are shared rather than copied: they are stored objects (see
 * `freezeDeep`), already plain JSON and immutable, so sharing them is indistinguishable from copying them. The value
 * itself is always copied, so the top level of the result is the caller's to edit.
 */
export function copySharingFrozen<T>(value: T): T {
  return value === undefined ? value : copy(value, true);
}

// What the direct copy answers for anything but plain JSON data; the copy then falls back to the JSON round trip.
// (No JSON value is a symbol, so it cannot be mistaken for one.)
const NOT_PLAIN = Symbol('not plain JSON');
// Beyond this depth the round trip takes over, so that cycles are reported as JSON.stringify reports them.
const MAX_DIRECT_DEPTH = 200;

function copy<T>(value: T, shareFrozen: boolean): T {
  const copied = copyValue(value, shareFrozen, 0);
  return (copied === NOT_PLAIN ? JSON.parse(JSON.stringify(value)) : copied) as T;
}

/** Members JSON.stringify leaves out of objects (and writes as null in arrays). */
function isOmitted(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

function copyValue(value: unknown, shareFrozen: boolean, depth: number): unknown {
  if (typeof value === 'string' || typeof value === 'boolean' || value === null) return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value + 0 : null; // `+ 0` turns -0 into 0, as JSON does
  if (typeof value !== 'object' || depth > MAX_DIRECT_DEPTH) return NOT_PLAIN;
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return NOT_PLAIN;
  // Only a frozen plain object or array is a stored part (`freezeDeep`): a frozen Date or Map is normalised as JSON would.
  if (shareFrozen && depth > 0 && Object.isFrozen(value) && (Array.isArray(value) || Object.getPrototypeOf(value) === Object.prototype)) return value;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (let i = 0; i < value.length; i++) {
      // Each member read once, as JSON.stringify reads it (a getter runs once).
      const member: unknown = value[i];
      const item = isOmitted(member) ? null : copyValue(member, shareFrozen, depth + 1);
      if (item === NOT_PLAIN) return NOT_PLAIN;
      out.push(item);
    }
    return out;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype) return NOT_PLAIN;
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(source)) {
    const raw = source[key];
    if (isOmitted(raw)) continue;
    const member = copyValue(raw, shareFrozen, depth + 1);
    if (member === NOT_PLAIN) return NOT_PLAIN;
    // JSON.parse makes `__proto__` an own property; an assignment would set the prototype instead.
    if (key === '__proto__') Object.defineProperty(out, key, { value: member, writable: true, enumerable: true, configurable: true });
    else out[key] = member;
  }
  return out;
}

/**
 * Freezes a value and everything in it, children first, so a frozen object is frozen all the way down. Parts
 * already frozen are skipped: a new version of a stored object shares its unchanged parts with the old one.
 */
export function freezeDeep<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  for (const key of Object.keys(value)) freezeDeep((value as Record<string, unknown>)[key]);
  return Object.freeze(value);
}

const texts = new WeakMap<object, string>();

/** JSON.stringify, computed once for a frozen (stored, unchangeable) object and then reused. */
export function jsonText(value: unknown): string {
  if (typeof value !== 'object' || value === null || !Object.isFrozen(value)) return JSON.stringify(value);
  let text = texts.get(value);
  if (text === undefined) {
    text = JSON.stringify(value);
    texts.set(value, text);
  }
  return text;
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    return keys.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

/** A JSON scalar as text; objects, arrays and absent values give ''. */
export function str(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return '';
}
