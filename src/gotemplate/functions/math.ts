import { randomInt } from 'node:crypto';
import { formatValue, type GoValue } from '../value';
import { buildFunctions, castFloat64, castInt64, checkGeneratedSize, fail, floatArg, intArg, stringArg, wrapInt64 } from './args';

/**
 * sprig's math. Integer functions convert every operand with spf13/cast (`add "1" 2.9` is 3: strings parse, floats
 * truncate, unconvertible values count as 0) and return int64 (bigint). The `f` variants return float64 (number);
 * sprig computes them with shopspring/decimal, so 0.1 + 0.2 gives 0.3, not 0.30000000000000004.
 */

function divide(a: bigint, b: bigint, operation: 'div' | 'mod'): bigint {
  if (b === 0n) fail('runtime error: integer divide by zero');
  return wrapInt64(operation === 'div' ? a / b : a % b);
}

const DIVISION_PRECISION = 16;

/** Decimal arithmetic for the float variants: exact on the operands' shortest decimal forms, then back to float64. */
function decimalOp(values: GoValue[], op: '+' | '-' | '*' | '/'): number {
  const numbers = values.map(castFloat64);
  if (numbers.some((n) => !Number.isFinite(n))) fail('decimal: cannot represent a non-finite number');
  const scaleOf = (n: number): number => {
    const [mantissa, exponent] = n.toExponential().split('e');
    const decimals = (mantissa.split('.')[1] ?? '').length - Number(exponent);
    return Math.max(0, decimals);
  };
  const toScaled = (n: number, scale: number): bigint => {
    const [mantissa, exponent] = n.toExponential().split('e');
    const digits = BigInt(mantissa.replace('.', '').replace('-', ''));
    const shift = scale - ((mantissa.split('.')[1] ?? '').length - Number(exponent));
    return (n < 0 ? -1n : 1n) * digits * 10n ** BigInt(shift);
  };
  let [value, scale] = [toScaled(numbers[0], scaleOf(numbers[0])), scaleOf(numbers[0])];
  for (const operand of numbers.slice(1)) {
    const operandScale = scaleOf(operand);
    if (op === '/') {
      // decimal.Div: 16 fractional digits, rounded half away from zero.
      if (operand === 0) fail('decimal division by zero');
      const numerator = value * 10n ** BigInt(operandScale + DIVISION_PRECISION);
      const denominator = toScaled(operand, operandScale) * 10n ** BigInt(scale);
      let quotient = numerator / denominator;
      const remainder = numerator % denominator;
      const abs = (x: bigint) => (x < 0n ? -x : x);
      if (2n * abs(remainder) >= abs(denominator)) quotient += (numerator < 0n) !== (denominator < 0n) ? -1n : 1n;
      [value, scale] = [quotient, DIVISION_PRECISION];
      continue;
    }
    if (op === '*') {
      value *= toScaled(operand, operandScale);
      scale += operandScale;
      continue;
    }
    const common = Math.max(scale, operandScale);
    const left = value * 10n ** BigInt(common - scale);
    const right = toScaled(operand, common);
    value = op === '+' ? left + right : left - right;
    scale = common;
  }
  return Number(`${value}e-${scale}`);
}

/** sprig round: half-up at `roundOn` (default .5) after scaling by 10^places. */
function round(value: GoValue, places: number, roundOn = 0.5): number {
  const pow = 10 ** places;
  const digit = pow * castFloat64(value);
  const fraction = digit - Math.trunc(digit);
  return (fraction >= roundOn ? Math.ceil(digit) : Math.floor(digit)) / pow;
}

/** sprig untilStep: start, start+step, … up to (not including) stop; an impossible direction gives []. */
export function untilStep(start: number, stop: number, step: number): bigint[] {
  const out: bigint[] = [];
  if (step !== 0) checkGeneratedSize('until', Math.ceil(Math.abs((stop - start) / step)));
  if (stop < start) {
    if (step >= 0) return out;
    for (let i = start; i > stop; i += step) out.push(BigInt(i));
    return out;
  }
  if (step <= 0) return out;
  for (let i = start; i < stop; i += step) out.push(BigInt(i));
  return out;
}

/** sprig seq: like Unix seq — `seq 5`, `seq 2 5`, `seq 0 2 10`, counting down when end < start. */
function seq(params: number[]): string {
  const join = (values: bigint[]) => values.join(' ');
  if (params.length === 1) {
    const step = params[0] < 1 ? -1 : 1;
    return join(untilStep(1, params[0] + step, step));
  }
  if (params.length === 2) {
    const step = params[1] < params[0] ? -1 : 1;
    return join(untilStep(params[0], params[1] + step, step));
  }
  if (params.length === 3) {
    const [start, step, end] = params;
    if (end < start && step > 0) return '';
    return join(untilStep(start, end + (end < start ? -1 : 1), step));
  }
  return '';
}

/** sprig toDecimal: the value's text read as an octal number ("0777" → 511), 0 when it is not one. */
function toDecimal(value: GoValue): bigint {
  const text = formatValue(value);
  return /^[+-]?[0-7]+$/.test(text) ? BigInt(`${text.startsWith('-') ? '-' : ''}0o${text.replace(/^[+-]/, '')}`) : 0n;
}

const ints = (values: GoValue[]) => values.map(castInt64);
const bigMax = (values: bigint[]) => values.reduce((a, b) => (b > a ? b : a));
const bigMin = (values: bigint[]) => values.reduce((a, b) => (b < a ? b : a));

export const mathFunctions = buildFunctions({
  add: [0, undefined, (...values) => wrapInt64(ints(values).reduce((a, b) => a + b, 0n))],
  add1: [1, 1, (v) => wrapInt64(castInt64(v) + 1n)],
  sub: [2, 2, (a, b) => wrapInt64(castInt64(a) - castInt64(b))],
  mul: [1, undefined, (...values) => ints(values).reduce((a, b) => wrapInt64(a * b))],
  div: [2, 2, (a, b) => divide(castInt64(a), castInt64(b), 'div')],
  mod: [2, 2, (a, b) => divide(castInt64(a), castInt64(b), 'mod')],
  max: [1, undefined, (...values) => bigMax(ints(values))],
  biggest: [1, undefined, (...values) => bigMax(ints(values))],
  min: [1, undefined, (...values) => bigMin(ints(values))],
  maxf: [1, undefined, (...values) => values.map(castFloat64).reduce((a, b) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.max(a, b)))],
  minf: [1, undefined, (...values) => values.map(castFloat64).reduce((a, b) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.min(a, b)))],
  add1f: [1, 1, (v) => decimalOp([v, 1n], '+')],
  addf: [0, undefined, (...values) => decimalOp([0, ...values], '+')],
  subf: [1, undefined, (...values) => decimalOp(values, '-')],
  mulf: [1, undefined, (...values) => decimalOp(values, '*')],
  divf: [1, undefined, (...values) => decimalOp(values, '/')],
  floor: [1, 1, (v) => Math.floor(castFloat64(v))],
  ceil: [1, 1, (v) => Math.ceil(castFloat64(v))],
  round: [2, 3, (v, places, roundOn) => round(v, intArg(places), roundOn === undefined ? undefined : floatArg(roundOn))],
  int: [1, 1, (v) => castInt64(v)],
  int64: [1, 1, (v) => castInt64(v)],
  float64: [1, 1, (v) => castFloat64(v)],
  atoi: [1, 1, (v) => {
    const text = stringArg(v);
    return /^[+-]?\d+$/.test(text) && BigInt(text) === BigInt.asIntN(64, BigInt(text)) ? BigInt(text) : 0n;
  }],
  toDecimal: [1, 1, (v) => toDecimal(v)],
  randInt: [2, 2, (min, max) => {
    const span = intArg(max) - intArg(min);
    if (span <= 0) fail('invalid argument to Intn');
    return BigInt(randomInt(span) + intArg(min));
  }],
  seq: [0, undefined, (...params) => seq(params.map(intArg))],
  until: [1, 1, (count) => untilStep(0, intArg(count), intArg(count) < 0 ? -1 : 1)],
  untilStep: [3, 3, (start, stop, step) => untilStep(intArg(start), intArg(stop), intArg(step))],
});
