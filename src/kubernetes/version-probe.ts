import type http from 'node:http';
import { boundedGet, ResponseTooLargeError } from './bounded-get';
import { authHeaders } from './cluster-http';
import type { ClusterConnection } from './cluster-connection';
import { classifyHttpStatus, classifyTransportError, failure, type ProbeFailure } from './probe-errors';

export type VersionProbeResult = { readonly ok: true; readonly serverVersion: string } | ProbeFailure;

export interface VersionProbeOptions {
  /** Hard limit for the whole call: connect, TLS, headers and body. */
  readonly timeoutMs: number;
  readonly maxResponseBytes?: number;
}

const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024;

/**
 * `GET /version` with the cluster's own authentication and agent, as every other request to it. Never throws:
 * onboarding and health checks need a reason to show, and one bad cluster must not break the caller's loop.
 *
 * The connection is closed after the answer. A check comes once a minute, after the agent has closed the previous
 * check's idle connection (30 s), so keeping it served nothing but held one TLS connection per cluster: a pass over
 * 1,000 clusters opened them all within seconds, and the memory they took stayed with the allocator once they closed
 * (`bench:app-memory`: 107 MiB more at rest per 1,000 checked clusters before, 52 MiB after; docs/benchmarks.md, sixth
 * run). The agent keeps the TLS session, so the next connection to the cluster resumes it instead of a full handshake.
 */
export async function probeVersion(
  agent: http.Agent,
  conn: ClusterConnection,
  options: VersionProbeOptions,
  /** Told the HTTP status, or `error` when no response came (metrics). */
  observe?: (code: string) => void,
): Promise<VersionProbeResult> {
  const url = versionUrl(conn.server);
  // A real-time deadline on the socket: the probe must give up on a hung server whatever the hub's clock says.
  const signal = AbortSignal.timeout(options.timeoutMs);
  const maxBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  try {
    const response = await boundedGet(url, { agent, headers: { ...authHeaders(conn), Connection: 'close' }, signal, maxBytes });
    observe?.(String(response.status));
    if (response.status < 200 || response.status >= 300) {
      return classifyHttpStatus(response.status, response.body, conn);
    }
    return readVersion(response.body);
  } catch (error) {
    observe?.('error');
    if (signal.aborted) {
      return failure('Timeout', `no answer from the API server within ${options.timeoutMs} ms`);
    }
    if (error instanceof ResponseTooLargeError) {
      return failure('HttpError', `/version response is larger than ${maxBytes} bytes`);
    }
    return classifyTransportError(error, conn);
  }
}

// Keeps any path prefix of the server URL (Rancher and other proxies serve clusters below one).
function versionUrl(server: string): URL {
  const url = new URL(server);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/version`;
  return url;
}

function readVersion(body: Buffer): VersionProbeResult {
  try {
    const gitVersion = (JSON.parse(body.toString('utf8')) as { gitVersion?: unknown }).gitVersion;
    if (typeof gitVersion === 'string' && gitVersion.length > 0) {
      return { ok: true, serverVersion: gitVersion };
    }
  } catch {
    // Falls through to the same answer as a document without gitVersion.
  }
  return failure('HttpError', '/version did not return a Kubernetes version document');
}
