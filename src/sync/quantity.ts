const SUFFIX: Record<string, number> = {
  '': 1,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};
// A decimal number, then either an exponent (1e3) or a suffix (1E is exa, not an exponent).
const QUANTITY = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:[eE]([+-]?\d+)|(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei))?$/;

/** The value of a Kubernetes resource quantity (`500m`, `1Gi`, `0.5`, `1e3`), or undefined when it is not one. */
export function quantityValue(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const match = QUANTITY.exec(value.trim());
  if (match === null) return undefined;
  const [, mantissa, exponent, suffix] = match;
  return Number(mantissa) * (exponent !== undefined ? 10 ** Number(exponent) : SUFFIX[suffix ?? '']);
}

/**
 * The API server rewrites quantities into canonical form (`1000m` → `1`, `0.5` → `500m`, `1024Mi` →
 * `1Gi`), so desired and live may differ in text while meaning the same amount.
 */
export function sameQuantity(desired: unknown, live: unknown): boolean {
  const a = quantityValue(desired);
  const b = quantityValue(live);
  return a !== undefined && b !== undefined && Math.abs(a - b) <= Math.abs(a) * 1e-12;
}
