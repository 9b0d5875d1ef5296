import type { ClusterConnection } from './cluster-connection';

export type ProbeFailureReason =
  | 'Unauthorized'
  | 'Forbidden'
  | 'CertificateError'
  | 'Timeout'
  | 'ConnectionRefused'
  | 'DnsError'
  | 'TLSError'
  | 'HttpError';

export interface ProbeFailure {
  readonly ok: false;
  readonly reason: ProbeFailureReason;
  readonly message: string;
}

// OpenSSL verification results as Node reports them in `error.code`.
const CERTIFICATE_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'HOSTNAME_MISMATCH',
  'INVALID_CA',
  'INVALID_PURPOSE',
  'PATH_LENGTH_EXCEEDED',
  'UNABLE_TO_DECRYPT_CERT_SIGNATURE',
  'UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY',
]);
const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME', 'EAI_NODATA']);
// The reason set is closed; resets and unreachable routes are reported with the refusals
// because, like them, they mean "no working connection to the API server".
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNABORTED', 'EPIPE']);
const MAX_MESSAGE = 300;

/** Sorts a transport error into a probe reason. `error.message` is only used after redaction. */
export function classifyTransportError(error: unknown, conn: ClusterConnection): ProbeFailure {
  const code = errorCode(error);
  const detail = redactCredentials(error instanceof Error ? error.message : String(error), conn);
  if (code === 'ETIMEDOUT') {
    return failure('Timeout', `connecting to the API server timed out (${code})`);
  }
  if (code !== undefined && (CERTIFICATE_CODES.has(code) || code.startsWith('CERT_'))) {
    return failure('CertificateError', `the API server certificate was not accepted (${code}): ${detail}`);
  }
  if (code !== undefined && DNS_CODES.has(code)) {
    return failure('DnsError', `the API server host name could not be resolved (${code})`);
  }
  if (code !== undefined && CONNECTION_CODES.has(code)) {
    return failure('ConnectionRefused', `no connection to the API server (${code})`);
  }
  if (code !== undefined && (code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_') || code === 'EPROTO')) {
    return failure('TLSError', `the TLS handshake with the API server failed (${code}): ${detail}`);
  }
  return failure('HttpError', `request to the API server failed (${code ?? 'unknown error'}): ${detail}`);
}

/** Sorts a non-2xx `/version` response. Status bodies come from a remote server and are redacted too. */
export function classifyHttpStatus(status: number, body: Buffer, conn: ClusterConnection): ProbeFailure {
  if (status === 401) {
    return failure('Unauthorized', 'the API server rejected the credentials (HTTP 401)');
  }
  if (status === 403) {
    return failure('Forbidden', 'the credentials were accepted but may not read /version (HTTP 403)');
  }
  const statusMessage = kubernetesStatusMessage(body);
  const suffix = statusMessage === undefined ? '' : `: ${redactCredentials(statusMessage, conn)}`;
  return failure('HttpError', `unexpected HTTP ${status} from /version${suffix}`);
}

export function failure(reason: ProbeFailureReason, message: string): ProbeFailure {
  return { ok: false, reason, message: truncate(message) };
}

/**
 * Removes anything that could be credential material from text that reaches users or logs.
 * Errors from TLS stacks and remote servers are not ours to trust, so the token and every line of
 * the client certificate and key are cut out, not just looked for.
 */
export function redactCredentials(text: string, conn: ClusterConnection): string {
  const { credentials } = conn;
  const secrets =
    credentials.type === 'bearerToken'
      ? [credentials.bearerToken]
      : [credentials.clientKeyData, credentials.clientCertificateData].flatMap(pemLines);
  return secrets
    .filter((secret) => secret.length >= 8)
    .reduce((result, secret) => result.split(secret).join('[redacted]'), text);
}

function pemLines(pem: string): string[] {
  return pem
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => !line.startsWith('-----'));
}

function kubernetesStatusMessage(body: Buffer): string | undefined {
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    const message = (parsed as { message?: unknown }).message;
    return typeof message === 'string' ? message : undefined;
  } catch {
    return undefined;
  }
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

// OpenSSL messages span lines and carry source paths; one line is enough for a status condition.
function truncate(text: string): string {
  const message = text.replace(/\s+/g, ' ').trim();
  return message.length <= MAX_MESSAGE ? message : `${message.slice(0, MAX_MESSAGE - 1)}…`;
}
