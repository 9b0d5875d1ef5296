export { CredentialCipher, CredentialDecryptError, type DecryptFailure, type EncryptedSecret } from './credential-cipher';
export { deriveKeyId, EncryptionKeyError, parseEncryptionKey, parseKeyEntry, type EncryptionKey } from './encryption-key';
export { loadOrCreateKeyFile, type LoadedKeyFile } from './key-file';
export { buildKeyring, keyringOf, type Keyring } from './keyring';
