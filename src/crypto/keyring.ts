import { EncryptionKeyError, KEY_BYTES, parseKeyEntry, type EncryptionKey } from './encryption-key';

/** The active key encrypts; every key (active included) can decrypt. */
export interface Keyring {
  readonly active: EncryptionKey;
  readonly keys: ReadonlyMap<string, EncryptionKey>;
}

/**
 * Builds a keyring from `FLOTILLA_ENCRYPTION_KEY`-style text: `newid:newkey,oldid:oldkey` or bare keys.
 * The first entry is active; the rest only decrypt, which is how a key rotation is rolled out.
 * Every problem is reported at once, by entry position, never by content.
 */
export function buildKeyring(spec: string): Keyring {
  const entries = spec.split(',').map((entry) => entry.trim());
  const problems: string[] = [];
  const keys: EncryptionKey[] = [];
  entries.forEach((entry, index) => {
    const position = `entry ${index + 1}`;
    if (entry.length === 0) {
      problems.push(`${position} is empty`);
      return;
    }
    try {
      keys.push(parseKeyEntry(entry));
    } catch (error) {
      problems.push(`${position}: ${error instanceof EncryptionKeyError ? error.message : 'invalid key'}`);
    }
  });
  if (problems.length > 0) {
    throw new EncryptionKeyError(`invalid encryption key list: ${problems.join('; ')}`);
  }
  return keyringOf(keys);
}

/** Validates a key list (first = active) and indexes it by id. */
export function keyringOf(keys: readonly EncryptionKey[]): Keyring {
  const [active] = keys;
  if (active === undefined) {
    throw new EncryptionKeyError('keyring needs at least one key');
  }
  const byId = new Map<string, EncryptionKey>();
  const problems: string[] = [];
  for (const entry of keys) {
    if (entry.key.length !== KEY_BYTES) {
      problems.push(`key "${entry.id}" is ${entry.key.length} bytes, expected ${KEY_BYTES}`);
    }
    if (byId.has(entry.id)) {
      problems.push(`key id "${entry.id}" appears more than once`);
    }
    if ([...byId.values()].some((other) => other.key.equals(entry.key))) {
      problems.push(`key "${entry.id}" repeats the material of another key`);
    }
    byId.set(entry.id, entry);
  }
  if (problems.length > 0) {
    throw new EncryptionKeyError(`invalid keyring: ${problems.join('; ')}`);
  }
  return { active, keys: byId };
}
