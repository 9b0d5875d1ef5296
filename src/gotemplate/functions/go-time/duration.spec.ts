import { describe, expect, it } from 'vitest';
import { durationString, MAX_DURATION, MIN_DURATION, parseDurationOrError, roundDuration, truncateDuration } from './duration';

// Rows from Go's time_test.go (parseDurationTests, parseDurationErrorTests, durationTests, durationRoundTests...).
const NS = 1n;
const US = 1_000n;
const MS = 1_000_000n;
const S = 1_000_000_000n;
const M = 60n * S;
const H = 60n * M;

describe('time.ParseDuration', () => {
  it.each<[string, bigint]>([
    ['0', 0n], ['5s', 5n * S], ['30s', 30n * S], ['1478s', 1478n * S], ['-5s', -5n * S], ['+5s', 5n * S], ['-0', 0n], ['+0', 0n],
    ['5.0s', 5n * S], ['5.6s', 5n * S + 600n * MS], ['5.s', 5n * S], ['.5s', 500n * MS], ['1.0s', S], ['1.00s', S], ['1.004s', S + 4n * MS],
    ['1.0040s', S + 4n * MS], ['100.00100s', 100n * S + MS], ['10ns', 10n * NS], ['11us', 11n * US], ['12\u00b5s', 12n * US], ['12\u03bcs', 12n * US],
    ['13ms', 13n * MS], ['14s', 14n * S], ['15m', 15n * M], ['16h', 16n * H], ['3h30m', 3n * H + 30n * M], ['10.5s4m', 4n * M + 10n * S + 500n * MS],
    ['-2m3.4s', -(2n * M + 3n * S + 400n * MS)], ['1h2m3s4ms5us6ns', H + 2n * M + 3n * S + 4n * MS + 5n * US + 6n],
    ['39h9m14.425s', 39n * H + 9n * M + 14n * S + 425n * MS], ['52763797000ns', 52763797000n], ['0.3333333333333333333h', 20n * M],
    ['9007199254740993ns', 2n ** 53n + 1n], ['9223372036854775807ns', MAX_DURATION], ['9223372036854775.807us', MAX_DURATION],
    ['9223372036s854ms775us807ns', MAX_DURATION], ['-9223372036854775808ns', MIN_DURATION], ['-9223372036854775.808us', MIN_DURATION],
    ['-2562047h47m16.854775808s', MIN_DURATION], ['0.100000000000000000000h', 6n * M], ['0.830103483285477580700h', 49n * M + 48n * S + 372539827n],
  ])('%s', (text, nanos) => {
    expect(parseDurationOrError(text)).toEqual({ nanos });
  });

  it.each([
    ['', 'time: invalid duration ""'], ['3', 'time: missing unit in duration "3"'], ['-', 'time: invalid duration "-"'],
    ['s', 'time: invalid duration "s"'], ['.', 'time: invalid duration "."'], ['-.', 'time: invalid duration "-."'],
    ['.s', 'time: invalid duration ".s"'], ['+.s', 'time: invalid duration "+.s"'], ['1d', 'time: unknown unit "d" in duration "1d"'],
    ['1h-2m', 'time: unknown unit "h-" in duration "1h-2m"'], ['\ufffd', 'time: invalid duration "\\xef\\xbf\\xbd"'],
    ['9223372036854775810ns', 'time: invalid duration "9223372036854775810ns"'], ['9223372036854775808ns', 'time: invalid duration "9223372036854775808ns"'],
    ['-9223372036854775809ns', 'time: invalid duration "-9223372036854775809ns"'], ['9223372036854776us', 'time: invalid duration "9223372036854776us"'],
    ['3000000h', 'time: invalid duration "3000000h"'], ['9223372036854775.808us', 'time: invalid duration "9223372036854775.808us"'],
    ['9223372036854ms775us808ns', 'time: invalid duration "9223372036854ms775us808ns"'],
  ])('refuses %j', (text, error) => {
    expect(parseDurationOrError(text)).toEqual({ error });
  });
});

describe('time.Duration', () => {
  it.each<[bigint, string]>([
    [0n, '0s'], [1n, '1ns'], [1100n, '1.1\u00b5s'], [2200n * US, '2.2ms'], [3300n * MS, '3.3s'], [4n * M + 5n * S, '4m5s'], [4n * M + 5001n * MS, '4m5.001s'],
    [5n * H + 6n * M + 7001n * MS, '5h6m7.001s'], [8n * M + 1n, '8m0.000000001s'], [MAX_DURATION, '2562047h47m16.854775807s'],
    [MIN_DURATION, '-2562047h47m16.854775808s'], [-1100n, '-1.1\u00b5s'], [-(4n * M + 5n * S), '-4m5s'],
  ])('String of %s is %s', (nanos, text) => {
    expect(durationString(nanos)).toBe(text);
  });

  it.each<[bigint, bigint, bigint]>([
    [0n, S, 0n], [M, -11n * S, M], [M, 0n, M], [M, 1n, M], [2n * M, M, 2n * M], [2n * M + 10n * S, M, 2n * M], [2n * M + 30n * S, M, 3n * M],
    [2n * M + 50n * S, M, 3n * M], [-M, 1n, -M], [-2n * M, M, -2n * M], [-2n * M - 10n * S, M, -2n * M], [-2n * M - 30n * S, M, -3n * M],
    [-2n * M - 50n * S, M, -3n * M], [8n * 10n ** 18n, 3n * 10n ** 18n, 9n * 10n ** 18n], [9n * 10n ** 18n, 5n * 10n ** 18n, MAX_DURATION],
    [-8n * 10n ** 18n, 3n * 10n ** 18n, -9n * 10n ** 18n], [-9n * 10n ** 18n, 5n * 10n ** 18n, MIN_DURATION], [(3n << 61n) - 1n, 3n << 61n, 3n << 61n],
  ])('Round(%s, %s) is %s', (d, m, want) => {
    expect(roundDuration(d, m)).toBe(want);
  });

  it.each<[bigint, bigint, bigint]>([
    [0n, S, 0n], [M, -7n * S, M], [M, 0n, M], [M, 1n, M], [M + 10n * S, 10n * S, M + 10n * S], [2n * M + 10n * S, M, 2n * M],
    [10n * M + 10n * S, 3n * M, 9n * M], [M + 10n * S, M + 10n * S + 1n, 0n], [M + 10n * S, H, 0n], [-M, S, -M], [-10n * M, 3n * M, -9n * M], [-10n * M, H, 0n],
  ])('Truncate(%s, %s) is %s', (d, m, want) => {
    expect(truncateDuration(d, m)).toBe(want);
  });
});
