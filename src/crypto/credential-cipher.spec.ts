import { describe, expect, it } from 'vitest';
import { CredentialCipher, CredentialDecryptError, type EncryptedSecret } from './credential-cipher';
import { keyringOf } from './keyring';

const oldKey = { id: 'old', key: Buffer.alloc(32, 1) };
const newKey = { id: 'new', key: Buffer.alloc(32, 2) };
const token = 'eyJhbGciOiJSUzI1NiJ9.secret-token-value';

function cipherWith(...keys: { id: string; key: Buffer }[]): CredentialCipher {
  return new CredentialCipher(keyringOf(keys));
}

function tamper(secret: EncryptedSecret, part: number): EncryptedSecret {
  const parts = secret.ciphertext.split('.');
  const bytes = Buffer.from(parts[part], 'base64url');
  bytes[0] ^= 0x01;
  parts[part] = bytes.toString('base64url');
  return { ...secret, ciphertext: parts.join('.') };
}

describe('CredentialCipher', () => {
  it('round-trips a string and an object', () => {
    const cipher = cipherWith(oldKey);
    const sealedText = cipher.encrypt(token, 'cluster:1');
    const sealedObject = cipher.encrypt({ type: 'bearerToken', bearerToken: token }, 'cluster:1');
    expect(cipher.decrypt(sealedText, 'cluster:1')).toBe(token);
    expect(cipher.decryptJson(sealedObject, 'cluster:1')).toEqual({ type: 'bearerToken', bearerToken: token });
  });

  it('writes a self-describing ciphertext with a fresh IV every time', () => {
    const cipher = cipherWith(oldKey);
    const first = cipher.encrypt(token, 'cluster:1');
    const second = cipher.encrypt(token, 'cluster:1');
    expect(first.keyId).toBe('old');
    expect(first.ciphertext).toMatch(/^v1\.[\w-]{16}\.[\w-]{22}\.[\w-]+$/);
    expect(first.ciphertext).not.toBe(second.ciphertext);
    expect(first.ciphertext).not.toContain(Buffer.from(token).toString('base64url'));
  });

  const failures: {
    name: string;
    mutate: (secret: EncryptedSecret) => EncryptedSecret;
    aad?: string;
    failure: CredentialDecryptError['failure'];
  }[] = [
    { name: 'another row (wrong aad)', mutate: (s) => s, aad: 'cluster:2', failure: 'authenticationFailed' },
    { name: 'tampered data', mutate: (s) => tamper(s, 3), failure: 'authenticationFailed' },
    { name: 'tampered tag', mutate: (s) => tamper(s, 2), failure: 'authenticationFailed' },
    { name: 'tampered iv', mutate: (s) => tamper(s, 1), failure: 'authenticationFailed' },
    { name: 'unknown key id', mutate: (s) => ({ ...s, keyId: 'gone' }), failure: 'unknownKey' },
    { name: 'key id swapped to another known key', mutate: (s) => ({ ...s, keyId: 'new' }), failure: 'authenticationFailed' },
    { name: 'unknown format version', mutate: (s) => ({ ...s, ciphertext: s.ciphertext.replace(/^v1/, 'v9') }), failure: 'malformed' },
    { name: 'truncated ciphertext', mutate: (s) => ({ ...s, ciphertext: s.ciphertext.split('.').slice(0, 3).join('.') }), failure: 'malformed' },
    { name: 'short iv', mutate: (s) => ({ ...s, ciphertext: s.ciphertext.replace(/^v1\.[\w-]{4}/, 'v1.') }), failure: 'malformed' },
  ];
  it.each(failures)('refuses $name with an error that carries only the key id', ({ mutate, aad, failure }) => {
    const cipher = cipherWith(oldKey, newKey);
    const secret = mutate(cipher.encrypt(token, 'cluster:1'));
    let caught: unknown;
    try {
      cipher.decrypt(secret, aad ?? 'cluster:1');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CredentialDecryptError);
    const error = caught as CredentialDecryptError;
    expect(error.failure).toBe(failure);
    expect(error.keyId).toBe(secret.keyId);
    const serialized = `${error.message} ${JSON.stringify(error)} ${String(error.stack)}`;
    for (const secretText of [token, oldKey.key.toString('base64'), oldKey.key.toString('hex'), 'cluster:1']) {
      expect(serialized).not.toContain(secretText);
    }
  });

  it('reports non-JSON content as malformed in decryptJson', () => {
    const cipher = cipherWith(oldKey);
    expect(() => cipher.decryptJson(cipher.encrypt('not json', 'a'), 'a')).toThrow(CredentialDecryptError);
  });

  it('re-encrypts under a new active key while the old key still decrypts', () => {
    const before = cipherWith(oldKey);
    const sealed = before.encrypt(token, 'cluster:7');

    const after = cipherWith(newKey, oldKey);
    expect(after.needsReencryption(sealed)).toBe(true);
    expect(after.decrypt(sealed, 'cluster:7')).toBe(token);

    const resealed = after.reencrypt(sealed, 'cluster:7');
    expect(resealed.keyId).toBe('new');
    expect(after.needsReencryption(resealed)).toBe(false);
    expect(cipherWith(newKey).decrypt(resealed, 'cluster:7')).toBe(token);
    expect(() => before.decrypt(resealed, 'cluster:7')).toThrow(/key "new"/);
  });
});
