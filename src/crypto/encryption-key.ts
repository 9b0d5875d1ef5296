import { createHash } from 'node:crypto';

/** One AES-256 key and the id stored next to every ciphertext it produced. */
export interface EncryptionKey {
  readonly id: string;
  readonly key: Buffer;
}

export const KEY_BYTES = 32;

const KEY_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
const HEX_KEY_PATTERN = /^[0-9a-fA-F]{64}$/;
const BASE64_PATTERN = /^[A-Za-z0-9+/_-]+={0,2}$/;

/** Raised for malformed key material; the message never repeats the input, which may be a real key. */
export class EncryptionKeyError extends Error {
  override readonly name = 'EncryptionKeyError';
}

/** Accepts 64 hex characters or base64/base64url that decodes to exactly 32 bytes. */
export function parseEncryptionKey(text: string): Buffer {
  const trimmed = text.trim();
  if (trimmed.length === 0) {
    throw new EncryptionKeyError('encryption key is empty');
  }
  if (HEX_KEY_PATTERN.test(trimmed)) {
    return Buffer.from(trimmed, 'hex');
  }
  if (!BASE64_PATTERN.test(trimmed)) {
    throw new EncryptionKeyError('encryption key must be 64 hex characters or base64 of 32 bytes');
  }
  const decoded = Buffer.from(trimmed, 'base64');
  if (decoded.length !== KEY_BYTES) {
    throw new EncryptionKeyError(
      `encryption key decodes to ${decoded.length} bytes; AES-256 needs exactly ${KEY_BYTES}`,
    );
  }
  // Node's base64 decoder skips invalid characters silently; a round trip proves every character counted.
  const canonical = trimmed.replace(/=+$/, '').replace(/-/g, '+').replace(/_/g, '/');
  if (decoded.toString('base64').replace(/=+$/, '') !== canonical) {
    throw new EncryptionKeyError('encryption key is not canonical base64');
  }
  return decoded;
}

/** A short public fingerprint of the key, so a key id can be derived without being configured. */
export function deriveKeyId(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

/** Parses `key` or `id:key`; base64 and hex never contain ':', so the first colon separates the id. */
export function parseKeyEntry(entry: string): EncryptionKey {
  const trimmed = entry.trim();
  const colon = trimmed.indexOf(':');
  const key = parseEncryptionKey(colon === -1 ? trimmed : trimmed.slice(colon + 1));
  if (colon === -1) {
    return { id: deriveKeyId(key), key };
  }
  const id = trimmed.slice(0, colon).trim();
  if (!KEY_ID_PATTERN.test(id)) {
    throw new EncryptionKeyError('key id must be 1-64 characters of letters, digits, "_" or "-"');
  }
  return { id, key };
}
