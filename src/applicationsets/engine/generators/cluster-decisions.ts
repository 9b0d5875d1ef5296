import { isPlainObject } from '../../../common/json';
import { IN_CLUSTER_NAME, IN_CLUSTER_SERVER } from '../../../domain/in-cluster';
import { formatValue, type GoValue } from '../../../gotemplate/value';
import type { Params } from '../types';
import type { DecisionResourceQuery } from './cluster-decision-source';
import type { GenerationContext } from './generator';

/** What the generator's ConfigMap says: the resource type, its status list, and the key naming a cluster. */
export interface DecisionKeys {
  resource: Pick<DecisionResourceQuery, 'group' | 'version' | 'resource'>;
  statusListKey: string;
  matchKey: string;
}

export type Decision = Record<string, unknown>;

/**
 * The entries of `status.<statusListKey>` of every resource, in the order listed. A resource without a status (or
 * with an empty one) has no decisions yet and is skipped, as in Argo CD. A status whose list is missing or is not a
 * list of objects would panic Argo CD's controller; here it is malformed and fails the set (a message is returned).
 */
export function decisionsOf(resources: readonly Record<string, unknown>[], statusListKey: string): Decision[] | string {
  const decisions: Decision[] = [];
  for (const resource of resources) {
    const status = resource.status;
    const name = isPlainObject(resource.metadata) ? String(resource.metadata.name) : '?';
    if (status === undefined || status === null || (isPlainObject(status) && Object.keys(status).length === 0)) continue;
    if (!isPlainObject(status)) return `resource "${name}" has a malformed status: not an object`;
    const list = status[statusListKey];
    if (!Array.isArray(list)) return `resource "${name}" has a malformed status: status.${statusListKey} is ${list === undefined ? 'missing' : 'not a list'}`;
    for (const [index, entry] of list.entries()) {
      if (!isPlainObject(entry)) return `resource "${name}" has a malformed status: status.${statusListKey}[${index}] is not an object`;
      decisions.push(entry);
    }
  }
  return decisions;
}

/**
 * One decision's parameters, or undefined when its matchKey is absent, empty, or names no known cluster (Argo CD
 * skips those). The cluster's `name` and `server` come first, then every field of the decision as a string.
 */
export function decisionParams(decision: Decision, matchKey: string, context: GenerationContext): Params | undefined {
  const match = decision[matchKey];
  if (match === undefined || match === null) return undefined;
  const clusterName = printed(match);
  if (clusterName === '') return undefined;
  const cluster = knownClusters(context).find((candidate) => candidate.name === clusterName);
  if (cluster === undefined) return undefined;
  const params: Params = { name: cluster.name, server: cluster.server };
  for (const [key, value] of Object.entries(decision)) params[key] = printed(value);
  return params;
}

// Argo CD lists the registered clusters, plus in-cluster when no registered cluster claims its address.
function knownClusters(context: GenerationContext): { name: string; server: string }[] {
  const clusters = context.clusters.map(({ name, server }) => ({ name, server }));
  if (context.inCluster?.enabled && !clusters.some((cluster) => cluster.server === IN_CLUSTER_SERVER)) {
    clusters.push({ name: IN_CLUSTER_NAME, server: IN_CLUSTER_SERVER });
  }
  return clusters;
}

/**
 * Go's `fmt.Sprintf("%v", value)` over a value decoded by Kubernetes' unstructured JSON decoder, which keeps whole
 * numbers as int64 (`0`, `1000000`) and others as float64 (`0.5`, `1e+21`).
 */
function printed(value: unknown): string {
  return formatValue(asUnstructured(value));
}

function asUnstructured(value: unknown): GoValue {
  if (typeof value === 'number') return Number.isInteger(value) && Number.isSafeInteger(value) ? BigInt(value) : value;
  if (Array.isArray(value)) return value.map(asUnstructured);
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, asUnstructured(item)]));
  return value as GoValue;
}
