import http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';
import type { ClusterConnection } from './cluster-connection';

export interface AgentLimits {
  /** Upper bound of concurrent connections to one API server. */
  readonly maxSockets: number;
  /** Idle keep-alive connections kept per cluster. */
  readonly maxFreeSockets: number;
  /** How long an idle keep-alive connection is kept before it is closed. */
  readonly idleSocketTimeoutMs: number;
}

/**
 * One keep-alive agent per cluster. TLS material lives on the agent itself, so every request
 * through it (API calls and the version probe) verifies the server the same way.
 *
 * The CA and client certificate are parsed once, into one secure context. Given them as options instead, Node
 * builds a new context for every connection (parsing the PEM again): with a thousand clusters reconnecting each
 * pass after the server closed the idle connection, that was most of the hub's TLS cost (`bench:tls`).
 */
export function createClusterAgent(conn: ClusterConnection, limits: AgentLimits): http.Agent {
  // Node's agent applies `timeout` to idle sockets only: it closes a free socket that saw nothing for that long, and a
  // request in flight (a slow list, a watch) is left alone.
  const common = { keepAlive: true, maxSockets: limits.maxSockets, maxFreeSockets: limits.maxFreeSockets, timeout: limits.idleSocketTimeoutMs };
  if (new URL(conn.server).protocol === 'http:') {
    return new http.Agent(common);
  }
  return new https.Agent({
    ...common,
    ...tlsMaterialOf(conn),
    servername: conn.tls.serverName,
    rejectUnauthorized: conn.tls.insecureSkipTLSVerify !== true,
  });
}

/**
 * The cluster's CA (the system's when none is given) and, for certificate users, the client certificate and key,
 * as one secure context. Material Node cannot load (a key that does not match its certificate) is passed as plain
 * options instead, so each connection fails with its TLS error where connection failures are reported.
 */
function tlsMaterialOf(conn: ClusterConnection): https.AgentOptions {
  const { credentials } = conn;
  const material = {
    ca: conn.tls.caData,
    ...(credentials.type === 'clientCertificate' && { cert: credentials.clientCertificateData, key: credentials.clientKeyData }),
  };
  try {
    return { secureContext: tls.createSecureContext(material) };
  } catch {
    return material;
  }
}

/**
 * Takes an agent out of service after a credential or endpoint change. Idle connections close now;
 * requests in flight finish on their connection, which is then closed instead of reused; long
 * streams (watches) are cut after `graceMs` so old credentials do not live on indefinitely.
 */
export function retireClusterAgent(agent: http.Agent, graceMs: number, onDestroyed: () => void): void {
  agent.keepSocketAlive = () => false;
  for (const sockets of Object.values(agent.freeSockets)) {
    sockets?.forEach((socket) => socket.destroy());
  }
  const destroy = (): void => {
    agent.destroy();
    onDestroyed();
  };
  if (!hasRequestsInFlight(agent)) {
    destroy();
    return;
  }
  // Real time on purpose: this bounds how long live sockets keep old credentials, whatever the hub's clock does.
  // eslint-disable-next-line no-restricted-globals
  setTimeout(destroy, graceMs).unref();
}

/** Whether a request is under way on the agent (a socket in use: free keep-alive sockets are kept elsewhere). */
export function hasRequestsInFlight(agent: http.Agent): boolean {
  return Object.values(agent.sockets).some((sockets) => (sockets?.length ?? 0) > 0);
}
