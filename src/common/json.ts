/** A JSON object (not null, not an array): the one test every JSON walker in the hub shares. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
