import { describe, expect, it } from 'vitest';
import { parseGoTemplate, type GoValue } from '../index';
import { functions } from './testing/function-table';

// The fixed clock reads 2026-01-02T03:04:05.123Z, a Friday; Local is UTC.
function render(text: string, params: GoValue = {}): string {
  return parseGoTemplate('base', text, functions).execute(params);
}

describe('time.Time in templates: now, toDate, dateModify, unixEpoch and the date functions', () => {
  it.each([
    ['now prints as Time.String', '{{ now }}', '2026-01-02 03:04:05.123 +0000 UTC'],
    ['now through date', '{{ now | date "2006" }}', '2026'],
    ['date of a time keeps its zone', '{{ toDate "2006-01-02T15:04Z07:00" "2024-05-01T10:00+02:00" | date "15:04 -0700" }}', '08:00 +0000'],
    ['dateInZone of a time', '{{ dateInZone "2006-01-02 15:04 MST" now "America/New_York" }}', '2026-01-01 22:04 EST'],
    ['dateInZone with a link name tzdata has', '{{ dateInZone "15:04 MST" now "US/Eastern" }} {{ dateInZone "15:04" now "Asia/Kolkata" }} {{ dateInZone "15:04" now "Etc/GMT+5" }}', '22:04 EST 08:34 22:04'],
    ['dateInZone with a name in another case is UTC (Go\'s LoadLocation fails on it)', '{{ dateInZone "15:04 MST" now "america/new_york" }}', '03:04 UTC'],
    ['dateInZone with an offset is UTC (Go\'s LoadLocation fails on it)', '{{ dateInZone "15:04 MST" now "+05:30" }} {{ htmlDateInZone (now.Add -7200000000000) "-05:00" }}', '03:04 UTC 2026-01-02'],
    ['htmlDate and htmlDateInZone of a time', '{{ htmlDate now }} {{ htmlDateInZone now "Pacific/Auckland" }}', '2026-01-02 2026-01-02'],
    ['toDate in Local', '{{ toDate "2006-01-02" "2024-05-01" }}', '2024-05-01 00:00:00 +0000 UTC'],
    ['toDate with an offset', '{{ toDate "2006-01-02T15:04:05Z07:00" "2024-05-01T10:00:00+02:00" }}', '2024-05-01 10:00:00 +0200 +0200'],
    ['toDate failing is the zero time', '{{ toDate "2006-01-02" "yesterday" }}', '0001-01-01 00:00:00 +0000 UTC'],
    ['toDate then unixEpoch', '{{ toDate "2006-01-02" "2024-05-01" | unixEpoch }}', '1714521600'],
    ['unixEpoch before 1970', '{{ toDate "2006" "1960" | unixEpoch }}', '-315619200'],
    ['mustToDate', '{{ mustToDate "2006-01-02" "2024-05-01" | date "Mon" }}', 'Wed'],
    ['dateModify with a fractional duration', '{{ now | dateModify "-1.5h" }}', '2026-01-02 01:34:05.123 +0000 UTC'],
    ['date_modify', '{{ date_modify "24h" now | date "2006-01-02" }}', '2026-01-03'],
    ['dateModify with a bad duration leaves the time', '{{ now | dateModify "1d" }}', '2026-01-02 03:04:05.123 +0000 UTC'],
    ['mustDateModify', '{{ now | mustDateModify "90m" | date "15:04" }}', '04:34'],
    ['must_date_modify', '{{ must_date_modify "-1m" now | date "15:04" }}', '03:03'],
    ['ago of a time', '{{ ago (now | dateModify "-1h2m5.6s") }}', '1h2m6s'],
    ['ago of a future time', '{{ ago (now | dateModify "90s") }}', '-1m30s'],
    ['durationRound of a time', '{{ durationRound (now | dateModify "-49h") }}', '2d'],
    ['toJson of a time is RFC 3339', '{{ toJson now }} {{ dict "at" (toDate "2006" "2024") | toJson }}', '"2026-01-02T03:04:05.123Z" {"at":"2024-01-01T00:00:00Z"}'],
    ['toJson of a time Go cannot marshal is empty', '{{ toJson (now.AddDate 8000 0 0) }}', ''],
    ['toPrettyJson of a time in a list', '{{ list now | toPrettyJson }}', '[\n  "2026-01-02T03:04:05.123Z"\n]'],
    ['toYaml of a time goes through JSON', '{{ dict "at" now | toYaml }}', 'at: "2026-01-02T03:04:05.123Z"'],
    ['typeOf and kindOf', '{{ typeOf now }} {{ kindOf now }} {{ typeOf now.Month }} {{ kindOf now.Weekday }} {{ typeOf (now.Sub now) }} {{ kindOf (now.Sub now) }}', 'time.Time struct time.Month int time.Duration int64'],
    ['a time is never empty', '{{ empty now }} {{ empty (toDate "x" "y") }} {{ if toDate "x" "y" }}true{{ end }}', 'false false true'],
    ['toString and quote use String', '{{ toString now }} {{ quote now.Month }}', '2026-01-02 03:04:05.123 +0000 UTC "January"'],
    ['deepEqual of equal times', '{{ deepEqual (toDate "2006" "2024") (toDate "2006" "2024") }}', 'true'],
    ['eq of the same time in another location', '{{ $t := now }}{{ eq $t $t }} {{ eq $t $t.UTC }} {{ $t.Equal $t.UTC }}', 'true false true'],
    ['eq of times parsed with one whole-hour offset', '{{ eq (toDate "Z07" "+02") (toDate "Z07" "+02") }} {{ eq (toDate "Z07:00" "+02:30") (toDate "Z07:00" "+02:30") }}', 'true false'],
  ])('%s', (_title, template, expected) => {
    expect(render(template)).toBe(expected);
  });

  it.each([
    ['Unix, UnixMilli, UnixMicro, UnixNano', '{{ now.Unix }} {{ now.UnixMilli }} {{ now.UnixMicro }} {{ now.UnixNano }}', '1767323045 1767323045123 1767323045123000 1767323045123000000'],
    ['Format', '{{ now.Format "Monday, 02-Jan-06 15:04:05.000 MST" }}', 'Friday, 02-Jan-26 03:04:05.123 UTC'],
    ['Format with the layout piped in', '{{ "2006/01/02" | now.Format }}', '2026/01/02'],
    ['the calendar fields', '{{ now.Year }} {{ now.Month }} {{ now.Day }} {{ now.Hour }} {{ now.Minute }} {{ now.Second }} {{ now.Nanosecond }} {{ now.YearDay }} {{ now.Weekday }}', '2026 January 2 3 4 5 123000000 2 Friday'],
    ['Month and Weekday are integers too', '{{ printf "%02d %d" now.Month now.Weekday }} {{ eq now.Month 1 }} {{ add now.Month 1 }} {{ now.Month.String }}', '01 5 true 2 January'],
    ['Add of an integer constant', '{{ now.Add 3600000000000 }}', '2026-01-02 04:04:05.123 +0000 UTC'],
    ['Add of a negative constant written as a float', '{{ (now.Add -1e9).Second }}', '4'],
    ['AddDate normalises', '{{ (toDate "2006-01-02" "2021-01-31").AddDate 0 1 0 | date "2006-01-02" }}', '2021-03-03'],
    ['Sub is a Duration', '{{ $t := now }}{{ ($t.Add 90000000000).Sub $t }} {{ (($t.Add 90000000000).Sub $t).Minutes }} {{ printf "%d" ($t.Sub ($t.Add 5)) }}', '1m30s 1.5 -5'],
    ['Before, After, Equal, Compare', '{{ $a := now }}{{ $b := $a.Add 1 }}{{ $a.Before $b }} {{ $a.After $b }} {{ $a.Equal $a }} {{ $a.Compare $b }}', 'true false true -1'],
    ['IsZero', '{{ now.IsZero }} {{ (toDate "x" "y").IsZero }}', 'false true'],
    ['IsDST in Local and in a parsed zone', '{{ now.IsDST }} {{ (toDate "Z07:00" "+05:00").IsDST }}', 'false false'],
    ['UTC and Local', '{{ (toDate "2006-01-02T15:04Z07:00" "2024-05-01T10:00+05:00").UTC }} | {{ now.UTC.Local }}', '2024-05-01 05:00:00 +0000 UTC | 2026-01-02 03:04:05.123 +0000 UTC'],
    ['UTC before year 0 has a sign', '{{ (toDate "Z07:00" "+05:00").UTC }}', '-0001-12-31 19:00:00 +0000 UTC'],
    ['Truncate and Round', '{{ now.Truncate 3600000000000 }} | {{ now.Round 1000000000 }}', '2026-01-02 03:00:00 +0000 UTC | 2026-01-02 03:04:05 +0000 UTC'],
    ['Duration methods', '{{ $d := now.Sub (now.Add -5400000000000) }}{{ $d.Hours }} {{ $d.Minutes }} {{ $d.Seconds }} {{ $d.Milliseconds }} {{ $d.Round 3600000000000 }} {{ $d.Truncate 3600000000000 }} {{ (now.Sub (now.Add 1)).Abs }}', '1.5 90 5400 5400000 2h0m0s 1h0m0s 1ns'],
    ['a Duration from Sub is a valid Add argument', '{{ $t := now }}{{ $t.Add ($t.Sub ($t.Add -60000000000)) | date "15:04" }}', '03:05'],
    ['GoString and %#v', '{{ now.GoString }} {{ printf "%#v" (toDate "2006" "2024").UTC }}', 'time.Date(2026, time.January, 2, 3, 4, 5, 123000000, time.Local) time.Date(2024, time.January, 1, 0, 0, 0, 0, time.UTC)'],
    ['range over a Weekday', '{{ range now.Weekday }}{{ . }} {{ end }}', 'Sunday Monday Tuesday Wednesday Thursday '],
    ['methods on a time kept in a dict', '{{ $d := dict "t" now }}{{ $d.t.Year }}', '2026'],
  ])('method: %s', (_title, template, expected) => {
    expect(render(template)).toBe(expected);
  });

  it.each([
    ['mustToDate returns the parse error', '{{ mustToDate "2006-01-02" "2024-13-01" }}', 'error calling mustToDate: parsing time "2024-13-01": month out of range'],
    ['mustDateModify returns the duration error', '{{ now | mustDateModify "1d" }}', 'error calling mustDateModify: time: unknown unit "d" in duration "1d"'],
    ['unixEpoch takes a time only', '{{ unixEpoch 1700000000 }}', 'wrong type for value; expected time.Time; got int'],
    ['dateModify takes a time only', '{{ dateModify "1h" "2024-01-01" }}', 'wrong type for value; expected time.Time; got string'],
    ['dateModify of nil', '{{ dateModify "1h" nil }}', 'invalid value; expected time.Time'],
    ['toDate takes strings', '{{ toDate "2006" 2024 }}', 'wrong type for value; expected string; got int'],
    ['an unknown method', '{{ now.Date }}', "at <now>: can't evaluate field Date in type time.Time"],
    ['an unexported field', '{{ now.wall }}', 'wall is an unexported field of struct type time.Time'],
    ['Format without a layout', '{{ now.Format }}', 'wrong number of args for Format: want 1 got 0'],
    ['Format of a number', '{{ now.Format 2006 }}', 'expected string; found 2006'],
    ['Add of a fraction', '{{ now.Add 1.5 }}', 'expected integer; found 1.5'],
    ['Add of a computed int (Go wants a time.Duration)', '{{ now.Add (mul 60 1000000000) }}', 'wrong type for value; expected time.Duration; got int'],
    ['Before of a constant', '{{ now.Before 5 }}', "can't handle 5 for arg of type time.Time"],
    ['AddDate of a JSON number', '{{ now.AddDate .years 0 0 }}', 'wrong type for value; expected int; got float64'],
    ['ordering times with lt', '{{ lt now now }}', 'invalid type for comparison'],
    ['eq of a time and a string', '{{ eq now "2026" }}', 'incompatible types for comparison: time.Time and string'],
    ['len of a time', '{{ len now }}', 'len of type time.Time'],
  ])('error: %s', (_title, template, error) => {
    expect(() => render(template, { years: 1 })).toThrow(error);
  });
});
