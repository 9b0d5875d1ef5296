import { createHash, randomBytes } from 'node:crypto';

const TOKEN_PREFIX = 'flt_';

/** 256 random bits; the prefix makes leaked tokens easy to spot in scanners and logs. */
export function generateToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

/** Tokens are high-entropy, so one SHA-256 is enough (no password-style stretching needed). */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
