/**
 * strconv.FormatFloat for float64 with the 'e', 'f', 'g', 'b' and 'x' formats. Go rounds the exact binary
 * value half-to-even; JS's toFixed rounds ties up, so digits come from the exact decimal expansion here.
 */

/** A non-negative decimal: value = 0.digits × 10^point; digits carry no leading or trailing zeros. */
interface Decimal {
  digits: string;
  point: number;
}

/** The exact decimal expansion of |x| (finite). */
function exactDecimal(x: number): Decimal {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(x));
  const bits = view.getBigUint64(0);
  const biasedExponent = Number((bits >> 52n) & 0x7ffn);
  let mantissa = bits & 0xf_ffff_ffff_ffffn;
  if (biasedExponent !== 0) mantissa |= 1n << 52n;
  const exponent = (biasedExponent === 0 ? 1 : biasedExponent) - 1075;
  if (mantissa === 0n) return { digits: '', point: 0 };
  let text: string;
  let point: number;
  if (exponent >= 0) {
    text = (mantissa << BigInt(exponent)).toString();
    point = text.length;
  } else {
    text = (mantissa * 5n ** BigInt(-exponent)).toString();
    point = text.length + exponent;
  }
  return trim({ digits: text, point });
}

/** The shortest digits that read back as x (what Go's precision -1 uses). */
function shortestDecimal(x: number): Decimal {
  if (x === 0) return { digits: '', point: 0 };
  const [mantissa, exponent] = Math.abs(x).toExponential().split('e');
  return trim({ digits: mantissa.replace('.', ''), point: Number(exponent) + 1 });
}

function trim(d: Decimal): Decimal {
  const digits = d.digits.replace(/0+$/, '');
  return digits ? { digits, point: d.point } : { digits: '', point: 0 };
}

/** Rounds to `keep` significant digits, half to even on exact ties. */
function roundTo(d: Decimal, keep: number): Decimal {
  if (keep < 0) return { digits: '', point: 0 };
  if (keep >= d.digits.length) return d;
  const next = d.digits.charCodeAt(keep) - 48;
  const previousOdd = keep > 0 && (d.digits.charCodeAt(keep - 1) - 48) % 2 === 1;
  const up = next > 5 || (next === 5 && (keep + 1 < d.digits.length || previousOdd));
  if (!up) return trim({ digits: d.digits.slice(0, keep), point: d.point });
  const prefix = d.digits.slice(0, keep);
  if (prefix === '' || /^9*$/.test(prefix)) return { digits: '1', point: d.point + 1 };
  const rounded = (BigInt(prefix) + 1n).toString().padStart(keep, '0');
  return trim({ digits: rounded, point: d.point });
}

function digitAt(d: Decimal, i: number): string {
  return i >= 0 && i < d.digits.length ? d.digits[i] : '0';
}

function fixed(d: Decimal, decimals: number): string {
  let integer = '';
  for (let i = 0; i < Math.max(d.point, 1); i++) integer += d.point > 0 ? digitAt(d, i) : '0';
  let fraction = '';
  for (let i = 0; i < decimals; i++) fraction += digitAt(d, d.point + i);
  return decimals > 0 ? `${integer}.${fraction}` : integer;
}

function exponential(d: Decimal, decimals: number, e: string): string {
  const exp = d.digits === '' ? 0 : d.point - 1;
  let text = digitAt(d, 0);
  if (decimals > 0) {
    text += '.';
    for (let i = 1; i <= decimals; i++) text += digitAt(d, i);
  }
  const sign = exp < 0 ? '-' : '+';
  return `${text}${e}${sign}${String(Math.abs(exp)).padStart(2, '0')}`;
}

/**
 * strconv.FormatFloat(x, verb, precision, 64) for finite x, without the sign (the caller adds it);
 * precision -1 means the shortest representation.
 */
export function formatFloatDigits(x: number, verb: 'e' | 'E' | 'f' | 'F' | 'g' | 'G', precision: number): string {
  const lower = verb.toLowerCase();
  const e = verb === 'E' || verb === 'G' ? 'E' : 'e';
  const shortest = precision < 0;
  if (lower === 'f') {
    if (shortest) {
      const d = shortestDecimal(x);
      return fixed(d, Math.max(d.digits.length - d.point, 0));
    }
    const d = exactDecimal(x);
    return fixed(roundTo(d, d.point + precision), precision);
  }
  if (lower === 'e') {
    if (shortest) {
      const d = shortestDecimal(x);
      return exponential(d, Math.max(d.digits.length - 1, 0), e);
    }
    return exponential(roundTo(exactDecimal(x), precision + 1), precision, e);
  }
  // 'g': %e when the exponent is < -4 or >= the precision (6 for the shortest form), %f otherwise.
  let prec = precision === 0 ? 1 : precision;
  const d = shortest ? shortestDecimal(x) : roundTo(exactDecimal(x), prec);
  const nd = Math.max(d.digits.length, 1);
  const point = d.digits === '' ? 1 : d.point;
  if (shortest) prec = nd;
  let eprec = prec;
  if (eprec > nd && nd >= point) eprec = nd;
  if (shortest) eprec = 6;
  const exp = point - 1;
  if (exp < -4 || exp >= eprec) return exponential(d, Math.min(prec, nd) - 1, e);
  if (prec > point) prec = nd;
  return fixed(d, Math.max(prec - point, 0));
}

/** strconv 'b': decimal mantissa and binary exponent, e.g. 4503599627370496p-52. */
export function formatFloatBinary(x: number): string {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(x));
  const bits = view.getBigUint64(0);
  const biased = Number((bits >> 52n) & 0x7ffn);
  let mantissa = bits & 0xf_ffff_ffff_ffffn;
  if (biased !== 0) mantissa |= 1n << 52n;
  const exponent = (biased === 0 ? 1 : biased) - 1075;
  return `${mantissa}p${exponent >= 0 ? '+' : '-'}${Math.abs(exponent)}`;
}

/** strconv 'x' with precision -1: 0x1.8p+01 style, the shortest hex mantissa. */
export function formatFloatHex(x: number, upper: boolean): string {
  const abs = Math.abs(x);
  let exponent = 0;
  let mantissa = abs;
  if (abs !== 0) {
    exponent = Math.floor(Math.log2(abs));
    mantissa = abs / 2 ** exponent;
    if (mantissa >= 2) {
      mantissa /= 2;
      exponent++;
    } else if (mantissa < 1) {
      mantissa *= 2;
      exponent--;
    }
  }
  let fraction = '';
  let rest = mantissa - Math.floor(mantissa);
  while (rest > 0 && fraction.length < 13) {
    rest *= 16;
    const digit = Math.floor(rest);
    fraction += digit.toString(16);
    rest -= digit;
  }
  const text = `0x${Math.floor(mantissa)}${fraction ? `.${fraction}` : ''}p${exponent >= 0 ? '+' : '-'}${String(Math.abs(exponent)).padStart(2, '0')}`;
  return upper ? text.toUpperCase() : text;
}
