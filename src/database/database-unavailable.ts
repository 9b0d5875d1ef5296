import { QueryFailedError } from 'typeorm';

/** SQLSTATEs that mean no session can be had, whatever was asked: class 08 (connection) plus these. */
const UNAVAILABLE_STATES = new Set([
  '57P01', // admin_shutdown: the backend was terminated
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: starting up, shutting down, recovering
  '53300', // too_many_connections
]);
/**
 * Only when opening a connection: `database "x" is not currently accepting connections` (55000) and a missing
 * database (3D000). Raised by a running query, 55000 is "object not in prerequisite state", a bug.
 */
const CONNECT_STATES = new Set(['55000', '3D000']);
/** The socket could not be opened or was lost. */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
/** What pg and pg-pool say, without a code, when a connection is lost or cannot be had in time. */
const CONNECTION_MESSAGES = new Set([
  'Connection terminated unexpectedly',
  'Connection terminated due to connection timeout',
  'timeout exceeded when trying to connect',
  'Query read timeout',
]);

/**
 * Whether `error` says the database cannot be reached (an outage, answered with 503 and retried later) rather than
 * that a query was wrong. TypeORM wraps errors of running queries in QueryFailedError but passes connect-time
 * errors on raw (pg's DatabaseError or a Node socket error), so both shapes are read, along their causes.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (error instanceof QueryFailedError) return isUnavailable(error.driverError, false);
  return isUnavailable(error, true);
}

function isUnavailable(error: unknown, connecting: boolean, hops = 0): boolean {
  if (!(error instanceof Error) || hops > 4) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (code.startsWith('08') || UNAVAILABLE_STATES.has(code) || SOCKET_CODES.has(code)) return true;
    if (connecting && CONNECT_STATES.has(code)) return true;
  }
  if (CONNECTION_MESSAGES.has(error.message)) return true;
  // Node reports a refused connection to every address of a host as one AggregateError.
  const causes = error instanceof AggregateError ? (error.errors as unknown[]) : [error.cause];
  return causes.some((cause) => isUnavailable(cause, connecting, hops + 1));
}

/** A short, credential-free account of why the database is unavailable, for the one log line of an outage. */
export function unavailabilityReason(error: unknown): string {
  const driverError = error instanceof QueryFailedError ? (error.driverError as Error) : error;
  if (!(driverError instanceof Error)) return 'unknown error';
  const code = (driverError as { code?: unknown }).code;
  // An AggregateError (every address refused) has no message of its own.
  const message = driverError.message || 'connection failed';
  return typeof code === 'string' ? `${code}: ${message}` : message;
}
