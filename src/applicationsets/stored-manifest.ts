/**
 * A manifest exactly as it reads back from its jsonb column, which is what every later pass expands: JSON values only,
 * and each object's keys in jsonb's order.
 *
 * Why: an application's fingerprint hashes its generated JSON, whose key order follows the template's. A request
 * body expanded as given fingerprints differently from the stored manifest's expansion, so its applications would
 * never look unchanged to the next pass. Expanding this form instead makes create's check expansion the one the first
 * pass can write (see ApplicationSetReconciler: it still compares with what it read back before reusing it).
 */
export function asStoredInJsonb(manifest: unknown): unknown {
  // What JSON.stringify drops or changes (undefined, NaN, toJSON) never reaches the column: TypeORM stores its output.
  const plain: unknown = JSON.parse(JSON.stringify(manifest));
  // Parsed from text, as node-postgres reads jsonb, so integer-like keys and a "__proto__" key come out the same way.
  return JSON.parse(stringifyInJsonbKeyOrder(plain));
}

function stringifyInJsonbKeyOrder(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stringifyInJsonbKeyOrder).join(',')}]`;
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const object = value as Record<string, unknown>;
  const members = Object.keys(object)
    .sort(jsonbKeyOrder)
    .map((key) => `${JSON.stringify(key)}:${stringifyInJsonbKeyOrder(object[key])}`);
  return `{${members.join(',')}}`;
}

/** PostgreSQL's order of a jsonb object's keys: shorter first (in UTF-8 bytes), then byte by byte. */
export function jsonbKeyOrder(a: string, b: string): number {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length - right.length || Buffer.compare(left, right);
}
