import type { ErrorCode, ErrorDetail } from './error-codes';

/** An error the API reports as is: its message is safe to show and must never carry secrets. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetail[],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export const notFound = (what: string, name: string) => new DomainError('NotFound', `${what} "${name}" not found`);
export const conflict = (message: string, details?: ErrorDetail[]) => new DomainError('Conflict', message, details);
export const validationFailed = (details: ErrorDetail[]) =>
  new DomainError('ValidationFailed', `Invalid request: ${details.map((d) => `${d.field}: ${d.reason}`).join('; ')}`, details);
