import { ApiException, HttpMethod, KubernetesObjectApi, PatchStrategy, type KubeConfig, type KubernetesObject, type ResponseContext } from '@kubernetes/client-node';
import type { ClusterConnection } from './cluster-connection';
import type { KubernetesClientFactory } from './kubernetes-client.factory';
import { redactCredentials } from './probe-errors';
import type { ClusterApi, DeleteOptions, ObjectRef } from '../sync/cluster-api';
import { FIELD_MANAGER } from '../sync/diff';
import { httpSyncError, reasonForTransportError, SyncError } from '../sync/errors';
import type { KubeObject } from '../sync/types';

const PAGE_SIZE = 500;
// Bounds what one list may pull into memory (40 × 500 objects of one kind for one application).
const MAX_PAGES = 40;

/**
 * client-node's object API, moving objects as the plain JSON the server speaks. Its own `patch` and response
 * handling convert kinds it has a model for (CustomResourceDefinition, Deployment, …) through those typed
 * models, which renames or drops every key the model spells differently or does not know — a CRD schema's
 * `x-kubernetes-preserve-unknown-fields`, `default` and `enum`, or a field newer than the client — and turns
 * timestamps into Dates. A CRD applied that way reached the cluster without those keys and never read as in sync.
 */
class SyncObjectApi extends KubernetesObjectApi {
  /** Exposes client-node's cached discovery lookup, which it keeps protected. */
  lookupResource(apiVersion: string, kind: string): ReturnType<KubernetesObjectApi['resource']> {
    return this.resource(apiVersion, kind);
  }

  /** Server-side apply (forced, as Argo CD's) with the object sent exactly as given. */
  async applyAsIs(obj: KubernetesObject, dryRun: boolean): Promise<KubernetesObject> {
    const request = this.configuration.baseServer.makeRequestContext(await this.specUriPath(obj, 'patch'), HttpMethod.PATCH);
    request.setHeaderParam('Accept', 'application/json');
    request.setHeaderParam('Content-Type', PatchStrategy.ServerSideApply);
    if (dryRun) request.setQueryParam('dryRun', 'All');
    request.setQueryParam('fieldManager', FIELD_MANAGER);
    request.setQueryParam('force', 'true');
    request.setBody(JSON.stringify(obj));
    return this.requestPromise(request);
  }

  /** Objects come back as plain JSON; only discovery, which names its type, keeps client-node's typed decoding. */
  protected override async processResponse<T extends KubernetesObject>(response: ResponseContext, type?: string): Promise<T> {
    const succeeded = response.httpStatusCode >= 200 && response.httpStatusCode <= 299;
    if (type !== undefined || !succeeded) return super.processResponse<T>(response, type);
    return JSON.parse(await response.body.text()) as T;
  }
}

/**
 * Hands out `ClusterApi`s over client-node, built on the shared `KubernetesClientFactory` (one
 * keep-alive agent and request timeout per cluster). Discovery results are cached per KubeConfig,
 * so they are dropped with it when the cluster's credentials or endpoint change.
 */
export class ClientNodeClusterApis {
  private readonly apis = new WeakMap<KubeConfig, SyncObjectApi>();

  constructor(private readonly factory: KubernetesClientFactory) {}

  for(conn: ClusterConnection): ClusterApi {
    const kubeConfig = this.factory.kubeConfig(conn);
    let api = this.apis.get(kubeConfig);
    if (api === undefined) {
      api = kubeConfig.makeApiClient(SyncObjectApi);
      this.apis.set(kubeConfig, api);
    }
    return new ClientNodeClusterApi(api, conn);
  }
}

class ClientNodeClusterApi implements ClusterApi {
  constructor(
    private readonly api: SyncObjectApi,
    private readonly conn: ClusterConnection,
  ) {}

  async isNamespaced(apiVersion: string, kind: string): Promise<boolean | undefined> {
    try {
      return (await this.api.lookupResource(apiVersion, kind))?.namespaced;
    } catch (error) {
      // A group/version the server does not serve (e.g. a CRD not created yet) is an answer, not a failure.
      if (error instanceof ApiException && error.code === 404) return undefined;
      throw this.wrap(error, `discovery of ${apiVersion} ${kind}`);
    }
  }

  async get(ref: ObjectRef): Promise<KubeObject | undefined> {
    try {
      return asKubeObject(await this.api.read(header(ref)));
    } catch (error) {
      if (error instanceof ApiException && error.code === 404) return undefined;
      throw this.wrap(error, `get ${describe(ref)}`);
    }
  }

  async list(apiVersion: string, kind: string, labelSelector: string): Promise<KubeObject[]> {
    if ((await this.isNamespaced(apiVersion, kind)) === undefined) return [];
    const items: KubeObject[] = [];
    let continueToken: string | undefined;
    for (let page = 0; page < MAX_PAGES; page += 1) {
      try {
        const result = await this.api.list(apiVersion, kind, undefined, undefined, undefined, undefined, undefined, labelSelector, PAGE_SIZE, continueToken);
        // Lists leave apiVersion and kind off their items; the engine needs them to key objects.
        items.push(...result.items.map((item) => asKubeObject({ ...item, apiVersion, kind })));
        // Plain JSON (see SyncObjectApi): the token is `continue`, not client-node's typed `_continue`.
        continueToken = (result.metadata as { continue?: string } | undefined)?.continue;
      } catch (error) {
        throw this.wrap(error, `list ${apiVersion} ${kind}`);
      }
      if (continueToken === undefined || continueToken === '') return items;
    }
    throw new SyncError('Internal', `list ${apiVersion} ${kind}: more than ${MAX_PAGES * PAGE_SIZE} objects`);
  }

  async apply(obj: KubeObject, options: { readonly dryRun: boolean }): Promise<KubeObject> {
    try {
      return asKubeObject(await this.api.applyAsIs(obj as KubernetesObject, options.dryRun));
    } catch (error) {
      throw this.wrap(error, `apply ${describe({ ...obj, ...obj.metadata })}`);
    }
  }

  async delete(ref: ObjectRef, options: DeleteOptions): Promise<void> {
    const body = options.uid === undefined ? undefined : { preconditions: { uid: options.uid } };
    try {
      await this.api.delete(header(ref) as KubernetesObject, undefined, options.dryRun ? 'All' : undefined, undefined, undefined, options.propagationPolicy, body);
    } catch (error) {
      if (error instanceof ApiException && error.code === 404) return;
      throw this.wrap(error, `delete ${describe(ref)}`);
    }
  }

  /** Turns client-node's errors into typed SyncErrors; text from the remote server is redacted first. */
  private wrap(error: unknown, action: string): SyncError {
    if (error instanceof SyncError) return error;
    if (error instanceof ApiException) {
      const detail = redactCredentials(statusMessage(error.body) ?? `HTTP ${error.code}`, this.conn);
      return httpSyncError(error.code, `${action}: ${detail}`, headerValue(error.headers, 'retry-after'), error);
    }
    const message = redactCredentials(error instanceof Error ? error.message : String(error), this.conn);
    if (message.includes('Unrecognized API version and kind')) {
      return new SyncError('UnknownKind', `${action}: the cluster does not serve this kind`, undefined, undefined, { cause: error });
    }
    return new SyncError(reasonForTransportError(error), `${action}: ${message}`, undefined, undefined, { cause: error });
  }
}

function header(ref: ObjectRef): { apiVersion: string; kind: string; metadata: { name: string; namespace?: string } } {
  return {
    apiVersion: ref.apiVersion,
    kind: ref.kind,
    metadata: { name: ref.name, ...(ref.namespace !== undefined && ref.namespace !== '' && { namespace: ref.namespace }) },
  };
}

function describe(ref: { kind: string; namespace?: string; name: string }): string {
  return `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
}

function asKubeObject(obj: KubernetesObject): KubeObject {
  return obj as unknown as KubeObject;
}

function statusMessage(body: unknown): string | undefined {
  const parsed: unknown = typeof body === 'string' ? safeParse(body) : body;
  const message = (parsed as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' ? message.slice(0, 500) : undefined;
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function headerValue(headers: Record<string, string> | undefined, name: string): string | undefined {
  if (headers === undefined) return undefined;
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : headers[key];
}
