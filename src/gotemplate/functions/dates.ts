import type { Clock } from '../../clock/clock';
import type { GoValue } from '../value';
import { buildFunctions, fail, objectArg, stringArg } from './args';
import { durationString, parseDuration, parseDurationOrError, roundDuration } from './go-time/duration';
import { loadLocationOrUtc } from './go-time/location';
import { parseInLocal } from './go-time/parse';
import { GoTime, timeFromDate, unixTime } from './go-time/time';

/**
 * sprig's date functions (date.go). A date argument is a time.Time (from now, toDate, dateModify...) or Unix seconds
 * (an int); like sprig, any other type means "now", read from the Clock given to argoCdFunctions. "Local" is UTC, as
 * in Argo CD's containers. dateModify, mustDateModify and unixEpoch take a time.Time only, as their Go signatures do.
 */

const HOUR = 3_600_000_000_000n;
const SECOND = 1_000_000_000n;
const ROUNDING_UNITS: Array<[bigint, string]> = [
  [HOUR * 24n * 365n, 'y'], [HOUR * 24n * 30n, 'mo'], [HOUR * 24n, 'd'], [HOUR, 'h'], [60n * SECOND, 'm'], [SECOND, 's'],
];

/** sprig durationRound: the largest whole unit the duration exceeds ("2h", "3mo"); "0s" below a second. */
function durationRound(nanos: bigint): string {
  const abs = nanos < 0n ? -nanos : nanos;
  for (const [unit, suffix] of ROUNDING_UNITS) if (abs > unit) return `${abs / unit}${suffix}`;
  return '0s';
}

/** sprig duration: seconds (an int or a decimal string) as a Go duration string ("1m30s"). */
function duration(value: GoValue): string {
  let seconds = 0n;
  if (typeof value === 'string' && /^[+-]?\d+$/.test(value)) seconds = BigInt(value);
  else if (typeof value === 'bigint') seconds = value;
  return durationString(BigInt.asIntN(64, seconds * SECOND));
}

const timeArg = (value: GoValue): GoTime => objectArg(value, 'time.Time', GoTime);

export function dateFunctions(clock: Pick<Clock, 'now'>) {
  const now = (): GoTime => timeFromDate(clock.now());
  // sprig's type switch: time.Time as it is, an int as Unix seconds (in Local), anything else the current time.
  const instant = (value: GoValue): GoTime => (value instanceof GoTime ? value : typeof value === 'bigint' ? unixTime(value) : now());
  const inZone = (layout: string, date: GoValue, zone: string): string => instant(date).withLocation(loadLocationOrUtc(zone)).format(layout);
  const since = (date: GoValue): bigint => now().sub(instant(date));
  const modify = (change: string, date: GoTime, must: boolean): GoTime => {
    const parsed = parseDurationOrError(change);
    if ('nanos' in parsed) return date.add(parsed.nanos);
    return must ? fail(parsed.error) : date;
  };
  const toDate = (layout: GoValue, text: GoValue, must: boolean): GoTime => {
    const parsed = parseInLocal(stringArg(layout), stringArg(text));
    if ('time' in parsed) return parsed.time;
    return must ? fail(parsed.error) : GoTime.ZERO;
  };
  return buildFunctions({
    now: [0, 0, () => now()],
    date: [2, 2, (layout, date) => inZone(stringArg(layout), date, 'Local')],
    dateInZone: [3, 3, (layout, date, zone) => inZone(stringArg(layout), date, stringArg(zone))],
    date_in_zone: [3, 3, (layout, date, zone) => inZone(stringArg(layout), date, stringArg(zone))],
    htmlDate: [1, 1, (date) => inZone('2006-01-02', date, 'Local')],
    htmlDateInZone: [2, 2, (date, zone) => inZone('2006-01-02', date, stringArg(zone))],
    // time.Since(t).Round(time.Second).String()
    ago: [1, 1, (date) => durationString(roundDuration(since(date), SECOND))],
    duration: [1, 1, (v) => duration(v)],
    durationRound: [1, 1, (v) => {
      if (typeof v === 'string') return durationRound(parseDuration(v) ?? 0n);
      if (typeof v === 'bigint') return durationRound(v);
      return durationRound(v instanceof GoTime ? since(v) : 0n);
    }],
    toDate: [2, 2, (layout, text) => toDate(layout, text, false)],
    mustToDate: [2, 2, (layout, text) => toDate(layout, text, true)],
    dateModify: [2, 2, (change, date) => modify(stringArg(change), timeArg(date), false)],
    date_modify: [2, 2, (change, date) => modify(stringArg(change), timeArg(date), false)],
    mustDateModify: [2, 2, (change, date) => modify(stringArg(change), timeArg(date), true)],
    must_date_modify: [2, 2, (change, date) => modify(stringArg(change), timeArg(date), true)],
    unixEpoch: [1, 1, (date) => timeArg(date).unix().toString()],
  });
}
