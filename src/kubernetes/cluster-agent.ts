import http from 'node:http';
import https from 'node:https';
import type { Duplex } from 'node:stream';
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
 * The CA and client certificate are parsed into one secure context, shared by the connections open at once. Given them
 * as options instead, Node builds a new context for every connection (parsing the PEM again): with a thousand
 * clusters reconnecting each pass after the server closed the idle connection, that was most of the hub's TLS cost
 * (`bench:tls`). The context goes with the last connection (`ClusterAgent`).
 */
export function createClusterAgent(conn: ClusterConnection, limits: AgentLimits): http.Agent {
  // Node's agent applies `timeout` to idle sockets only: it closes a free socket that saw nothing for that long, and a
  // request in flight (a slow list, a watch) is left alone.
  const common = { keepAlive: true, maxSockets: limits.maxSockets, maxFreeSockets: limits.maxFreeSockets, timeout: limits.idleSocketTimeoutMs };
  if (new URL(conn.server).protocol === 'http:') {
    return new http.Agent(common);
  }
  const options = { ...common, servername: conn.tls.serverName, rejectUnauthorized: conn.tls.insecureSkipTLSVerify !== true };
  const material = materialOf(conn);
  let context: tls.SecureContext;
  try {
    context = tls.createSecureContext(material);
  } catch {
    // Material Node cannot load (a key that does not match its certificate) is passed as plain options, so each
    // connection fails with its TLS error where connection failures are reported.
    return new https.Agent({ ...options, ...material });
  }
  return new ClusterAgent(options, material, context);
}

/**
 * An https.Agent whose secure context lives only while it has a connection open: shared by the connections open at
 * once, freed with the last one, made again for the next. A context is about 19 KB of OpenSSL memory, and most
 * registered clusters have no connection open most of the time (a check a minute closes its own; idle keep-alive
 * connections close after `idleSocketTimeoutMs`): held, they were a third of the hub's memory per cluster. The agent
 * keeps the material (and with it the decrypted client key, as the client keeps the token) and its TLS sessions, so
 * the next connection resumes the session under the new context.
 */
class ClusterAgent extends https.Agent {
  private open = 0;

  constructor(
    options: https.AgentOptions,
    private readonly material: tls.SecureContextOptions,
    // The one made to check the material, kept for the first connection: a client is made for a request.
    private context: tls.SecureContext | undefined,
  ) {
    super(options);
  }

  // Node's https agent makes the socket at once and returns it (the callback is http.Agent's, called by the agent with
  // what this returns): a socket is never still coming when this returns, so no context is freed under one.
  override createConnection(options: https.RequestOptions, callback?: (err: Error | null, stream: Duplex) => void): Duplex | null | undefined {
    this.context ??= tls.createSecureContext(this.material);
    this.open++;
    let socket: Duplex | null | undefined;
    try {
      socket = super.createConnection({ ...options, secureContext: this.context } as https.RequestOptions, callback);
    } finally {
      if (!socket) this.release();
    }
    socket?.once('close', () => this.release());
    return socket;
  }

  private release(): void {
    if (--this.open !== 0) return;
    const context = this.context;
    this.context = undefined;
    // Frees the SSL_CTX now rather than when the collector gets to its wrapper (Node does the same with the context it
    // builds for a single connection, once that connection is closed).
    (context as unknown as { context: { close(): void } } | undefined)?.context.close();
  }
}

function materialOf(conn: ClusterConnection): tls.SecureContextOptions {
  const { credentials } = conn;
  return {
    ca: conn.tls.caData,
    ...(credentials.type === 'clientCertificate' && { cert: credentials.clientCertificateData, key: credentials.clientKeyData }),
  };
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
