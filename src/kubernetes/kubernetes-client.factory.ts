import { createHash } from 'node:crypto';
import type http from 'node:http';
import { createClusterAgent, retireClusterAgent, type AgentLimits } from './cluster-agent';
import { ClusterConnectionError, findEndpointProblems, type ClusterConnection } from './cluster-connection';
import { ClusterHttp } from './cluster-http';
import type { ClusterRequestRecorder } from '../metrics/recorders';
import { failure } from './probe-errors';
import { probeVersion, type VersionProbeOptions, type VersionProbeResult } from './version-probe';

export interface KubernetesClientFactoryOptions {
  /** Concurrent connections per cluster (default 8). */
  readonly maxSocketsPerCluster?: number;
  /** Idle keep-alive connections kept per cluster (default: as many as may be open, `maxSocketsPerCluster`). */
  readonly maxFreeSocketsPerCluster?: number;
  /** How long an idle keep-alive connection to a cluster stays open (default 30 s). */
  readonly idleSocketTimeoutMs?: number;
  /** How long requests in flight may keep using replaced credentials (default 30 s). */
  readonly retireGraceMs?: number;
  /** Hard limit for each API request, resend included (default 30 s). */
  readonly requestTimeoutMs?: number;
  /** Counts every request to a cluster's API server (metrics). */
  readonly recorder?: ClusterRequestRecorder;
}

interface ClusterClient {
  readonly fingerprint: string;
  readonly agent: http.Agent;
  readonly http: ClusterHttp;
}

/**
 * The one place that turns cluster descriptors into clients (a keep-alive agent and a `ClusterHttp`). Clients are cached per
 * cluster id and rebuilt when anything that identifies the endpoint or its credentials changes,
 * so a rotation takes effect on the next call without a restart.
 */
export class KubernetesClientFactory {
  private readonly clients = new Map<string, ClusterClient>();
  /** Replaced agents whose requests are still finishing; closed for good by `close()`. */
  private readonly retiring = new Set<http.Agent>();
  private readonly limits: AgentLimits;
  private readonly retireGraceMs: number;
  private readonly requestTimeoutMs: number;
  private readonly recorder?: ClusterRequestRecorder;

  constructor(options: KubernetesClientFactoryOptions = {}) {
    const maxSockets = options.maxSocketsPerCluster ?? 8;
    // A reconcile talks to a cluster in bursts (its kinds listed together, then a wave's objects applied together).
    // Every connection of a burst is kept for the next one: with fewer kept than opened, each burst closed the rest
    // and opened them again, and the TLS handshakes cost the hub (and the cluster) several times the requests
    // themselves (`bench:fleet`). Idle connections close after `idleSocketTimeoutMs`, so a hub at rest holds none
    // longer than that, whatever the clusters' own idle timeouts; client-go keeps its idle connections 90 s.
    this.limits = {
      maxSockets,
      maxFreeSockets: options.maxFreeSocketsPerCluster ?? maxSockets,
      idleSocketTimeoutMs: options.idleSocketTimeoutMs ?? 30_000,
    };
    this.retireGraceMs = options.retireGraceMs ?? 30_000;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
    this.recorder = options.recorder;
  }

  /** The cluster's API as plain JSON over its agent (see `ClusterHttp`). */
  clusterHttp(conn: ClusterConnection): ClusterHttp {
    return this.clientFor(conn).http;
  }

  /** The cluster's shared keep-alive agent, for a caller that reads with its own bounds (`boundedGet`). */
  agent(conn: ClusterConnection): http.Agent {
    return this.clientFor(conn).agent;
  }

  async probeVersion(conn: ClusterConnection, options: VersionProbeOptions): Promise<VersionProbeResult> {
    let client: ClusterClient;
    try {
      client = this.clientFor(conn);
    } catch (error) {
      if (error instanceof ClusterConnectionError) {
        return failure('HttpError', `invalid cluster connection: ${error.problems.join('; ')}`);
      }
      throw error;
    }
    const recorder = this.recorder;
    const label = clusterLabelOf(conn);
    return probeVersion(client.agent, conn, options, recorder && ((code) => recorder.clusterRequest(label, 'GET', code)));
  }

  /** Drops a cluster's client, e.g. when the cluster is deleted. */
  evict(id: string): void {
    const client = this.clients.get(id);
    if (client !== undefined) {
      this.clients.delete(id);
      this.retiring.add(client.agent);
      retireClusterAgent(client.agent, this.retireGraceMs, () => this.retiring.delete(client.agent));
    }
  }

  /** Closes every connection at once; for shutdown. */
  close(): void {
    for (const agent of [...this.retiring, ...[...this.clients.values()].map((client) => client.agent)]) {
      agent.destroy();
    }
    this.retiring.clear();
    this.clients.clear();
  }

  onModuleDestroy(): void {
    this.close();
  }

  private clientFor(conn: ClusterConnection): ClusterClient {
    const fingerprint = fingerprintOf(conn);
    const cached = this.clients.get(conn.id);
    if (cached?.fingerprint === fingerprint) {
      return cached;
    }
    const problems = findEndpointProblems(conn);
    if (problems.length > 0) {
      throw new ClusterConnectionError(conn.id, problems);
    }
    this.evict(conn.id);
    const agent = createClusterAgent(conn, this.limits);
    const client: ClusterClient = { fingerprint, agent, http: new ClusterHttp(conn, agent, this.requestTimeoutMs, clusterLabelOf(conn), this.recorder) };
    this.clients.set(conn.id, client);
    return client;
  }
}

// credentialsVersion is the intended signal, but hashing the credentials too means a caller that
// forgets to bump it still never keeps talking with stale credentials. Only the digest is kept.
function fingerprintOf(conn: ClusterConnection): string {
  const { server, credentialsVersion, tls, credentials, name } = conn;
  const secret =
    credentials.type === 'bearerToken'
      ? [credentials.type, credentials.bearerToken]
      : [credentials.type, credentials.clientCertificateData, credentials.clientKeyData];
  // The name labels the client's metrics: a renamed cluster gets a client under its new name.
  const identity = [server, credentialsVersion, tls.caData, tls.serverName, tls.insecureSkipTLSVerify === true, secret, name];
  return createHash('sha256').update(JSON.stringify(identity)).digest('hex');
}

/** The cluster's registered name when the caller gave one (bounded by the fleet), else its id: the metrics' label. */
function clusterLabelOf(conn: ClusterConnection): string {
  return conn.name ?? conn.id;
}
