import type { ErrorCode } from './error-codes';

/** A dependency the hub cannot work without is down: the API answers 503 with Retry-After, never 500. */
export interface Outage {
  code: ErrorCode;
  message: string;
  retryAfterSeconds: number;
}

/**
 * Tells "a dependency is down" from a bug. The database layer implements it; it is declared here so the HTTP edge
 * and the scheduler, which sit below the data layer, depend only on this. Recording logs an outage once, when it
 * starts (and again when it ends), not once per request or per background pass.
 */
export abstract class OutageMonitor {
  /** The outage `error` shows, recorded; undefined when `error` is anything else. */
  abstract recordIfOutage(error: unknown): Outage | undefined;
}
