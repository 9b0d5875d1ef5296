import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { isPlainObject } from '../common/json';
import { boundedGet, ResponseTooLargeError } from './bounded-get';
import { authHeaders } from './cluster-http';
import type { ClusterConnection } from './cluster-connection';
import { inClusterEnabled } from './in-cluster';
import { InClusterConnection } from './in-cluster-connection';
import { KubernetesClientFactory } from './kubernetes-client.factory';
import { classifyTransportError, redactCredentials } from './probe-errors';

// A silent API server must not hold an expansion pass: real time, whatever the hub's clock does.
const READ_TIMEOUT_MS = 15_000;
// Bounds each answer (a page of decision resources, a ConfigMap) and the pages of one list.
const MAX_RESPONSE_BYTES = 8 * 1024 * 1024;
const PAGE_SIZE = 500;
const MAX_PAGES = 10;
const WHERE = "the hub's own cluster";

/** The selection the clusterDecisionResource generator asks for (the engine's `DecisionResourceQuery`). */
export interface DecisionQuery {
  group: string;
  version: string;
  resource: string;
  name?: string;
  labelSelector?: string;
}

/**
 * Reads the hub's own cluster for clusterDecisionResource generators (the engine's `ClusterDecisionSource`): one
 * ConfigMap and the decision resources of the configured namespace (ARGOCD_NAMESPACE), through the in-cluster
 * connection (service account or IN_CLUSTER_KUBECONFIG), with bounded GETs. Every rejection is an Error whose
 * message names what failed and holds no credentials.
 */
@Injectable()
export class InClusterDecisionReader {
  readonly namespace: string;

  constructor(
    private readonly inCluster: InClusterConnection,
    private readonly clients: KubernetesClientFactory,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.namespace = config.reconcile.argoNamespace;
  }

  async configMapData(name: string): Promise<Record<string, string> | undefined> {
    const what = `ConfigMap ${this.namespace}/${name}`;
    const body = await this.read(`/api/v1/namespaces/${this.namespace}/configmaps/${encodeURIComponent(name)}`, new URLSearchParams(), what, () => undefined);
    if (body === undefined) return undefined;
    const data = isPlainObject(body) && isPlainObject(body.data) ? body.data : {};
    return Object.fromEntries(Object.entries(data).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  }

  async listResources(query: DecisionQuery): Promise<Record<string, unknown>[]> {
    const type = `${query.resource} in ${query.group}/${query.version}`;
    const path = `/apis/${encodeURIComponent(query.group)}/${encodeURIComponent(query.version)}/namespaces/${this.namespace}/${encodeURIComponent(query.resource)}`;
    const notServed = () => {
      throw new Error(`${WHERE}: the API server does not serve ${type} (HTTP 404); the ConfigMap's "kind" names the resource (plural, lower case)`);
    };
    const items: Record<string, unknown>[] = [];
    let continueToken = '';
    for (let page = 0; page < MAX_PAGES; page += 1) {
      const params = new URLSearchParams({ limit: String(PAGE_SIZE) });
      if (query.name !== undefined) params.set('fieldSelector', `metadata.name=${escapeFieldValue(query.name)}`);
      else if (query.labelSelector) params.set('labelSelector', query.labelSelector);
      if (continueToken !== '') params.set('continue', continueToken);
      const body = await this.read(path, params, `list ${type}`, notServed);
      if (!isPlainObject(body) || !Array.isArray(body.items)) throw new Error(`${WHERE}: list ${type}: the answer is not a list`);
      items.push(...body.items.filter(isPlainObject));
      continueToken = isPlainObject(body.metadata) && typeof body.metadata.continue === 'string' ? body.metadata.continue : '';
      if (continueToken === '') return items;
    }
    throw new Error(`${WHERE}: list ${type}: more than ${MAX_PAGES * PAGE_SIZE} objects`);
  }

  /** One bounded GET; `onNotFound` decides what a 404 means. Other failures reject with a safe message. */
  private async read(path: string, params: URLSearchParams, what: string, onNotFound: () => undefined): Promise<unknown> {
    const connection = this.connection();
    // Keeps any path prefix of the server URL (proxies serve clusters below one).
    const url = new URL(connection.server);
    url.pathname = `${url.pathname.replace(/\/+$/, '')}${path}`;
    url.search = params.toString();
    const signal = AbortSignal.timeout(READ_TIMEOUT_MS);
    let response;
    try {
      // The same authentication and keep-alive agent as every other request to this cluster.
      response = await boundedGet(url, { agent: this.clients.agent(connection), headers: authHeaders(connection), signal, maxBytes: MAX_RESPONSE_BYTES });
    } catch (error) {
      if (signal.aborted) throw new Error(`${WHERE}: ${what}: no answer from the API server within ${READ_TIMEOUT_MS} ms`, { cause: error });
      if (error instanceof ResponseTooLargeError) throw new Error(`${WHERE}: ${what}: the answer is larger than ${MAX_RESPONSE_BYTES} bytes`, { cause: error });
      throw new Error(`${WHERE}: ${what}: ${classifyTransportError(error, connection).message}`, { cause: error });
    }
    if (response.status === 404) return onNotFound();
    if (response.status < 200 || response.status >= 300) throw new Error(`${WHERE}: ${what}: ${refusal(response.status, response.body, connection)}`);
    try {
      return JSON.parse(response.body.toString('utf8')) as unknown;
    } catch (error) {
      throw new Error(`${WHERE}: ${what}: the answer is not JSON`, { cause: error });
    }
  }

  private connection(): ClusterConnection {
    if (!inClusterEnabled(this.config)) throw new Error(`${WHERE} is not enabled (IN_CLUSTER), so clusterDecisionResource generators cannot read it`);
    let connection: ClusterConnection | undefined;
    try {
      connection = this.inCluster.connection();
    } catch (error) {
      // A kubeconfig's parse errors name fields and lines, never their values.
      const reason = error instanceof Error && error.name === 'KubeconfigError' ? error.message : 'the file cannot be read';
      throw new Error(`${WHERE}: IN_CLUSTER_KUBECONFIG cannot be used: ${reason}`, { cause: error });
    }
    if (connection === undefined) throw new Error(`${WHERE} has no credentials: no service-account token is mounted and IN_CLUSTER_KUBECONFIG is not set`);
    return connection;
  }
}

function refusal(status: number, body: Buffer, connection: ClusterConnection): string {
  if (status === 401) return 'the API server rejected the hub\'s credentials (HTTP 401)';
  let message: string | undefined;
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    if (isPlainObject(parsed) && typeof parsed.message === 'string') message = parsed.message.slice(0, 300);
  } catch {
    // A body that is not a Kubernetes Status adds nothing to the code.
  }
  return `the API server answered HTTP ${status}${message === undefined ? '' : `: ${redactCredentials(message, connection)}`}`;
}

// apimachinery's fields.EscapeValue: a name holding `,` or `=` stays one term of the field selector.
function escapeFieldValue(value: string): string {
  return value.replace(/[\\,=]/g, (char) => `\\${char}`);
}
