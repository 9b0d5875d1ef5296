import { createHash, randomBytes } from 'node:crypto';

const TOKEN_PREFIX = 'flt_';

/**
 * A token's `last_used_at` is written at most once per this long: a busy caller does not cost a write per request,
 * and the time stays accurate to the minute.
 */
export const LAST_USED_RESOLUTION_MS = 60_000;

/** 256 random bits; the prefix (`flt_` for API tokens) makes leaked tokens easy to spot in scanners and logs. */
export function generateToken(prefix = TOKEN_PREFIX): string {
  return prefix + randomBytes(32).toString('base64url');
}

/** The token of an `Authorization: Bearer <token>` header, if that is what it holds. */
export function bearerToken(header: string | undefined): string | undefined {
  return /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')?.[1];
}

/** Tokens are high-entropy, so one SHA-256 is enough (no password-style stretching needed). */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
