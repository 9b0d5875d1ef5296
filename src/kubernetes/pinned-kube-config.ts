import type http from 'node:http';
import { createConfiguration, KubeConfig, ServerConfiguration, type ApiConstructor, type ApiType, type RequestContext } from '@kubernetes/client-node';
import type { ClusterRequestRecorder } from '../metrics/recorders';
import type { ClusterConnection } from './cluster-connection';
import { clusterHttpLibrary } from './cluster-http-library';

/**
 * A KubeConfig built in memory from a connection descriptor (no kubeconfig file ever touches disk)
 * whose requests all go through the cluster's shared keep-alive agent. client-node would otherwise
 * create a new agent, and so a new TLS handshake, for every request.
 */
export class PinnedKubeConfig extends KubeConfig {
  constructor(
    conn: ClusterConnection,
    private readonly agent: http.Agent,
    private readonly requestTimeoutMs: number,
    private readonly recorder?: ClusterRequestRecorder,
  ) {
    super();
    this.loadFromOptions(kubeConfigOptions(conn));
    this.clusterLabel = clusterLabelOf(conn);
  }

  private readonly clusterLabel: string;

  // The parent's client, with the HTTP library that counts each request and resends one reset on a stale connection.
  override makeApiClient<T extends ApiType>(apiClientType: ApiConstructor<T>): T {
    const server = this.getCurrentCluster()!.server;
    return new apiClientType(
      createConfiguration({ baseServer: new ServerConfiguration(server, {}), authMethods: { default: this }, httpApi: clusterHttpLibrary(this.clusterLabel, this.recorder) }),
    );
  }

  // client-node calls this before every API request. The parent builds a throw-away agent from the
  // same options; replacing it with the shared one is what enables keep-alive.
  override async applySecurityAuthentication(context: RequestContext): Promise<void> {
    await super.applySecurityAuthentication(context);
    context.setAgent(this.agent);
    // client-node has no request timeout of its own: without one, a silent cluster holds a caller forever.
    if (context.getSignal() === undefined) {
      context.setSignal(AbortSignal.timeout(this.requestTimeoutMs));
    }
  }
}

/** The cluster's registered name when the caller gave one (bounded by the fleet), else its id. */
export function clusterLabelOf(conn: ClusterConnection): string {
  return conn.name ?? conn.id;
}

const CLUSTER = 'cluster';
const USER = 'user';
const CONTEXT = 'context';

// client-node expects the *Data fields base64-encoded, as in a kubeconfig file; the descriptor holds PEM.
function kubeConfigOptions(conn: ClusterConnection): object {
  const { tls, credentials } = conn;
  const user =
    credentials.type === 'bearerToken'
      ? { name: USER, token: credentials.bearerToken }
      : { name: USER, certData: base64(credentials.clientCertificateData), keyData: base64(credentials.clientKeyData) };
  return {
    clusters: [
      {
        name: CLUSTER,
        server: conn.server,
        skipTLSVerify: tls.insecureSkipTLSVerify === true,
        ...(tls.caData !== undefined && { caData: base64(tls.caData) }),
        ...(tls.serverName !== undefined && { tlsServerName: tls.serverName }),
      },
    ],
    users: [user],
    contexts: [{ name: CONTEXT, cluster: CLUSTER, user: USER }],
    currentContext: CONTEXT,
  };
}

function base64(pem: string): string {
  return Buffer.from(pem, 'utf8').toString('base64');
}
