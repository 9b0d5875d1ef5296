import { ClusterHttpError, groupVersionPath, type ClusterHttp, type DiscoveredResource } from './cluster-http';
import type { ClusterConnection } from './cluster-connection';
import type { KubernetesClientFactory } from './kubernetes-client.factory';
import { redactCredentials } from './probe-errors';
import { refOf, type ClusterApi, type DeleteOptions, type ObjectRef } from '../sync/cluster-api';
import { FIELD_MANAGER } from '../sync/diff';
import { httpSyncError, reasonForTransportError, SyncError } from '../sync/errors';
import type { KubeObject } from '../sync/types';

const PAGE_SIZE = 500;
// Bounds what one list may pull into memory (40 × 500 objects of one kind for one application).
const MAX_PAGES = 40;
const APPLY_PATCH = 'application/apply-patch+yaml';
// Where a namespaced object that names no namespace goes, as with kubectl and client-node.
const DEFAULT_NAMESPACE = 'default';

/**
 * Hands out `ClusterApi`s on the shared `KubernetesClientFactory` (one keep-alive agent, request timeout and
 * discovery cache per cluster, dropped when the cluster's credentials or endpoint change). Objects travel as the
 * plain JSON the server speaks: nothing is converted through typed models, which would rename or drop every key a
 * model spells differently or does not know (a CRD schema's `x-kubernetes-preserve-unknown-fields`, a field newer
 * than the client) and turn timestamps into Dates.
 */
export class ClusterApis {
  constructor(private readonly factory: KubernetesClientFactory) {}

  /** `prefetch`: group versions whose discovery a first contact with the cluster starts now (`ClusterHttp.prefetchDiscovery`). */
  for(conn: ClusterConnection, prefetch: readonly string[] = []): ClusterApi {
    const http = this.factory.clusterHttp(conn);
    if (prefetch.length > 0) http.prefetchDiscovery(prefetch);
    return new HttpClusterApi(http, conn);
  }
}

class HttpClusterApi implements ClusterApi {
  constructor(
    private readonly http: ClusterHttp,
    private readonly conn: ClusterConnection,
  ) {}

  async isNamespaced(apiVersion: string, kind: string): Promise<boolean | undefined> {
    return (await this.resourceOrUndefined(apiVersion, kind))?.namespaced;
  }

  async get(ref: ObjectRef): Promise<KubeObject | undefined> {
    const action = `get ${describe(ref)}`;
    try {
      const body = await this.http.requestUnlessMissing({ method: 'GET', path: await this.objectPath(ref, action) });
      return body === undefined ? undefined : (JSON.parse(body) as KubeObject);
    } catch (error) {
      // A group version the server does not serve: its discovery answered 404, and so nothing of it exists.
      if (error instanceof ClusterHttpError && error.status === 404) return undefined;
      throw this.wrap(error, action);
    }
  }

  async list(apiVersion: string, kind: string, labelSelector: string): Promise<KubeObject[]> {
    const resource = await this.resourceOrUndefined(apiVersion, kind);
    if (resource === undefined) return [];
    const items: KubeObject[] = [];
    let continueToken: string | undefined;
    for (let page = 0; page < MAX_PAGES; page += 1) {
      const query = new URLSearchParams({ labelSelector, limit: String(PAGE_SIZE), ...(continueToken !== undefined && { continue: continueToken }) });
      try {
        const result = JSON.parse(await this.http.request({ method: 'GET', path: `${groupVersionPath(apiVersion)}/${resource.name}?${query.toString()}` })) as {
          items?: KubeObject[];
          metadata?: { continue?: string };
        };
        // Lists leave apiVersion and kind off their items; the engine needs them to key objects.
        for (const item of result.items ?? []) items.push({ ...item, apiVersion, kind });
        continueToken = result.metadata?.continue;
      } catch (error) {
        throw this.wrap(error, `list ${apiVersion} ${kind}`);
      }
      if (continueToken === undefined || continueToken === '') return items;
    }
    throw new SyncError('Internal', `list ${apiVersion} ${kind}: more than ${MAX_PAGES * PAGE_SIZE} objects`);
  }

  /** Server-side apply (forced, as Argo CD's) with the object sent exactly as given. */
  async apply(obj: KubeObject, options: { readonly dryRun: boolean }): Promise<KubeObject> {
    const action = `apply ${describe({ ...obj, ...obj.metadata })}`;
    try {
      const query = new URLSearchParams({ ...(options.dryRun && { dryRun: 'All' }), fieldManager: FIELD_MANAGER, force: 'true' });
      const path = `${await this.objectPath(refOf(obj), action)}?${query.toString()}`;
      return JSON.parse(await this.http.request({ method: 'PATCH', path, body: JSON.stringify(obj), contentType: APPLY_PATCH })) as KubeObject;
    } catch (error) {
      throw this.wrap(error, action);
    }
  }

  async delete(ref: ObjectRef, options: DeleteOptions): Promise<void> {
    const action = `delete ${describe(ref)}`;
    const body = {
      apiVersion: 'v1',
      kind: 'DeleteOptions',
      propagationPolicy: options.propagationPolicy,
      ...(options.uid !== undefined && { preconditions: { uid: options.uid } }),
    };
    try {
      const query = options.dryRun ? '?dryRun=All' : '';
      await this.http.requestUnlessMissing({ method: 'DELETE', path: `${await this.objectPath(ref, action)}${query}`, body: JSON.stringify(body) });
    } catch (error) {
      // Gone already, with its group version.
      if (error instanceof ClusterHttpError && error.status === 404) return;
      throw this.wrap(error, action);
    }
  }

  /** The object's URL path; a kind the cluster does not serve is an `UnknownKind` error. */
  private async objectPath(ref: ObjectRef, action: string): Promise<string> {
    const resource = await this.http.resource(ref.apiVersion, ref.kind);
    if (resource === undefined) throw new SyncError('UnknownKind', `${action}: the cluster does not serve this kind`);
    const namespace = resource.namespaced ? `/namespaces/${encodeURIComponent(ref.namespace || DEFAULT_NAMESPACE)}` : '';
    return `${groupVersionPath(ref.apiVersion)}${namespace}/${resource.name}/${encodeURIComponent(ref.name)}`;
  }

  /** The served resource, or undefined when the kind is not served, its group version included. */
  private async resourceOrUndefined(apiVersion: string, kind: string): Promise<DiscoveredResource | undefined> {
    try {
      return await this.http.resource(apiVersion, kind);
    } catch (error) {
      // A group/version the server does not serve (e.g. a CRD not created yet) is an answer, not a failure.
      if (error instanceof ClusterHttpError && error.status === 404) return undefined;
      throw this.wrap(error, `discovery of ${apiVersion} ${kind}`);
    }
  }

  /** Turns HTTP and transport failures into typed SyncErrors; text from the remote server is redacted first. */
  private wrap(error: unknown, action: string): SyncError {
    if (error instanceof SyncError) return error;
    if (error instanceof ClusterHttpError) {
      const detail = redactCredentials(statusMessage(error.body) ?? `HTTP ${error.status}`, this.conn);
      return httpSyncError(error.status, `${action}: ${detail}`, error.retryAfter, error);
    }
    const message = redactCredentials(error instanceof Error ? error.message : String(error), this.conn);
    return new SyncError(reasonForTransportError(error), `${action}: ${message}`, undefined, undefined, { cause: error });
  }
}

function describe(ref: { kind: string; namespace?: string; name: string }): string {
  return `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
}

function statusMessage(body: string): string | undefined {
  const message = (safeParse(body) as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' ? message.slice(0, 500) : undefined;
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
