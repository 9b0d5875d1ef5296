import { createHash } from 'node:crypto';

/**
 * A hash of a manifest as the engine generated it. The engine renders templates deterministically (same
 * manifest and parameters, same output, same key order), so plain JSON serialisation is stable across
 * expansions. Only freshly generated manifests are hashed, never ones read back from jsonb (which reorders keys).
 */
export function fingerprintOf(generated: unknown): string {
  return createHash('sha256').update(JSON.stringify(generated)).digest('base64url');
}
