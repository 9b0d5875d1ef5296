import http from 'node:http';
import https from 'node:https';
import type { ClusterConnection } from './cluster-connection';

export interface AgentLimits {
  /** Upper bound of concurrent connections to one API server. */
  readonly maxSockets: number;
  /** Idle keep-alive connections kept per cluster. */
  readonly maxFreeSockets: number;
}

/**
 * One keep-alive agent per cluster. TLS material lives on the agent itself, so every request
 * through it (client-node's or the version probe's) verifies the server the same way.
 */
export function createClusterAgent(conn: ClusterConnection, limits: AgentLimits): http.Agent {
  const common = { keepAlive: true, maxSockets: limits.maxSockets, maxFreeSockets: limits.maxFreeSockets };
  if (new URL(conn.server).protocol === 'http:') {
    return new http.Agent(common);
  }
  const { tls, credentials } = conn;
  return new https.Agent({
    ...common,
    ca: tls.caData,
    servername: tls.serverName,
    rejectUnauthorized: tls.insecureSkipTLSVerify !== true,
    ...(credentials.type === 'clientCertificate' && {
      cert: credentials.clientCertificateData,
      key: credentials.clientKeyData,
    }),
  });
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
  const busy = Object.values(agent.sockets).some((sockets) => (sockets?.length ?? 0) > 0);
  const destroy = (): void => {
    agent.destroy();
    onDestroyed();
  };
  if (!busy) {
    destroy();
    return;
  }
  // Real time on purpose: this bounds how long live sockets keep old credentials, whatever the hub's clock does.
  // eslint-disable-next-line no-restricted-globals
  setTimeout(destroy, graceMs).unref();
}
