import { isPlainObject } from '../common/json';
import { fromLabelSelector, LabelSelectorError, type LabelSelectorObject, matchesSelector } from '../common/label-selector';
import { IN_CLUSTER_SERVER } from '../domain/in-cluster';
import type { ClusterFacts } from '../events/fleet-events';
import { isTemplated } from './engine';

/** What of a stored set decides whether a cluster change can alter its expansion (read without the manifests' bulk). */
export interface ExpansionScope {
  name: string;
  generators: unknown;
  /** `spec.template.spec.destination` as written. */
  destination: unknown;
  /** `spec.templatePatch` as written: it may set any field, the destination included. */
  templatePatch: unknown;
}

/** One registered, changed or removed cluster: its facts before (none when new) and after (none when removed). */
export interface ClusterChange {
  before: ClusterFacts | null;
  after: ClusterFacts | null;
}

// Every registered cluster carries Argo CD's secret-type label (the clusters generator matches on it too).
const SECRET_TYPE_LABELS = { 'argocd.argoproj.io/secret-type': 'cluster' };
const COMPOSITES = ['matrix', 'merge'];
// A destination written as exactly the selected cluster's own server or name points at that cluster, never another.
const OWN_IDENTITY = /^\{\{-?\s*\.?(server|name)\s*-?\}\}$/;

/**
 * Whether a change of one cluster can alter what this set generates, or which of its applications are valid. Only
 * two things tie a set to a cluster: a clusters generator (at any depth of matrix and merge) whose selector matches
 * the cluster before or after the change, which adds, removes or re-renders its parameters; and an application
 * whose destination names the cluster, whose validity the change decides. Anything that cannot be ruled out from
 * the manifest alone counts as "can": a templated selector (a matrix fills it in), a templatePatch, a destination
 * templated from parameters other than a selected cluster's own server or name, a change of the in-cluster URL.
 */
export function clusterChangeCanAffect(set: ExpansionScope, change: ClusterChange): boolean {
  const states = [change.before, change.after].filter((facts): facts is ClusterFacts => facts !== null);
  if (states.length === 0 || states.some((facts) => facts.server === IN_CLUSTER_SERVER)) return true;
  if (typeof set.templatePatch === 'string' && set.templatePatch.trim() !== '') return true;
  const leaves = leafGeneratorsOf(set.generators);
  if (leaves.some((leaf) => leaf.kind === 'clusters' && states.some((facts) => selectorMayMatch(leaf.config, facts)))) return true;
  // Parameters of other generators (list elements, Git files, plugins...) may name any cluster as destination.
  const onlyClusters = leaves.every((leaf) => leaf.kind === 'clusters');
  const identities = new Set(states.flatMap((facts) => [facts.name, facts.server]));
  return destinationsOf(set).some((destination) =>
    [destination.server, destination.name].some((value) => {
      if (typeof value !== 'string' || value === '') return false;
      if (!isTemplated(value)) return identities.has(value);
      return !(onlyClusters && OWN_IDENTITY.test(value.trim()));
    }),
  );
}

interface LeafGenerator {
  kind: string;
  config: unknown;
}

/** Every non-composite generator of `spec.generators`, matrix and merge children included; tolerates any shape. */
function leafGeneratorsOf(generators: unknown): LeafGenerator[] {
  const leaves: LeafGenerator[] = [];
  const pending: unknown[] = Array.isArray(generators) ? [...generators] : [];
  for (let entry = pending.pop(); entry !== undefined; entry = pending.pop()) {
    if (!isPlainObject(entry)) continue;
    for (const [kind, config] of Object.entries(entry)) {
      if (kind === 'selector') continue;
      const children = COMPOSITES.includes(kind) && isPlainObject(config) ? config.generators : undefined;
      if (Array.isArray(children)) pending.push(...children);
      else leaves.push({ kind, config });
    }
  }
  return leaves;
}

/** A templated or malformed selector may match anything (a malformed one fails the set either way; it costs one pass). */
function selectorMayMatch(config: unknown, facts: ClusterFacts): boolean {
  const selector = isPlainObject(config) ? config.selector : undefined;
  if (selector === undefined || selector === null) return true;
  if (!isPlainObject(selector) || isTemplated(JSON.stringify(selector))) return true;
  try {
    return matchesSelector(fromLabelSelector(selector as LabelSelectorObject), { ...SECRET_TYPE_LABELS, ...facts.labels });
  } catch (error) {
    if (error instanceof LabelSelectorError) return true;
    throw error;
  }
}

/** The set's destination and those of its generators' template overrides, at any depth. */
function destinationsOf(set: ExpansionScope): { server?: unknown; name?: unknown }[] {
  const destinations: { server?: unknown; name?: unknown }[] = [];
  if (isPlainObject(set.destination)) destinations.push(set.destination);
  for (const leaf of leafGeneratorsOf(set.generators)) {
    const template = isPlainObject(leaf.config) ? leaf.config.template : undefined;
    const spec = isPlainObject(template) ? template.spec : undefined;
    if (isPlainObject(spec) && isPlainObject(spec.destination)) destinations.push(spec.destination);
  }
  for (const composite of compositesOf(set.generators)) {
    const template = composite.template;
    const spec = isPlainObject(template) ? template.spec : undefined;
    if (isPlainObject(spec) && isPlainObject(spec.destination)) destinations.push(spec.destination);
  }
  return destinations;
}

function compositesOf(generators: unknown): Record<string, unknown>[] {
  const found: Record<string, unknown>[] = [];
  const pending: unknown[] = Array.isArray(generators) ? [...generators] : [];
  for (let entry = pending.pop(); entry !== undefined; entry = pending.pop()) {
    if (!isPlainObject(entry)) continue;
    for (const kind of COMPOSITES) {
      const config = entry[kind];
      if (!isPlainObject(config)) continue;
      found.push(config);
      if (Array.isArray(config.generators)) pending.push(...config.generators);
    }
  }
  return found;
}
