import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Keyring } from './keyring';

/** What is stored in the database: the key id in its own column, the ciphertext self-describing. */
export interface EncryptedSecret {
  readonly keyId: string;
  readonly ciphertext: string;
}

export type DecryptFailure = 'unknownKey' | 'malformed' | 'authenticationFailed';

/** Carries only the key id and a reason: never plaintext, key material, or the associated data. */
export class CredentialDecryptError extends Error {
  override readonly name = 'CredentialDecryptError';

  constructor(
    readonly keyId: string,
    readonly failure: DecryptFailure,
  ) {
    super(`cannot decrypt credentials sealed with key "${keyId}": ${describeFailure(failure)}`);
  }
}

const FORMAT_VERSION = 'v1';
const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * AES-256-GCM for credentials at rest. The caller's `aad` (e.g. `cluster:<id>`) is authenticated with
 * the data, so a ciphertext copied into another row fails to decrypt instead of leaking into it.
 */
export class CredentialCipher {
  constructor(private readonly keyring: Keyring) {}

  get activeKeyId(): string {
    return this.keyring.active.id;
  }

  encrypt(plaintext: string | object, aad: string): EncryptedSecret {
    const { id, key } = this.keyring.active;
    const data = typeof plaintext === 'string' ? plaintext : JSON.stringify(plaintext);
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(associatedData(id, aad));
    const sealed = Buffer.concat([cipher.update(data, 'utf8'), cipher.final()]);
    const parts = [FORMAT_VERSION, iv, cipher.getAuthTag(), sealed].map((part) =>
      typeof part === 'string' ? part : part.toString('base64url'),
    );
    return { keyId: id, ciphertext: parts.join('.') };
  }

  decrypt(secret: EncryptedSecret, aad: string): string {
    const entry = this.keyring.keys.get(secret.keyId);
    if (entry === undefined) {
      throw new CredentialDecryptError(secret.keyId, 'unknownKey');
    }
    const { iv, tag, sealed } = splitCiphertext(secret);
    try {
      const decipher = createDecipheriv(ALGORITHM, entry.key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(associatedData(entry.id, aad));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(sealed), decipher.final()]).toString('utf8');
    } catch {
      // The cause is dropped on purpose: OpenSSL errors say nothing useful and must not travel with secrets.
      throw new CredentialDecryptError(secret.keyId, 'authenticationFailed');
    }
  }

  /** For values stored with `encrypt(object, aad)`; the shape is the caller's to validate. */
  decryptJson(secret: EncryptedSecret, aad: string): unknown {
    const text = this.decrypt(secret, aad);
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new CredentialDecryptError(secret.keyId, 'malformed');
    }
  }

  /** True when the secret should be re-encrypted because it was sealed with a decrypt-only key. */
  needsReencryption(secret: EncryptedSecret): boolean {
    return secret.keyId !== this.keyring.active.id;
  }

  /** Opens a secret with whichever key sealed it and seals it again with the active key. */
  reencrypt(secret: EncryptedSecret, aad: string): EncryptedSecret {
    return this.encrypt(this.decrypt(secret, aad), aad);
  }
}

// The key id and format version are authenticated too, so neither can be swapped independently.
function associatedData(keyId: string, aad: string): Buffer {
  return Buffer.from(`flotilla/${FORMAT_VERSION}/${keyId}/${aad}`, 'utf8');
}

function splitCiphertext(secret: EncryptedSecret): { iv: Buffer; tag: Buffer; sealed: Buffer } {
  const parts = secret.ciphertext.split('.');
  if (parts.length !== 4 || parts[0] !== FORMAT_VERSION) {
    throw new CredentialDecryptError(secret.keyId, 'malformed');
  }
  const [iv, tag, sealed] = parts.slice(1).map((part) => Buffer.from(part, 'base64url'));
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
    throw new CredentialDecryptError(secret.keyId, 'malformed');
  }
  return { iv, tag, sealed };
}

function describeFailure(failure: DecryptFailure): string {
  switch (failure) {
    case 'unknownKey':
      return 'no such key in the keyring (was a retired key removed too early?)';
    case 'malformed':
      return 'ciphertext is not in a known format';
    case 'authenticationFailed':
      return 'authentication failed (wrong key, tampered data, or data from another record)';
  }
}
