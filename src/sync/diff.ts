import { sameQuantity } from './quantity';
import type { KubeObject } from './types';
import { isPlainObject } from '../common/json';

/** The field manager Flotilla applies with. */
export const FIELD_MANAGER = 'flotilla';
const MAX_REPORTED = 10;

/**
 * Compares a prepared desired object with its live counterpart without asking the server, so a
 * steady-state pass only reads. Two checks, both needed:
 *  1. every field Flotilla sets must have the same value live (a normalized "desired ⊆ live"
 *     comparison: fields only the server or other managers set, like status, defaults and injected
 *     sidecars, are ignored; list items with a `name` are matched by name, as Kubernetes merges them);
 *  2. every field Flotilla's `managedFields` entry still owns must still be desired, otherwise the
 *     next apply removes it — a field dropped from Git is drift too.
 * Returns the differing field paths (at most ten); empty means Synced.
 */
export function diffAgainstLive(desired: KubeObject, live: KubeObject): string[] {
  const out: string[] = [];
  const { metadata, status: _status, ...desiredBody } = desired;
  const { metadata: liveMetadata, ...liveBody } = live;
  compareSubset({ labels: metadata.labels, annotations: metadata.annotations }, liveMetadata, '.metadata', out);
  compareSubset(desiredBody, liveBody, '', out);
  const owned = live.metadata.managedFields?.find((entry) => entry.manager === FIELD_MANAGER && entry.operation === 'Apply' && !entry.subresource);
  if (owned?.fieldsV1 !== undefined) {
    findNoLongerDesired(owned.fieldsV1, desired, '', out);
  }
  return out.slice(0, MAX_REPORTED);
}

function isEmpty(value: unknown): boolean {
  return (Array.isArray(value) && value.length === 0) || (isPlainObject(value) && Object.keys(value).length === 0);
}

// Maps whose values are resource quantities (container resources, quotas, PVC requests and capacity).
const QUANTITY_MAPS = new Set(['limits', 'requests', 'hard', 'capacity', 'allocatable']);

function compareSubset(desired: unknown, live: unknown, path: string, out: string[]): void {
  if (out.length >= MAX_REPORTED || desired === undefined) return;
  // The API server drops nulls and empty collections on write; treating them as absent avoids perpetual drift.
  if (desired === null || (isEmpty(desired) && (live === undefined || live === null))) {
    if (desired === null && live !== undefined && live !== null) out.push(path);
    return;
  }
  if (Array.isArray(desired)) {
    if (!Array.isArray(live)) {
      out.push(path);
      return;
    }
    compareList(desired, live, path, out);
    return;
  }
  if (isPlainObject(desired)) {
    if (!isPlainObject(live)) {
      out.push(path);
      return;
    }
    for (const [key, value] of Object.entries(desired)) {
      compareSubset(value, live[key], `${path}.${key}`, out);
    }
    return;
  }
  if (desired === live) return;
  const parent = path.slice(0, path.lastIndexOf('.')).split(/[.[]/).pop() ?? '';
  if (QUANTITY_MAPS.has(parent) && sameQuantity(desired, live)) return;
  out.push(path);
}

function compareList(desired: unknown[], live: unknown[], path: string, out: string[]): void {
  const byName = desired.every((item) => isPlainObject(item) && typeof item.name === 'string');
  if (!byName) {
    // Atomic and set lists: the order and length Flotilla sets must stand.
    if (desired.length !== live.length) {
      out.push(path);
      return;
    }
    desired.forEach((item, index) => compareSubset(item, live[index], `${path}[${index}]`, out));
    return;
  }
  for (const item of desired as Record<string, unknown>[]) {
    const match = live.find((candidate) => isPlainObject(candidate) && candidate.name === item.name);
    compareSubset(item, match, `${path}[name=${String(item.name)}]`, out);
  }
}

/** Walks a FieldsV1 set (`f:<field>`, `k:<json key>`, `v:<json value>`, `i:<index>`, `.`) against the desired object. */
function findNoLongerDesired(fields: Record<string, unknown>, desired: unknown, path: string, out: string[]): void {
  for (const [key, children] of Object.entries(fields)) {
    if (out.length >= MAX_REPORTED || key === '.') continue;
    const found = lookup(key, desired);
    const childPath = `${path}${describe(key)}`;
    if (found === undefined) {
      out.push(`${childPath} (no longer desired)`);
    } else if (isPlainObject(children) && Object.keys(children).length > 0) {
      findNoLongerDesired(children, found, childPath, out);
    }
  }
}

function lookup(key: string, desired: unknown): unknown {
  const rest = key.slice(2);
  if (key.startsWith('f:')) {
    return isPlainObject(desired) ? desired[rest] : undefined;
  }
  if (!Array.isArray(desired)) return undefined;
  const parsed = parseJson(rest);
  if (key.startsWith('k:') && isPlainObject(parsed)) {
    // Key fields the server defaulted (e.g. a port's protocol) may be absent from the desired item.
    return desired.find(
      (item) =>
        isPlainObject(item) &&
        Object.keys(parsed).some((k) => item[k] !== undefined) &&
        Object.entries(parsed).every(([k, v]) => item[k] === undefined || sameScalar(item[k], v)),
    );
  }
  if (key.startsWith('v:')) {
    return desired.some((item) => sameScalar(item, parsed)) ? parsed : undefined;
  }
  if (key.startsWith('i:')) {
    return desired[Number.parseInt(rest, 10)];
  }
  return undefined;
}

// Keys in FieldsV1 carry the server's typed value (e.g. containerPort 8080); desired YAML may say "8080".
function sameScalar(a: unknown, b: unknown): boolean {
  const scalar = (value: unknown): value is string | number | boolean => ['string', 'number', 'boolean'].includes(typeof value);
  return a === b || (scalar(a) && scalar(b) && String(a) === String(b));
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function describe(key: string): string {
  return key.startsWith('f:') ? `.${key.slice(2)}` : `[${key.slice(2)}]`;
}
