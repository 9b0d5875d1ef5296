import { describe, expect, it } from 'vitest';
import { MAX_DURATION, MIN_DURATION } from './duration';
import { nextStdChunk } from './layout';
import type { GoValue } from '../../value';
import { fixedZone, loadLocationOrUtc, LOCAL, UTC, type GoLocation } from './location';
import { goDate, GoTime, unixTime } from './time';

// Rows from Go's format_test.go and time_test.go.
const H = 3_600_000_000_000n;
const date = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ns = 0, loc: GoLocation = UTC): GoTime =>
  goDate(BigInt(y), BigInt(mo), BigInt(d), BigInt(h), BigInt(mi), BigInt(s), BigInt(ns), loc);

/** Go's reference moment in its tests: Thu Feb 4 21:00:57.0123456 PST 2009 (Local is America/Los_Angeles there). */
const REFERENCE = unixTime(0n, 1233810057012345600n).withLocation(fixedZone('PST', -8 * 3600));

describe('layout elements (nextStdChunk)', () => {
  /** The layout with each element parenthesised, as Go's TestNextStdChunk marks it. */
  const marked = (layout: string): string => {
    let out = '';
    for (let rest = layout; rest !== ''; ) {
      const chunk = nextStdChunk(rest);
      out += chunk.prefix + (chunk.std ? `(${chunk.text})` : '');
      rest = chunk.suffix;
    }
    return out;
  };

  it.each([
    '(2006)-(01)-(02)T(15):(04):(05)(Z07:00)', '(2006)-(01)-(02) (002) (15):(04):(05)', '(2006)-(01) (002) (15):(04):(05)',
    '(2006)-(002) (15):(04):(05)', '(2006)(002)(01) (15):(04):(05)', '(2006)(002)(04) (15):(04):(05)', 'x_(2006) (_2) (__2) (.000) (,999) .00(01)',
  ])('%s', (expected) => {
    expect(marked(expected.replace(/[()]/g, ''))).toBe(expected);
  });
});

describe('Time.Format', () => {
  it.each([
    ['Mon Jan _2 15:04:05 2006', 'Wed Feb  4 21:00:57 2009'], ['Mon Jan _2 15:04:05 MST 2006', 'Wed Feb  4 21:00:57 PST 2009'],
    ['Mon Jan 02 15:04:05 -0700 2006', 'Wed Feb 04 21:00:57 -0800 2009'], ['02 Jan 06 15:04 MST', '04 Feb 09 21:00 PST'],
    ['Monday, 02-Jan-06 15:04:05 MST', 'Wednesday, 04-Feb-09 21:00:57 PST'], ['Mon, 02 Jan 2006 15:04:05 MST', 'Wed, 04 Feb 2009 21:00:57 PST'],
    ['Mon, 02 Jan 2006 15:04:05 -0700', 'Wed, 04 Feb 2009 21:00:57 -0800'], ['2006-01-02T15:04:05Z07:00', '2009-02-04T21:00:57-08:00'],
    ['2006-01-02T15:04:05.999999999Z07:00', '2009-02-04T21:00:57.0123456-08:00'], ['3:04PM', '9:00PM'], ['3pm', '9pm'], ['3PM', '9PM'],
    ['06 01 02', '09 02 04'], ['Hi Janet, the Month is January', 'Hi Janet, the Month is February'], ['Jan _2 15:04:05', 'Feb  4 21:00:57'],
    ['Jan _2 15:04:05.000', 'Feb  4 21:00:57.012'], ['Jan _2 15:04:05.000000', 'Feb  4 21:00:57.012345'],
    ['Jan _2 15:04:05.000000000', 'Feb  4 21:00:57.012345600'], ['2006-01-02 15:04:05', '2009-02-04 21:00:57'], ['2006-01-02', '2009-02-04'],
    ['15:04:05', '21:00:57'], ['Jan  2 002 __2 2', 'Feb  4 035  35 4'], ['2006 6 06 _6 __6 ___6', '2009 6 09 _6 __6 ___6'],
    ['Jan January 1 01 _1', 'Feb February 2 02 _2'], ['2 02 _2 __2', '4 04  4  35'], ['Mon Monday', 'Wed Wednesday'],
    ['15 3 03 _3', '21 9 09 _9'], ['4 04 _4', '0 00 _0'], ['5 05 _5', '57 57 _57'], ['15:04:05,000', '21:00:57,012'], ['15:04:05,999', '21:00:57,012'],
    ['-07 -07:00:00 Z0700 Z07', '-08 -08:00:00 -0800 -08'],
  ])('%j', (layout, expected) => {
    expect(REFERENCE.format(layout)).toBe(expected);
  });

  it.each([-100001, -10000, -9999, -1001, -101, -11, -9, -1, 0, 1, 9, 99, 999, 1000, 9999, 10000, 100001])('year %i with a sign and four digits', (year) => {
    const text = year < 0 ? `-${String(-year).padStart(4, '0')}` : String(year).padStart(4, '0');
    expect(date(year, 1, 1).format('2006.01.02')).toBe(`${text}.01.01`);
  });

  it.each([
    ['2006-01-02T15:04:05-070000', '1871-01-01T05:33:02-003408', -(34 * 60 + 8)], ['2006-01-02T15:04:05-07:00:00', '1871-01-01T05:33:02+00:34:08', 34 * 60 + 8],
    ['2006-01-02T15:04:05Z070000', '1871-01-01T05:33:02-003408', -(34 * 60 + 8)], ['2006-01-02T15:04:05-07', '1871-01-01T05:33:02+01', 3600],
    ['2006-01-02T15:04:05Z07', '1871-01-01T05:33:02-02', -7200],
  ])('%s with an offset of %s seconds', (layout, expected, offset) => {
    expect(date(1871, 1, 1, 5, 33, 2, 0, fixedZone('LMT', offset)).format(layout)).toBe(expected);
  });

  it('prints single digits and noon/midnight as Go does', () => {
    expect(date(2001, 2, 3, 4, 5, 6, 700_000_000).format('3:4:5')).toBe('4:5:6');
    expect(date(0, 1, 1, 12).format('03:04PM')).toBe('12:00PM');
    expect(date(0, 1, 1).format('3:04PM')).toBe('12:00AM');
  });

  it('prints an unnamed zone as its offset where MST asks for a name', () => {
    expect(date(2024, 5, 1, 10, 0, 0, 0, fixedZone('', 7200)).stringer()).toBe('2024-05-01 10:00:00 +0200 +0200');
    expect(date(2024, 5, 1, 10, 0, 0, 0, LOCAL).stringer()).toBe('2024-05-01 10:00:00 +0000 UTC');
    expect(GoTime.ZERO.stringer()).toBe('0001-01-01 00:00:00 +0000 UTC');
  });
});

describe('Time', () => {
  it.each([
    [date(2009, 2, 5, 5, 0, 57, 12345600), 'time.Date(2009, time.February, 5, 5, 0, 57, 12345600, time.UTC)'],
    [date(2009, 2, 5, 5, 0, 57, 12345600, LOCAL), 'time.Date(2009, time.February, 5, 5, 0, 57, 12345600, time.Local)'],
    [date(2009, 2, 5, 5, 0, 57, 12345600, fixedZone('Europe/Berlin', 3 * 3600)), 'time.Date(2009, time.February, 5, 5, 0, 57, 12345600, time.Location("Europe/Berlin"))'],
    [date(2009, 2, 5, 5, 0, 57, 12345600, fixedZone('Non-ASCII character \u23f0', 3 * 3600)), 'time.Date(2009, time.February, 5, 5, 0, 57, 12345600, time.Location("Non-ASCII character \\xe2\\x8f\\xb0"))'],
  ])('GoString %#', (time, expected) => {
    expect(time.goSyntax()).toBe(expected);
  });

  it.each([
    [2011, 11, 18, 7, 56, 35, 0], [2011, 11, 19, -17, 56, 35, 0], [2011, 11, 17, 31, 56, 35, 0], [2011, 11, 18, 6, 116, 35, 0], [2011, 10, 49, 7, 56, 35, 0],
    [2011, 11, 18, 7, 55, 95, 0], [2011, 11, 18, 7, 56, 34, 1e9], [2011, 12, -12, 7, 56, 35, 0], [2012, 1, -43, 7, 56, 35, 0], [2012, -1, 18, 7, 56, 35, 0],
    [2010, 23, 18, 7, 56, 35, 0],
  ])('Date(%i, %i, %i, %i, %i, %i, %i) normalises to Nov 18 2011 7:56:35', (...fields) => {
    const [y, mo, d, h, mi, s, ns] = fields;
    expect(date(y, mo, d, h, mi, s, ns).unix()).toBe(1321602995n);
  });

  it.each([[4n, 4n, 1n], [3n, 16n, 1n], [3n, 15n, 30n], [5n, -6n, -18n - 30n - 12n]])('AddDate(%s, %s, %s) from Nov 18 2011 is Mar 19 2016', (y, m, d) => {
    expect(date(2011, 11, 18, 7, 56, 35).addDate(y, m, d).equals(date(2016, 3, 19, 7, 56, 35))).toBe(true);
  });

  it('AddDate overflows a short month into the next, as Date does', () => {
    expect(date(2021, 1, 31).addDate(0n, 1n, 0n).format('2006-01-02')).toBe('2021-03-03');
    expect(date(2024, 1, 31, 0, 0, 0, 0, LOCAL).addDate(0n, 1n, 0n).loc).toBe(LOCAL);
  });

  it.each([
    [GoTime.ZERO, GoTime.ZERO, 0n], [date(2009, 11, 23, 0, 0, 0, 1), date(2009, 11, 23), 1n], [date(2009, 11, 23), date(2009, 11, 24), -24n * H],
    [date(-2009, 11, 24), date(-2009, 11, 23), 24n * H], [GoTime.ZERO, date(2109, 11, 23), MIN_DURATION], [date(2109, 11, 23), GoTime.ZERO, MAX_DURATION],
    [date(2290, 1, 1), date(2000, 1, 1), 290n * 365n * 24n * H + 71n * 24n * H], [date(2300, 1, 1), date(2000, 1, 1), MAX_DURATION],
    [date(2311, 11, 26, 2, 16, 47, 63535996), date(2019, 8, 16, 2, 29, 30, 268436582), 9223372036795099414n],
  ])('Sub %#', (t, u, expected) => {
    expect(t.sub(u)).toBe(expected);
  });

  it.each([
    [2007, 1, 1, 1], [2007, 3, 1, 60], [2007, 12, 31, 365], [2008, 3, 1, 61], [2008, 12, 31, 366], [1900, 3, 1, 60], [1, 12, 31, 365],
    [-1, 3, 15, 74], [-400, 3, 1, 61], [-400, 12, 31, 366], [1582, 10, 15, 288],
  ])('YearDay of %i-%i-%i is %i, in any zone', (y, mo, d, yday) => {
    for (const loc of [fixedZone('UTC-8', -8 * 3600), UTC, fixedZone('UTC+8', 8 * 3600)]) expect(date(y, mo, d, 0, 0, 0, 0, loc).wall().yearDay).toBe(yday);
  });

  it.each([
    [date(9999, 4, 12, 23, 20, 50, 520e6), '9999-04-12T23:20:50.52Z'], [date(1996, 12, 19, 16, 39, 57, 0, fixedZone('PST', -8 * 3600)), '1996-12-19T16:39:57-08:00'],
    [date(0, 1, 1, 0, 0, 0, 1, fixedZone('', 60)), '0000-01-01T00:00:00.000000001+00:01'],
  ])('MarshalJSON %#', (time, json) => {
    expect(time.jsonValue()).toBe(json);
  });

  it.each([
    [date(10000, 1, 1), 'year outside of range [0,9999]'], [date(-1, 1, 1), 'year outside of range [0,9999]'],
    [date(2024, 1, 1, 0, 0, 0, 0, fixedZone('', 24 * 3600)), 'timezone hour outside of range [0,23]'],
  ])('MarshalJSON refuses %#', (time, problem) => {
    expect(() => time.jsonValue()).toThrow(`json: error calling MarshalJSON for type time.Time: Time.MarshalJSON: ${problem}`);
  });

  it('Add saturates at the int64 limits of its seconds', () => {
    const latest = new GoTime(2n ** 63n - 1n, 0, UTC);
    expect(latest.add(MAX_DURATION).sec).toBe(2n ** 63n - 1n);
    expect(new GoTime(-(2n ** 63n), 0, UTC).add(-S).sec).toBe(-(2n ** 63n - 1n));
    expect(date(2024, 1, 1, 0, 0, 0, 999_999_999).add(1n).format('2006-01-02T15:04:05.999999999')).toBe('2024-01-01T00:00:01');
    expect(date(2024, 1, 1).add(-1n).format('2006-01-02T15:04:05.999999999')).toBe('2023-12-31T23:59:59.999999999');
  });

  it('Truncate and Round count multiples from the zero time, rounding halves up, also before it', () => {
    for (let i = -20n; i <= 20n; i++) {
      for (let d = 1n; d < 8n; d++) {
        const t = GoTime.ZERO.add(i);
        const r = ((i % d) + d) % d;
        expect(t.roundTo(d, false).sub(GoTime.ZERO)).toBe(i - r);
        expect(t.roundTo(d, true).sub(GoTime.ZERO)).toBe(r + r < d ? i - r : i - r + d);
      }
    }
    // The zero time is a Monday 00:00 UTC, so a week truncates to Mondays, unlike a count from the Unix epoch.
    expect(date(2026, 1, 2, 3, 4, 5).roundTo(7n * 24n * H, false).format('Mon 2006-01-02 15:04')).toBe('Mon 2025-12-29 00:00');
    expect(date(2026, 1, 2, 3, 4, 5).roundTo(0n, true).equals(date(2026, 1, 2, 3, 4, 5))).toBe(true);
  });

  it('IsDST: never in UTC, Local or a fixed zone; from the zone\'s offsets in a named zone', () => {
    const isDST = (t: GoTime): GoValue => (t.member('IsDST') as { call: (args: GoValue[]) => GoValue }).call([]);
    for (const loc of [UTC, LOCAL, fixedZone('EDT', -4 * 3600), fixedZone('', 3600)]) expect(isDST(date(2024, 7, 1, 12, 0, 0, 0, loc))).toBe(false);
    const newYork = loadLocationOrUtc('America/New_York');
    expect([isDST(date(2024, 1, 15, 12, 0, 0, 0, newYork)), isDST(date(2024, 7, 15, 12, 0, 0, 0, newYork))]).toEqual([false, true]);
    // The spring change: 01:59:59 EST, then 03:00:00 EDT.
    expect([isDST(date(2024, 3, 10, 1, 59, 59, 0, newYork)), isDST(date(2024, 3, 10, 3, 0, 0, 0, newYork))]).toEqual([false, true]);
    const sydney = loadLocationOrUtc('Australia/Sydney');
    expect([isDST(date(2024, 1, 15, 12, 0, 0, 0, sydney)), isDST(date(2024, 7, 15, 12, 0, 0, 0, sydney))]).toEqual([true, false]);
    expect(isDST(date(2024, 7, 15, 12, 0, 0, 0, loadLocationOrUtc('Asia/Tokyo')))).toBe(false);
  });

  it('loads a zone only under a name Go\'s LoadLocation finds, exactly; any other is UTC', () => {
    for (const name of ['America/New_York', 'US/Eastern', 'Etc/GMT+5', 'EST5EDT', 'Asia/Kolkata', 'Asia/Calcutta', 'Europe/Kyiv', 'Etc/UTC', 'Zulu']) {
      expect(loadLocationOrUtc(name), name).toMatchObject({ name, kind: 'named' });
    }
    for (const name of ['america/new_york', 'AMERICA/NEW_YORK', 'us/eastern', '+05:30', '-0800', 'GMT+5', 'utc', 'Mars/Base', 'America/../Europe/Paris', 'Factory']) {
      expect(loadLocationOrUtc(name), name).toBe(UTC);
    }
    expect(loadLocationOrUtc('')).toBe(UTC);
    expect(loadLocationOrUtc('UTC')).toBe(UTC);
    expect(loadLocationOrUtc('Local')).toBe(LOCAL);
  });

  it('compares by instant and location as Go\'s == does; DeepEqual looks into fixed zones', () => {
    const a = date(2024, 1, 1, 0, 0, 0, 0, fixedZone('X', 60));
    const b = date(2024, 1, 1, 0, 0, 0, 0, fixedZone('X', 60));
    expect(a.equals(b)).toBe(false);
    expect(a.deepEquals(b)).toBe(true);
    expect(date(2024, 1, 1, 0, 0, 0, 0, fixedZone('', 3600)).equals(date(2024, 1, 1, 0, 0, 0, 0, fixedZone('', 3600)))).toBe(true);
    expect(date(2024, 1, 1).equals(date(2024, 1, 1).withLocation(LOCAL))).toBe(false);
    expect(date(2024, 1, 1).deepEquals(date(2024, 1, 1).withLocation(LOCAL))).toBe(false);
  });
});

const S = 1_000_000_000n;
