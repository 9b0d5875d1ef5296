import type { PropagationPolicy } from './sync-options';
import type { KubeObject } from './types';

/** apiVersion, kind, and the object's namespace ('' or absent when cluster-scoped) and name. */
export interface ObjectRef {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
}

/** The reference that names a placed object. */
export function refOf(obj: KubeObject): ObjectRef {
  return { apiVersion: obj.apiVersion, kind: obj.kind, name: obj.metadata.name, ...(obj.metadata.namespace !== undefined && { namespace: obj.metadata.namespace }) };
}

/**
 * The handful of cluster calls the sync engine makes: the seam where unit tests put a fake.
 * Every failure is thrown as a `SyncError` (transient or terminal).
 */
export interface ClusterApi {
  /** Whether the kind is namespaced; `undefined` when the server does not serve it (yet). Cached by implementations. */
  isNamespaced(apiVersion: string, kind: string): Promise<boolean | undefined>;
  /** The live object, or `undefined` when it does not exist. */
  get(ref: ObjectRef): Promise<KubeObject | undefined>;
  /** Every object of the kind across all namespaces matching the label selector (all pages). */
  list(apiVersion: string, kind: string, labelSelector: string): Promise<KubeObject[]>;
  /** Server-side apply with Flotilla's field manager and force; returns the object as stored (or as it would be). */
  apply(obj: KubeObject, options: { readonly dryRun: boolean }): Promise<KubeObject>;
  /**
   * Deletes the object; an object already gone is not an error. With `uid`, only that incarnation is
   * deleted (a precondition), so an object recreated by someone else since it was read survives.
   */
  delete(ref: ObjectRef, options: DeleteOptions): Promise<void>;
}

export interface DeleteOptions {
  readonly dryRun: boolean;
  readonly propagationPolicy: PropagationPolicy;
  readonly uid?: string;
}
