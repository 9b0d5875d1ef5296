import { refOf, type ClusterApi } from './cluster-api';
import { keyOf, keyString } from './tracking';
import type { KubeObject } from './types';

/** What the reads of rendered objects the labelled listing did not return found. */
export interface UnlistedReads {
  /** The live object by key string; undefined where it does not exist. */
  readonly live: ReadonlyMap<string, KubeObject | undefined>;
  /** Namespaces whose existence was read on the way: true when it exists (Terminating included). */
  readonly namespaces: ReadonlyMap<string, boolean>;
}

/**
 * Reads the rendered objects the listing by tracking label did not return: they may still exist untracked (to adopt,
 * or owned by another application), so each is asked for by name — unless its namespace does not exist, in which
 * case nothing can be in it. A fleet's first sync renders several objects into a namespace no cluster has yet, so one
 * read of the namespace stands for all of theirs.
 *
 * The namespace is read only where that may pay (`namespacesWorthReading`); a sync with `CreateNamespace=true` takes
 * the answer from here instead of asking again. A namespace that cannot be read (credentials limited
 * to some namespaces are forbidden cluster-scoped reads) is simply not known: its objects are read one by one.
 */
export async function readUnlisted(unlisted: readonly KubeObject[], listed: readonly KubeObject[], api: ClusterApi): Promise<UnlistedReads> {
  const namespaces = new Map<string, boolean>();
  const live = new Map<string, KubeObject | undefined>();
  for (const namespace of namespacesWorthReading(unlisted, listed)) {
    const found = await existence(api, namespace);
    if (found === undefined) continue;
    namespaces.set(namespace, found.exists);
    // A rendered Namespace is answered by the same read.
    const rendered = unlisted.find((obj) => isNamespaceNamed(obj, namespace));
    if (rendered) live.set(keyString(keyOf(rendered)), found.object);
  }
  for (const obj of unlisted) {
    const key = keyString(keyOf(obj));
    if (live.has(key)) continue;
    const namespace = obj.metadata.namespace;
    // Placed objects carry a namespace exactly when their kind is namespaced.
    if (namespace !== undefined && namespaces.get(namespace) === false) live.set(key, undefined);
    else live.set(key, await api.get(refOf(obj)));
  }
  return { live, namespaces };
}

/**
 * Namespaces where one read may save more than it costs: two or more reads by name of objects in it (a rendered
 * Namespace counts for its own). None where a listed object lives. With a single object, reading the namespace first
 * would add a read whenever it exists (a comparison repeated every pass of an application synced by hand).
 */
function namespacesWorthReading(unlisted: readonly KubeObject[], listed: readonly KubeObject[]): string[] {
  // Where a tracked object lives, its namespace exists; a listed Namespace exists too.
  const known = new Set<string>();
  for (const obj of listed) {
    if (obj.metadata.namespace !== undefined) known.add(obj.metadata.namespace);
    if (isNamespace(obj)) known.add(obj.metadata.name);
  }
  const readsIn = new Map<string, number>();
  for (const obj of unlisted) {
    const namespace = isNamespace(obj) ? obj.metadata.name : obj.metadata.namespace;
    if (namespace !== undefined && !known.has(namespace)) readsIn.set(namespace, (readsIn.get(namespace) ?? 0) + 1);
  }
  return [...readsIn].filter(([, reads]) => reads >= 2).map(([namespace]) => namespace);
}

async function existence(api: ClusterApi, name: string): Promise<{ exists: boolean; object?: KubeObject } | undefined> {
  try {
    const object = await api.get({ apiVersion: 'v1', kind: 'Namespace', name });
    return { exists: object !== undefined, object };
  } catch {
    return undefined;
  }
}

function isNamespace(obj: KubeObject): boolean {
  return obj.apiVersion === 'v1' && obj.kind === 'Namespace';
}

function isNamespaceNamed(obj: KubeObject, name: string): boolean {
  return isNamespace(obj) && obj.metadata.name === name;
}
