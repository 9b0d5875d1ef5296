/** Transient errors are retried with backoff; terminal ones are recorded and wait for the input to change. */
export type ErrorCategory = 'transient' | 'terminal';

export type SyncErrorReason =
  | 'Timeout'
  | 'Throttled'
  | 'ServerError'
  | 'Unreachable'
  | 'Unauthorized'
  | 'Forbidden'
  | 'NotFound'
  | 'Conflict'
  | 'Invalid'
  | 'BadRequest'
  | 'UnknownKind'
  | 'Internal';

const TRANSIENT_REASONS: ReadonlySet<SyncErrorReason> = new Set(['Timeout', 'Throttled', 'ServerError', 'Unreachable']);

export class SyncError extends Error {
  override readonly name = 'SyncError';
  readonly category: ErrorCategory;

  constructor(
    readonly reason: SyncErrorReason,
    message: string,
    readonly httpStatus?: number,
    readonly retryAfterSeconds?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.category = TRANSIENT_REASONS.has(reason) ? 'transient' : 'terminal';
  }

  get retryable(): boolean {
    return this.category === 'transient';
  }

  /** What callers store and return; the cause (a raw client error with headers and body) stays out. */
  toJSON(): { reason: SyncErrorReason; category: ErrorCategory; retryable: boolean; message: string; httpStatus?: number; retryAfterSeconds?: number } {
    return {
      reason: this.reason,
      category: this.category,
      retryable: this.retryable,
      message: this.message,
      ...(this.httpStatus !== undefined && { httpStatus: this.httpStatus }),
      ...(this.retryAfterSeconds !== undefined && { retryAfterSeconds: this.retryAfterSeconds }),
    };
  }
}

/** Sorts an HTTP status from the API server. 409 is terminal: with `force=true` it is not an apply-conflict race. */
export function reasonForHttpStatus(status: number): SyncErrorReason {
  if (status === 408 || status === 504) return 'Timeout';
  if (status === 429) return 'Throttled';
  if (status >= 500) return 'ServerError';
  if (status === 401) return 'Unauthorized';
  if (status === 403) return 'Forbidden';
  if (status === 404) return 'NotFound';
  if (status === 409) return 'Conflict';
  if (status === 422) return 'Invalid';
  return 'BadRequest';
}

// Codes Node and undici/node-fetch put on transport errors: no working connection, retry later.
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNABORTED',
  'EPIPE',
  'EAI_AGAIN',
  'ENOTFOUND',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
]);
const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ESOCKETTIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT']);

/** Sorts a transport error (no HTTP response). TLS and certificate failures are terminal: retrying will not fix them. */
export function reasonForTransportError(error: unknown): SyncErrorReason {
  const seen = new Set<unknown>();
  // The useful code is often on a nested cause (fetch wraps the socket error).
  for (let current = error; current !== undefined && current !== null && !seen.has(current); current = (current as { cause?: unknown }).cause) {
    seen.add(current);
    const { code, name, type } = current as { code?: unknown; name?: unknown; type?: unknown };
    if (name === 'AbortError' || name === 'TimeoutError' || type === 'aborted') return 'Timeout';
    if (typeof code === 'string' && TIMEOUT_CODES.has(code)) return 'Timeout';
    if (typeof code === 'string' && UNREACHABLE_CODES.has(code)) return 'Unreachable';
    if (type === 'system' && typeof code !== 'string') return 'Unreachable';
  }
  return 'Internal';
}

/** Builds a SyncError for a non-2xx API response; `retryAfter` is the raw Retry-After header. */
export function httpSyncError(status: number, message: string, retryAfter?: string, cause?: unknown): SyncError {
  const seconds = retryAfter === undefined ? undefined : Number.parseInt(retryAfter, 10);
  return new SyncError(reasonForHttpStatus(status), message, status, Number.isFinite(seconds) ? seconds : undefined, { cause });
}

export function asSyncError(error: unknown): SyncError {
  if (error instanceof SyncError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new SyncError(reasonForTransportError(error), message, undefined, undefined, { cause: error });
}
