import { createHmac, timingSafeEqual } from 'node:crypto';

const PREFIX = 'whsec_';

/** Whether `secret` is a Standard Webhooks secret: `whsec_` and the base64 of at least 24 random bytes. */
export function signingSecretIssue(secret: string): string | undefined {
  if (!secret.startsWith(PREFIX)) return 'must start with "whsec_"';
  const encoded = secret.slice(PREFIX.length);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded) || encoded.length % 4 !== 0) return 'the part after "whsec_" must be base64';
  if (Buffer.from(encoded, 'base64').length < 24) return 'the key must be at least 24 bytes (192 bits)';
  return undefined;
}

/**
 * The Standard Webhooks signature: `v1,` and the base64 HMAC-SHA256 of `<id>.<timestamp>.<body>`, keyed with the
 * base64-decoded part of the secret after `whsec_`. `timestamp` is in whole seconds since the epoch.
 */
export function signWebhook(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.slice(PREFIX.length), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

/** A receiver's check: any of the space-separated `v1,` signatures matches (constant-time compare). */
export function verifyWebhook(secret: string, id: string, timestamp: number, body: string, header: string): boolean {
  const expected = Buffer.from(signWebhook(secret, id, timestamp, body));
  return header.split(' ').some((candidate) => {
    const given = Buffer.from(candidate);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}
