import { describeKey, flotillaEntry, lookupKey } from './fields-v1';
import { setOwnField } from './json-paths';
import { sameQuantity } from './quantity';
import type { KubeObject } from './types';
import { isPlainObject } from '../common/json';

export { FIELD_MANAGER } from './fields-v1';
const MAX_REPORTED = 10;

/** A desired object and its live counterpart as the comparison sees them. */
export interface LiveComparison {
  /** Every differing field path; empty means Synced. */
  readonly differences: string[];
  /**
   * The desired object limited to what is compared (apiVersion, kind, name, namespace, labels, annotations and the
   * body without status), and the live object seen through it: the live values of exactly those fields, plus the
   * fields Flotilla still owns live but no longer renders. Equal views mean no differences; their text diff is the
   * drift an operator reads (`GET /applications/:name/diff`).
   */
  readonly desiredView: KubeObject;
  readonly liveView: KubeObject;
}

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
  // Every reconcile pass runs this for every object: no views are built (≈ 1.4× the time when they are).
  return compare(desired, live, false).differences.slice(0, MAX_REPORTED);
}

/** `diffAgainstLive` with every difference and both sides as compared. */
export function compareWithLive(desired: KubeObject, live: KubeObject): LiveComparison {
  return compare(desired, live, true) as LiveComparison;
}

/** One walk of both objects; the differences alone, or with the views. */
interface Walk {
  readonly out: string[];
  readonly views: boolean;
}

function compare(desired: KubeObject, live: KubeObject, views: boolean): Partial<LiveComparison> & { differences: string[] } {
  const walk: Walk = { out: [], views };
  const { apiVersion, kind, metadata, status: _status, ...desiredBody } = desired;
  const { apiVersion: _liveApiVersion, kind: _liveKind, metadata: liveMetadata, status: _liveStatus, ...liveBody } = live;
  const desiredMetadata = { labels: metadata.labels, annotations: metadata.annotations };
  const seenMetadata = seen(desiredMetadata, liveMetadata, '.metadata', walk) as Record<string, unknown> | undefined;
  const seenBody = seen(desiredBody, liveBody, '', walk) as Record<string, unknown>;
  const identity = { name: metadata.name, ...(metadata.namespace !== undefined && { namespace: metadata.namespace }) };
  const liveView = views ? ({ apiVersion: live.apiVersion, kind: live.kind, metadata: { ...identity, ...seenMetadata }, ...seenBody } as KubeObject) : undefined;
  const owned = flotillaEntry(live);
  if (owned?.fieldsV1 !== undefined) {
    findNoLongerDesired(owned.fieldsV1, desired, live, liveView, '', walk.out);
  }
  if (!views) return { differences: walk.out };
  const desiredView = { apiVersion, kind, metadata: { ...identity, ...withoutUndefined(desiredMetadata) }, ...desiredBody } as KubeObject;
  return { differences: walk.out, desiredView, liveView };
}

function withoutUndefined(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}

function isEmpty(value: unknown): boolean {
  return (Array.isArray(value) && value.length === 0) || (isPlainObject(value) && Object.keys(value).length === 0);
}

// Maps whose values are resource quantities (container resources, quotas, PVC requests and capacity).
const QUANTITY_MAPS = new Set(['limits', 'requests', 'hard', 'capacity', 'allocatable']);

/**
 * Records where `live` differs from `desired` and returns the live value seen through `desired`: what is compared
 * and nothing else. A value the comparison counts as equal (a quantity in another notation, an empty collection the
 * server dropped) is returned as desired, so equal means equal text too. Live subtrees are copied, never shared.
 * Without `views` only the differences are recorded, and what it returns is no view.
 */
function seen(desired: unknown, live: unknown, path: string, walk: Walk): unknown {
  if (desired === undefined) return undefined;
  // The API server drops nulls and empty collections on write; treating them as absent avoids perpetual drift.
  if (desired === null || (isEmpty(desired) && (live === undefined || live === null))) {
    if (desired === null && live !== undefined && live !== null) return differs(live, path, walk);
    return desired;
  }
  if (Array.isArray(desired)) {
    if (!Array.isArray(live)) return differs(live, path, walk);
    return seenList(desired, live, path, walk);
  }
  if (isPlainObject(desired)) {
    if (!isPlainObject(live)) return differs(live, path, walk);
    const view: Record<string, unknown> | undefined = walk.views ? {} : undefined;
    for (const [key, value] of Object.entries(desired)) {
      // Own fields only: a desired key such as `constructor` must not find Object.prototype's.
      const field = seen(value, Object.hasOwn(live, key) ? live[key] : undefined, `${path}.${key}`, walk);
      if (view !== undefined && field !== undefined) setOwnField(view, key, field);
    }
    return view ?? desired;
  }
  if (desired === live) return live;
  const parent = path.slice(0, path.lastIndexOf('.')).split(/[.[]/).pop() ?? '';
  if (QUANTITY_MAPS.has(parent) && sameQuantity(desired, live)) return desired;
  return differs(live, path, walk);
}

function differs(live: unknown, path: string, walk: Walk): unknown {
  walk.out.push(path);
  return live === undefined || !walk.views ? live : structuredClone(live);
}

function seenList(desired: unknown[], live: unknown[], path: string, walk: Walk): unknown[] {
  const byName = desired.every((item) => isPlainObject(item) && typeof item.name === 'string');
  if (!byName) {
    // Atomic and set lists: the order and length Flotilla sets must stand.
    if (desired.length !== live.length) return differs(live, path, walk) as unknown[];
    return desired.map((item, index) => seen(item, live[index], `${path}[${index}]`, walk) ?? null);
  }
  const view: unknown[] = [];
  for (const item of desired as Record<string, unknown>[]) {
    const match = live.find((candidate) => isPlainObject(candidate) && candidate.name === item.name);
    const shown = seen(item, match, `${path}[name=${String(item.name)}]`, walk);
    if (shown !== undefined) view.push(shown);
  }
  return view;
}

/**
 * Walks Flotilla's FieldsV1 set (`fields-v1.ts`) against the desired object; a field owned live but no longer desired
 * is a difference, and its live value joins the live view. A field the live object lacks is not: only the fields
 * `spec.ignoreDifferences` removed from both sides are owned and absent.
 */
function findNoLongerDesired(fields: Record<string, unknown>, desired: unknown, live: unknown, view: unknown, path: string, out: string[]): void {
  for (const [key, children] of Object.entries(fields)) {
    if (key === '.') continue;
    const found = lookupKey(key, desired);
    const childPath = `${path}${describeKey(key)}`;
    if (found === undefined) {
      if (lookupKey(key, live) === undefined) continue;
      out.push(`${childPath} (no longer desired)`);
      showLive(key, live, view);
    } else if (isPlainObject(children) && Object.keys(children).length > 0) {
      findNoLongerDesired(children, found, lookupKey(key, live), lookupKey(key, view), childPath, out);
    }
  }
}

/** Adds the live value `key` names to the view (a field to an object, an item to a list). */
function showLive(key: string, live: unknown, view: unknown): void {
  const value = lookupKey(key, live);
  if (value === undefined) return;
  if (key.startsWith('f:') && isPlainObject(view)) setOwnField(view, key.slice(2), structuredClone(value));
  else if (!key.startsWith('f:') && Array.isArray(view)) view.push(structuredClone(value));
}

