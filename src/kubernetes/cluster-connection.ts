/**
 * Everything the adapter needs to reach one cluster. Plain data, built by the caller from a
 * decrypted database record; the adapter never reads files or environment for credentials.
 */
export interface ClusterConnection {
  readonly id: string;
  /** The registered name, used only to label metrics (the id when absent). */
  readonly name?: string;
  /** API server base URL, e.g. `https://10.0.0.1:6443` or a proxy path like `https://rancher/k8s/clusters/c-1`. */
  readonly server: string;
  /** Changes whenever credentials are rotated; the client cache rebuilds on a new value. */
  readonly credentialsVersion: string;
  readonly tls: ClusterTls;
  readonly credentials: ClusterCredentials;
}

export interface ClusterTls {
  /** PEM bundle of trusted CAs; when absent the system roots are used. */
  readonly caData?: string;
  /** SNI and certificate host name when they differ from the server URL host. */
  readonly serverName?: string;
  readonly insecureSkipTLSVerify?: boolean;
}

export type ClusterCredentials = BearerTokenCredentials | ClientCertificateCredentials;

export interface BearerTokenCredentials {
  readonly type: 'bearerToken';
  readonly bearerToken: string;
}

export interface ClientCertificateCredentials {
  readonly type: 'clientCertificate';
  /** PEM */
  readonly clientCertificateData: string;
  /** PEM */
  readonly clientKeyData: string;
}

/** The connection parts a kubeconfig or a registration request provides, before an id and version exist. */
export type ClusterEndpoint = Pick<ClusterConnection, 'server' | 'tls' | 'credentials'>;

/**
 * Structural checks shared by registration and the client factory. Returns every problem found;
 * messages never include credential material.
 */
export function findEndpointProblems(endpoint: ClusterEndpoint): string[] {
  const problems: string[] = [];
  let url: URL | undefined;
  try {
    url = new URL(endpoint.server);
  } catch {
    problems.push('server is not a valid absolute URL (expected https://host:port)');
  }
  if (url !== undefined) {
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      problems.push(`server scheme must be https (got ${url.protocol.replace(/:$/, '')})`);
    }
    if (url.protocol === 'http:' && endpoint.tls.insecureSkipTLSVerify !== true) {
      problems.push('plain http servers are only allowed with insecureSkipTLSVerify');
    }
    if (url.username !== '' || url.password !== '') {
      problems.push('server URL must not contain credentials');
    }
    if (url.search !== '' || url.hash !== '') {
      problems.push('server URL must not contain a query or fragment');
    }
  }
  if (endpoint.tls.insecureSkipTLSVerify === true && endpoint.tls.caData !== undefined) {
    // kubectl refuses this combination too: a CA that is never checked gives false confidence.
    problems.push('caData and insecureSkipTLSVerify cannot be used together');
  }
  const { credentials } = endpoint;
  if (credentials.type === 'bearerToken' && !/^[\x21-\x7e]+$/.test(credentials.bearerToken)) {
    problems.push('bearer token must be non-empty printable ASCII without spaces');
  }
  return problems;
}

export class ClusterConnectionError extends Error {
  override readonly name = 'ClusterConnectionError';

  constructor(
    readonly clusterId: string,
    readonly problems: readonly string[],
  ) {
    super(`cluster ${clusterId}: ${problems.join('; ')}`);
  }
}
