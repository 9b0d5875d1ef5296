import { describe, expect, it } from 'vitest';
import { LOCAL, UTC } from './location';
import { parseInLocal } from './parse';
import type { GoTime } from './time';

// Rows from Go's format_test.go (parseTests, parseErrorTests...). Go runs them with Local = America/Los_Angeles; here
// Local is UTC, so "PST" is an unknown abbreviation (a zone with no offset) and -0800 a fabricated zone.
const ANSIC = 'Mon Jan _2 15:04:05 2006';
const UNIX_DATE = 'Mon Jan _2 15:04:05 MST 2006';
const RUBY_DATE = 'Mon Jan 02 15:04:05 -0700 2006';
const RFC3339 = '2006-01-02T15:04:05Z07:00';
const STAMP_NANO = 'Jan _2 15:04:05.000000000';

function parsed(layout: string, value: string): GoTime {
  const result = parseInLocal(layout, value);
  if (!('time' in result)) throw new Error(result.error);
  return result.time;
}

describe('time.ParseInLocation(layout, value, Local)', () => {
  it.each([
    [ANSIC, 'Thu Feb  4 21:00:57 2010', '2010-02-04 21:00:57 +0000 UTC'],
    [UNIX_DATE, 'Thu Feb  4 21:00:57 PST 2010', '2010-02-04 21:00:57 +0000 PST'],
    [RUBY_DATE, 'Thu Feb 04 21:00:57 -0800 2010', '2010-02-04 21:00:57 -0800 -0800'],
    ['Monday, 02-Jan-06 15:04:05 MST', 'Thursday, 04-Feb-10 21:00:57 PST', '2010-02-04 21:00:57 +0000 PST'],
    ['Mon, 02 Jan 2006 15:04:05 -0700', 'Thu, 04 Feb 2010 21:00:57 -0800', '2010-02-04 21:00:57 -0800 -0800'],
    [RFC3339, '2010-02-04T21:00:57-08:00', '2010-02-04 21:00:57 -0800 -0800'],
    ['2006-01-02 15:04:05-07', '2010-02-04 21:00:57-08', '2010-02-04 21:00:57 -0800 -0800'],
    [ANSIC, 'Thu Feb  4 21:00:57.0 2010', '2010-02-04 21:00:57 +0000 UTC'],
    [UNIX_DATE, 'Thu Feb  4 21:00:57.01 PST 2010', '2010-02-04 21:00:57.01 +0000 PST'],
    [RUBY_DATE, 'Thu Feb 04 21:00:57.012 -0800 2010', '2010-02-04 21:00:57.012 -0800 -0800'],
    [RFC3339, '2010-02-04T21:00:57.012345678-08:00', '2010-02-04 21:00:57.012345678 -0800 -0800'],
    ['2006-01-02 15:04:05', '2010-02-04 21:00:57.0', '2010-02-04 21:00:57 +0000 UTC'],
    [ANSIC, 'Thu Feb 4 21:00:57 2010', '2010-02-04 21:00:57 +0000 UTC'],
    [ANSIC, 'Thu      Feb     4     21:00:57     2010', '2010-02-04 21:00:57 +0000 UTC'],
    [ANSIC, 'THU FEB 4 21:00:57 2010', '2010-02-04 21:00:57 +0000 UTC'],
    [ANSIC, 'thu feb 4 21:00:57 2010', '2010-02-04 21:00:57 +0000 UTC'],
    ['Mon Jan _2 15:04:05.000000 2006', 'Thu Feb  4 21:00:57.012345 2010', '2010-02-04 21:00:57.012345 +0000 UTC'],
    ['Mon Jan _2 15:04:05,000 2006', 'Thu Feb  4 21:00:57.012 2010', '2010-02-04 21:00:57.012 +0000 UTC'],
    ['2006.01.02.15.04.05.00', '2010.02.04.21.00.57.01', '2010-02-04 21:00:57.01 +0000 UTC'],
    ['Hi Janet, the Month is January: Jan _2 15:04:05 2006', 'Hi Janet, the Month is February: Feb  4 21:00:57 2010', '2010-02-04 21:00:57 +0000 UTC'],
    // GMT-8 keeps the clock of the text as UTC and shows it in a -8 zone (Go's fabricated GMT zone).
    [UNIX_DATE, 'Fri Feb  5 05:00:57 GMT-8 2010', '2010-02-04 21:00:57 -0800 GMT-8'],
    ['2006-01-02 15:04:05.9999 -0700 MST', '2010-02-04 21:00:57 -0800 PST', '2010-02-04 21:00:57 -0800 PST'],
    ['2006-01-02 15:04:05,999999999 -0700 MST', '2010-02-04 21:00:57.012345678 -0800 PST', '2010-02-04 21:00:57.012345678 -0800 PST'],
    [STAMP_NANO, 'Feb  4 21:00:57.012345678', '0000-02-04 21:00:57.012345678 +0000 UTC'],
    ['Jan _2 15:04:05.999', 'Feb  4 21:00:57.012300000', '0000-02-04 21:00:57.0123 +0000 UTC'],
    ['2006-01-02 002 15:04:05', '2010-02-04 035 21:00:57', '2010-02-04 21:00:57 +0000 UTC'],
    ['2006-002 15:04:05', '2010-035 21:00:57', '2010-02-04 21:00:57 +0000 UTC'],
    ['200600201 15:04:05', '201003502 21:00:57', '2010-02-04 21:00:57 +0000 UTC'],
    ['200600204 15:04:05', '201003504 21:00:57', '2010-02-04 21:00:57 +0000 UTC'],
    ['15:04_20060102', '14:38_20150618', '2015-06-18 14:38:00 +0000 UTC'],
    ['3:04PM', '12:00PM', '0000-01-01 12:00:00 +0000 UTC'],
    ['03:04PM', '12:00AM', '0000-01-01 00:00:00 +0000 UTC'],
    ['2006-01-02 MST', '2024-05-01 UTC', '2024-05-01 00:00:00 +0000 UTC'],
    ['02 Jan 06 15:04 -0700', '02 Jan 26 15:04 +0000', '2026-01-02 15:04:00 +0000 UTC'],
    ['06', '68', '2068-01-01 00:00:00 +0000 UTC'],
    ['06', '69', '1969-01-01 00:00:00 +0000 UTC'],
    ['Mon Jan _2 15:04:05 MST 2006', 'Fri Jan  2 03:04:05 ChST 2026', '2026-01-02 03:04:05 +0000 ChST'],
  ])('%j %j', (layout, value, expected) => {
    expect(parsed(layout, value).stringer()).toBe(expected);
  });

  it.each([
    ['2021-09-29T16:04:33.000000001Z', 1], ['2021-09-29T16:04:33.012345678Z', 12_345_678], ['2021-09-29T16:04:33.0000000001Z', 0],
    ['2021-09-29T16:04:33.1000000009Z', 100_000_000], ['2021-09-29T16:04:33.00123456789Z', 1_234_567], ['2021-09-29T16:04:33.9999999999999999Z', 999_999_999],
  ])('keeps at most nine fraction digits: %s', (value, nanos) => {
    expect(parsed(RFC3339, value).nsec).toBe(nanos);
  });

  it.each([
    ['2006-01-02T15:04:05-070000', '1871-01-01T05:33:02-003408', -(34 * 60 + 8)], ['2006-01-02T15:04:05-07:00:00', '1871-01-01T05:33:02+00:34:08', 34 * 60 + 8],
    ['2006-01-02T15:04:05Z070000', '1871-01-01T05:33:02-003408', -(34 * 60 + 8)], ['2006-01-02T15:04:05Z07:00:00', '1871-01-01T05:33:02+00:34:08', 34 * 60 + 8],
    ['2006-01-02T15:04:05-07', '1871-01-01T05:33:02+01', 3600], ['2006-01-02T15:04:05Z07', '1871-01-01T05:33:02-02', -7200],
  ])('reads zone offsets with seconds: %s', (layout, value, offset) => {
    const time = parsed(layout, value);
    expect(time.loc.lookup(0n).offset).toBe(offset);
    expect(time.format(layout)).toBe(value);
  });

  it('uses Local for its own offset, UTC for Z, and a zone of its own for any other offset', () => {
    expect(parsed(RFC3339, '2024-05-01T10:00:00+00:00').loc).toBe(LOCAL);
    expect(parsed(RFC3339, '2024-05-01T10:00:00Z').loc).toBe(UTC);
    expect(parsed('2006-01-02', '2024-05-01').loc).toBe(LOCAL);
    expect(parsed(RFC3339, '2024-05-01T10:00:00+02:00').loc).toBe(parsed(RFC3339, '2024-06-01T10:00:00+02:00').loc);
    expect(parsed(RFC3339, '2024-05-01T10:00:00+02:30').loc).not.toBe(parsed(RFC3339, '2024-05-01T10:00:00+02:30').loc);
    expect(parsed(RFC3339, '2024-05-01T10:00:00+02:00').unix()).toBe(1714550400n);
  });

  it.each([
    [ANSIC, 'Feb  4 21:00:60 2010', 'parsing time "Feb  4 21:00:60 2010" as "Mon Jan _2 15:04:05 2006": cannot parse "Feb  4 21:00:60 2010" as "Mon"'],
    [ANSIC, 'Thu Feb  4 21:00:57 @2010', 'parsing time "Thu Feb  4 21:00:57 @2010" as "Mon Jan _2 15:04:05 2006": cannot parse "@2010" as "2006"'],
    [ANSIC, 'Thu Feb  4 21:00:60 2010', 'parsing time "Thu Feb  4 21:00:60 2010": second out of range'],
    [ANSIC, 'Thu Feb  4 21:61:57 2010', 'parsing time "Thu Feb  4 21:61:57 2010": minute out of range'],
    [ANSIC, 'Thu Feb  4 24:00:60 2010', 'parsing time "Thu Feb  4 24:00:60 2010": hour out of range'],
    ['Mon Jan _2 15:04:05.000 2006', 'Thu Feb  4 23:00:59x01 2010', 'cannot parse "x01 2010" as ".000"'],
    ['Mon Jan _2 15:04:05.000 2006', 'Thu Feb  4 23:00:59.xxx 2010', 'cannot parse ".xxx 2010" as ".000"'],
    ['Mon Jan _2 15:04:05.000 2006', 'Thu Feb  4 23:00:59.-123 2010', 'parsing time "Thu Feb  4 23:00:59.-123 2010": fractional second out of range'],
    [STAMP_NANO, 'Dec  7 11:22:01.000000', 'cannot parse ".000000" as ".000000000"'],
    [STAMP_NANO, 'Dec  7 11:22:01.0000000000', 'parsing time "Dec  7 11:22:01.0000000000": extra text: "0"'],
    [RFC3339, '2006-01-02T15:04:05Z07:00', 'parsing time "2006-01-02T15:04:05Z07:00": extra text: "07:00"'],
    [RFC3339, '2006-01-02T15:04_abc', 'parsing time "2006-01-02T15:04_abc" as "2006-01-02T15:04:05Z07:00": cannot parse "_abc" as ":"'],
    [RFC3339, '2006-01-02T15:04:05_abc', 'parsing time "2006-01-02T15:04:05_abc" as "2006-01-02T15:04:05Z07:00": cannot parse "_abc" as "Z07:00"'],
    [RFC3339, '2006-01-02T15:04:05Z_abc', 'parsing time "2006-01-02T15:04:05Z_abc": extra text: "_abc"'],
    [RFC3339, '2010-02-04T21:00:67.012345678-08:00', 'second out of range'],
    ['_2 Jan 06 15:04 MST', '4 --- 00 00:00 GMT', 'cannot parse "--- 00 00:00 GMT" as "Jan"'],
    ['Jan _2 002 2006', 'Feb  4 034 2006', 'parsing time "Feb  4 034 2006": day-of-year does not match day'],
    ['Jan _2 002 2006', 'Feb  4 004 2006', 'parsing time "Feb  4 004 2006": day-of-year does not match month'],
    ['2006-002', '2010-366', 'parsing time "2010-366": day-of-year out of range'],
    ['"2006-01-02T15:04:05Z07:00"', '0', 'parsing time "0" as "\\"2006-01-02T15:04:05Z07:00\\"": cannot parse "0" as "\\""'],
    [RFC3339, '"', 'parsing time "\\"" as "2006-01-02T15:04:05Z07:00": cannot parse "\\"" as "2006"'],
    [ANSIC, 'Thu Feb 29 21:00:57 2010', 'parsing time "Thu Feb 29 21:00:57 2010": day out of range'],
    [ANSIC, 'Thu Apr 31 21:00:57 2010', 'day out of range'],
    [ANSIC, 'Thu Dec 00 21:00:57 2010', 'day out of range'],
    ['01-02', '13-01', 'parsing time "13-01": month out of range'],
    ['01-02', '00-01', 'month out of range'],
    ['01 MST', '0 MST', 'cannot parse "0 MST" as "01"'],
    ['2006-01-02T15:04:05-07:00', '2010-02-04T21:00:57+25:00', 'parsing time "2010-02-04T21:00:57+25:00": time zone offset hour out of range'],
    ['3PM', '3XM', 'cannot parse "XM" as "PM"'],
    ['2006', '\u263a', 'parsing time "\\xe2\\x98\\xba" as "2006": cannot parse "\\xe2\\x98\\xba" as "2006"'],
  ])('%j %j fails', (layout, value, error) => {
    const result = parseInLocal(layout, value);
    expect('error' in result && result.error).toContain(error);
  });

  it('accepts Feb 29 only in leap years', () => {
    expect(parsed(ANSIC, 'Thu Feb 29 21:00:57 2012').stringer()).toBe('2012-02-29 21:00:57 +0000 UTC');
  });
});
