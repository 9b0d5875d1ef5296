import { expand, type ExpansionContext, type ExpansionResult } from './engine';
import { secondsSince } from '../metrics/recorders';
import { asStoredInJsonb } from './stored-manifest';

/**
 * A manifest expanded before it was stored (the check for generated passwords of create, replace and an app of apps'
 * adopt), in its stored form, so that the pass that follows can write this expansion instead of making it again.
 */
export interface CheckedExpansion {
  /** The manifest as asStoredInJsonb gives it: what was expanded. */
  manifest: unknown;
  context: ExpansionContext;
  result: ExpansionResult;
  /** How long the expansion took (the expansion metric counts it for the pass that reuses it). */
  seconds: number;
}

/** Expands `body` as it will read back once stored: its applications then fingerprint as later passes' do. */
export async function expandAsStored(body: unknown, context: ExpansionContext): Promise<CheckedExpansion> {
  const manifest = asStoredInJsonb(body);
  const started = process.hrtime.bigint();
  const result = await expand(manifest, context);
  return { manifest, context, result, seconds: secondsSince(started) };
}

/**
 * The checked expansion, when the stored manifest reads back as exactly the one checked: the same JSON, key order
 * included, since fingerprints depend on it. It does not after a concurrent replace, or should asStoredInJsonb ever
 * mispredict the stored form; the pass then expands what it read, as every other pass does. A failed expansion is
 * not reused either: the pass tries again, as it always did.
 */
export function reusableFor(stored: unknown, checked: CheckedExpansion | undefined): CheckedExpansion | undefined {
  if (!checked?.result.ok) return undefined;
  return JSON.stringify(checked.manifest) === JSON.stringify(stored) ? checked : undefined;
}
