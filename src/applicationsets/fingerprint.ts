import { hash } from 'node:crypto';

/**
 * A hash of a manifest as the engine generated it. The engine renders templates deterministically (same
 * manifest and parameters, same output, same key order), so plain JSON serialisation is stable across
 * expansions. Only freshly generated manifests are hashed, never ones read back from jsonb (which reorders keys).
 * One-shot `hash` rather than `createHash`: the same digest, without a Hash object per application (10,000 a set).
 */
export function fingerprintOf(generated: unknown): string {
  return fingerprintOfJson(JSON.stringify(generated));
}

/** The fingerprint of a generated manifest already serialised (a new row's manifest: its JSON is written as it is). */
export function fingerprintOfJson(json: string): string {
  return hash('sha256', json, 'base64url');
}
