import { Injectable } from '@nestjs/common';
import { CredentialCipher, type EncryptedSecret } from '../crypto';

/** What owns a sealed credential. The kind and the owner's id are bound into the ciphertext (associated data). */
export type SealedCredentialKind = 'cluster' | 'repository' | 'generator-plugin' | 'notification-subscription' | 'sso-login';

export interface SealedCredential {
  readonly keyId: string;
  readonly ciphertext: string;
}

/**
 * The one place credentials are sealed and opened: cluster credentials and Git repository credentials alike.
 * The associated data `<kind>:<owner id>` ties each ciphertext to its row, so a ciphertext copied into another
 * row (or another table) fails to open instead of leaking into it.
 */
@Injectable()
export class CredentialVault {
  constructor(private readonly cipher: CredentialCipher) {}

  get activeKeyId(): string {
    return this.cipher.activeKeyId;
  }

  seal(kind: SealedCredentialKind, ownerId: string, credentials: object): SealedCredential {
    return this.cipher.encrypt(credentials, associatedData(kind, ownerId));
  }

  /** The stored object; its shape is the caller's to know. Throws `CredentialDecryptError` (never the plaintext). */
  open(kind: SealedCredentialKind, ownerId: string, sealed: SealedCredential): unknown {
    return this.cipher.decryptJson(sealed, associatedData(kind, ownerId));
  }

  /** Sealed again under the active key when an older key sealed it; undefined when it is already current. */
  reseal(kind: SealedCredentialKind, ownerId: string, sealed: SealedCredential): SealedCredential | undefined {
    const secret: EncryptedSecret = sealed;
    if (!this.cipher.needsReencryption(secret)) return undefined;
    return this.cipher.reencrypt(secret, associatedData(kind, ownerId));
  }
}

// The format predates the vault (`cluster:<id>`, `repository:<id>`): rows sealed before it still open.
function associatedData(kind: SealedCredentialKind, ownerId: string): string {
  return `${kind}:${ownerId}`;
}
