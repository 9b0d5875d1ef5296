import type { Clock } from '../../clock/clock';
import type { GoValue } from '../value';
import { buildFunctions, stringArg } from './args';
import { durationString, formatGoTime, parseDuration } from './go-time';

/**
 * sprig's date functions over what GoValue can carry: a date argument is Unix seconds (an int); sprig's other accepted
 * type, time.Time, has no GoValue form, so the functions that produce or require one (now, toDate, dateModify,
 * unixEpoch…) are in NOT_IMPLEMENTED. Like sprig, a date argument of any other type means "now".
 */

const HOUR = 3_600_000_000_000n;
const ROUNDING_UNITS: Array<[bigint, string]> = [
  [HOUR * 24n * 365n, 'y'], [HOUR * 24n * 30n, 'mo'], [HOUR * 24n, 'd'], [HOUR, 'h'], [60_000_000_000n, 'm'], [1_000_000_000n, 's'],
];

/** sprig durationRound: the largest whole unit the duration exceeds ("2h", "3mo"); "0s" below a second. */
function durationRound(value: GoValue): string {
  let nanos = 0n;
  if (typeof value === 'string') nanos = parseDuration(value) ?? 0n;
  else if (typeof value === 'bigint') nanos = value;
  const abs = nanos < 0n ? -nanos : nanos;
  for (const [unit, suffix] of ROUNDING_UNITS) if (abs > unit) return `${abs / unit}${suffix}`;
  return '0s';
}

/** sprig duration: seconds (an int or a decimal string) as a Go duration string ("1m30s"). */
function duration(value: GoValue): string {
  let seconds = 0n;
  if (typeof value === 'string' && /^[+-]?\d+$/.test(value)) seconds = BigInt(value);
  else if (typeof value === 'bigint') seconds = value;
  return durationString(BigInt.asIntN(64, seconds * 1_000_000_000n));
}

export function dateFunctions(clock: Pick<Clock, 'now'>) {
  const instant = (value: GoValue): Date => (typeof value === 'bigint' ? new Date(Number(value) * 1000) : clock.now());
  const inZone = (layout: GoValue, date: GoValue, zone: string) => formatGoTime(instant(date), stringArg(layout), zone);
  return buildFunctions({
    date: [2, 2, (layout, date) => inZone(layout, date, 'Local')],
    dateInZone: [3, 3, (layout, date, zone) => inZone(layout, date, stringArg(zone))],
    date_in_zone: [3, 3, (layout, date, zone) => inZone(layout, date, stringArg(zone))],
    htmlDate: [1, 1, (date) => formatGoTime(instant(date), '2006-01-02', 'Local')],
    htmlDateInZone: [2, 2, (date, zone) => formatGoTime(instant(date), '2006-01-02', stringArg(zone))],
    // time.Since(t).Round(time.Second).String()
    ago: [1, 1, (date) => {
      const millis = BigInt(clock.now().getTime() - instant(date).getTime());
      const seconds = millis >= 0n ? (millis + 500n) / 1000n : (millis - 500n) / 1000n;
      return durationString(seconds * 1_000_000_000n);
    }],
    duration: [1, 1, (v) => duration(v)],
    durationRound: [1, 1, (v) => durationRound(v)],
  });
}
