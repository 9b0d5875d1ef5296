/**
 * time.Duration (int64 nanoseconds): String, ParseDuration with Go's error texts, Round and Truncate. Separate from
 * src/common/go-duration.ts, which reads manifest durations into milliseconds; templates need Go's nanoseconds,
 * its float64 rounding of fractions and its errors (mustDateModify returns them).
 */
import { timeQuote } from './layout';

export const MAX_DURATION = 2n ** 63n - 1n;
export const MIN_DURATION = -(2n ** 63n);

const NANOS: Record<string, bigint> = { ns: 1n, us: 1_000n, '\u00b5s': 1_000n, '\u03bcs': 1_000n, ms: 1_000_000n, s: 1_000_000_000n, m: 60_000_000_000n, h: 3_600_000_000_000n };
const SECOND = NANOS.s;

/** time.Duration.String: "1h2m3.5s", "1.5ms", "0s". */
export function durationString(nanos: bigint): string {
  if (nanos === 0n) return '0s';
  const sign = nanos < 0n ? '-' : '';
  const abs = nanos < 0n ? -nanos : nanos;
  const withFraction = (value: bigint, unit: bigint): string => {
    const whole = value / unit;
    const fraction = (value % unit).toString().padStart(unit.toString().length - 1, '0').replace(/0+$/, '');
    return fraction ? `${whole}.${fraction}` : `${whole}`;
  };
  if (abs < SECOND) {
    if (abs < NANOS.us) return `${sign}${abs}ns`;
    if (abs < NANOS.ms) return `${sign}${withFraction(abs, NANOS.us)}\u00b5s`;
    return `${sign}${withFraction(abs, NANOS.ms)}ms`;
  }
  const hours = abs / NANOS.h;
  const minutes = (abs % NANOS.h) / NANOS.m;
  const seconds = withFraction(abs % NANOS.m, SECOND);
  if (hours > 0n) return `${sign}${hours}h${minutes}m${seconds}s`;
  if (minutes > 0n) return `${sign}${minutes}m${seconds}s`;
  return `${sign}${seconds}s`;
}

/** Go's leadingFraction: the digits that fit in int64 (the rest only lose precision) and their scale. */
function leadingFraction(text: string): { digits: bigint; scale: number } {
  let digits = 0n;
  let scale = 1;
  for (const char of text) {
    if (digits > (2n ** 63n - 1n) / 10n) break;
    const next = digits * 10n + BigInt(char);
    if (next > 2n ** 63n) break;
    digits = next;
    scale *= 10;
  }
  return { digits, scale };
}

/** time.ParseDuration: "1h30m", "-1.5h", "300ms", or Go's error. */
export function parseDurationOrError(text: string): { nanos: bigint } | { error: string } {
  const invalid = { error: `time: invalid duration ${timeQuote(text)}` };
  let rest = text;
  const negative = rest.startsWith('-');
  if (rest.startsWith('-') || rest.startsWith('+')) rest = rest.slice(1);
  if (rest === '0') return { nanos: 0n };
  if (rest === '') return invalid;
  let total = 0n;
  while (rest !== '') {
    const number = /^(\d*)(?:\.(\d*))?/.exec(rest) as RegExpExecArray;
    const [whole, fraction] = [number[1], number[2]];
    if (whole === '' && !fraction) return invalid;
    rest = rest.slice(number[0].length);
    const unitText = /^[^.\d]*/.exec(rest)?.[0] ?? '';
    if (unitText === '') return { error: `time: missing unit in duration ${timeQuote(text)}` };
    rest = rest.slice(unitText.length);
    const unit = NANOS[unitText];
    if (unit === undefined) return { error: `time: unknown unit ${timeQuote(unitText)} in duration ${timeQuote(text)}` };
    const value = BigInt(whole || '0');
    if (value > 2n ** 63n / unit) return invalid;
    let term = value * unit;
    const { digits, scale } = leadingFraction(fraction ?? '');
    if (digits > 0n) {
      // float64 keeps fractions of an hour nanosecond-accurate, as in Go.
      term += BigInt(Math.trunc(Number(digits) * (Number(unit) / scale)));
      if (term > 2n ** 63n) return invalid;
    }
    total += term;
    if (total > 2n ** 63n) return invalid;
  }
  if (negative) return { nanos: -total };
  return total > MAX_DURATION ? invalid : { nanos: total };
}

/** ParseDuration without the error: undefined when the text is not a duration. */
export function parseDuration(text: string): bigint | undefined {
  const result = parseDurationOrError(text);
  return 'nanos' in result ? result.nanos : undefined;
}

/** 2x < y for non-negative x and y (Go's lessThanHalf). */
export const lessThanHalf = (x: bigint, y: bigint): boolean => x + x < y;

/** Duration.Round: halfway values round away from zero; saturates instead of overflowing. */
export function roundDuration(d: bigint, m: bigint): bigint {
  if (m <= 0n) return d;
  let r = d % m;
  if (d < 0n) {
    r = -r;
    if (lessThanHalf(r, m)) return d + r;
    const rounded = d - m + r;
    return rounded >= MIN_DURATION ? rounded : MIN_DURATION;
  }
  if (lessThanHalf(r, m)) return d - r;
  const rounded = d + m - r;
  return rounded <= MAX_DURATION ? rounded : MAX_DURATION;
}

/** Duration.Truncate. */
export function truncateDuration(d: bigint, m: bigint): bigint {
  return m <= 0n ? d : d - (d % m);
}
