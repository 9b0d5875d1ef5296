import { createHash } from 'node:crypto';
import type http from 'node:http';
import { createClusterAgent, hasRequestsInFlight, retireClusterAgent, type AgentLimits } from './cluster-agent';
import { ClusterConnectionError, findEndpointProblems, type ClusterConnection } from './cluster-connection';
import { ClusterHttp, type RequestCounter } from './cluster-http';
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
  /** Counts every request to a cluster's API server (metrics); told when a cluster's client is dropped. */
  readonly recorder?: ClusterRequestRecorder;
  /** How long a client may go without being handed out before `evictIdle` drops it (default 10 minutes). */
  readonly idleClientMs?: number;
  /** The time in milliseconds, for the idle time (default `performance.now`; the hub passes its clock's). */
  readonly now?: () => number;
}

interface ClusterClient {
  readonly fingerprint: string;
  /** The cluster's label in the request metrics. */
  readonly label: string;
  readonly agent: http.Agent;
  readonly http: ClusterHttp;
  readonly count: RequestCounter;
  /** Once the client's series are removed, a request still finishing on it must not bring them back. */
  counting: boolean;
  /** When `clientFor` last handed it out, or a request on it last ended. */
  lastUsedAt: number;
}

const DEFAULT_IDLE_CLIENT_MS = 10 * 60_000;

/**
 * The one place that turns cluster descriptors into clients (a keep-alive agent and a `ClusterHttp`). Clients are cached per
 * cluster id and rebuilt when anything that identifies the endpoint or its credentials changes,
 * so a rotation takes effect on the next call without a restart.
 *
 * A client holds the cluster's decrypted credentials, TLS context, connections and discovery cache, so it is kept
 * only while used: `evictIdle` (a process-wide periodic job, `ClusterClientSweep`) drops the ones not handed out for
 * `idleClientMs`. That is also what clears, on every replica, the clients of a cluster deleted through another one.
 */
export class KubernetesClientFactory {
  private readonly clients = new Map<string, ClusterClient>();
  /** Replaced agents whose requests are still finishing; closed for good by `close()`. */
  private readonly retiring = new Set<http.Agent>();
  private readonly limits: AgentLimits;
  private readonly retireGraceMs: number;
  private readonly requestTimeoutMs: number;
  private readonly recorder?: ClusterRequestRecorder;
  private readonly idleClientMs: number;
  private readonly now: () => number;

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
    this.idleClientMs = options.idleClientMs ?? DEFAULT_IDLE_CLIENT_MS;
    this.now = options.now ?? (() => performance.now());
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
    const { count } = client;
    return probeVersion(client.agent, conn, options, (code) => count('GET', code));
  }

  /** Drops a cluster's client and its request series, e.g. when the cluster is deleted. */
  evict(id: string): void {
    const client = this.clients.get(id);
    if (client !== undefined) this.drop(id, client, { forgetSeries: true });
  }

  /**
   * Drops every client not handed out for the idle time, with its request series; the next use builds a new one. A
   * client with a request under way stays (a long list or apply is use too). Returns how many were dropped.
   */
  evictIdle(): number {
    const unusedSince = this.now() - this.idleClientMs;
    let dropped = 0;
    for (const [id, client] of this.clients) {
      if (client.lastUsedAt > unusedSince || hasRequestsInFlight(client.agent)) continue;
      this.drop(id, client, { forgetSeries: true });
      dropped++;
    }
    return dropped;
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
      cached.lastUsedAt = this.now();
      return cached;
    }
    const problems = findEndpointProblems(conn);
    if (problems.length > 0) {
      throw new ClusterConnectionError(conn.id, problems);
    }
    const label = clusterLabelOf(conn);
    // Rotated credentials keep counting under the same label; a renamed cluster's old series go.
    if (cached !== undefined) this.drop(conn.id, cached, { forgetSeries: cached.label !== label });
    const agent = createClusterAgent(conn, this.limits);
    const recorder = this.recorder;
    // Told of every request as it ends: a caller holding the client's ClusterHttp uses it as much as one asking anew.
    const count: RequestCounter = (verb, code) => {
      client.lastUsedAt = this.now();
      if (client.counting) recorder?.clusterRequest(label, verb, code);
    };
    const client: ClusterClient = {
      fingerprint,
      label,
      agent,
      http: new ClusterHttp(conn, agent, this.requestTimeoutMs, count),
      count,
      counting: true,
      lastUsedAt: this.now(),
    };
    this.clients.set(conn.id, client);
    return client;
  }

  /** Takes a client out of the cache and retires its agent (idle connections close now, busy ones after the grace). */
  private drop(id: string, client: ClusterClient, { forgetSeries }: { forgetSeries: boolean }): void {
    this.clients.delete(id);
    this.retiring.add(client.agent);
    retireClusterAgent(client.agent, this.retireGraceMs, () => this.retiring.delete(client.agent));
    if (forgetSeries) {
      client.counting = false;
      // Another cluster may count under that name now (deleted and registered again, or a name reused after a rename).
      const labelInUse = [...this.clients.values()].some((other) => other.label === client.label);
      if (!labelInUse) this.recorder?.clusterClientDropped(client.label);
    }
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
