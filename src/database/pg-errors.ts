import { QueryFailedError } from 'typeorm';

/** PostgreSQL's unique_violation; `constraint` names the index that refused the row. */
export function uniqueViolation(error: unknown): { constraint?: string } | undefined {
  if (!(error instanceof QueryFailedError)) return undefined;
  const driverError = error.driverError as { code?: string; constraint?: string };
  return driverError.code === '23505' ? { constraint: driverError.constraint } : undefined;
}
