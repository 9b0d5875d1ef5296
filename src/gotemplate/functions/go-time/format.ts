/**
 * Time.Format (time/format.go appendFormat): each layout element of the reference time "Mon Jan 2 15:04:05 MST 2006"
 * is replaced by the same element of the given time in its zone; everything else is copied.
 */
import { civilFromDays, floorDiv, floorMod, SECONDS_PER_DAY, type CivilDate } from './civil';
import { LONG_DAYS, LONG_MONTHS, nextStdChunk, padInt, type Std } from './layout';
import type { Zone } from './location';

/** An instant as Format sees it: Unix seconds, nanoseconds, and the zone in effect. */
export interface Moment {
  unix: bigint;
  nsec: number;
  zone: Zone;
}

interface Clock {
  hour: number;
  minute: number;
  second: number;
}

/** The wall-clock date and time of a moment in its zone. */
export function wallClock(moment: Moment): CivilDate & Clock {
  const local = moment.unix + BigInt(moment.zone.offset);
  const secondOfDay = Number(floorMod(local, SECONDS_PER_DAY));
  return {
    ...civilFromDays(floorDiv(local, SECONDS_PER_DAY)),
    hour: Math.floor(secondOfDay / 3600),
    minute: Math.floor(secondOfDay / 60) % 60,
    second: secondOfDay % 60,
  };
}

/** appendNano: the fraction of a second with the layout's digits (trailing zeros dropped for .999). */
function fraction(nsec: number, std: Std): string {
  const digits = std.digits ?? 0;
  const trim = std.code === 'FracSecond9';
  if (trim && (digits === 0 || nsec === 0)) return '';
  let text = padInt(nsec, 9).slice(0, Math.min(digits, 9));
  if (trim) text = text.replace(/0+$/, '');
  return text === '' && trim ? '' : `${std.separator}${text}`;
}

const COLON_ZONES = new Set(['ISO8601ColonTZ', 'NumColonTZ', 'ISO8601ColonSecondsTZ', 'NumColonSecondsTZ']);
const SECONDS_ZONES = new Set(['ISO8601SecondsTZ', 'NumSecondsTz', 'NumColonSecondsTZ', 'ISO8601ColonSecondsTZ']);
const SHORT_ZONES = new Set(['NumShortTZ', 'ISO8601ShortTZ']);

/** A numeric zone element ("-0700", "Z07:00", ...); the Z forms print "Z" for a zero offset. */
function numericZone(offset: number, std: Std): string {
  if (offset === 0 && std.code.startsWith('ISO8601')) return 'Z';
  const minutes = Math.trunc(offset / 60);
  const sign = minutes < 0 ? '-' : '+';
  const absMinutes = Math.abs(minutes);
  let out = sign + padInt(Math.trunc(absMinutes / 60), 2);
  if (COLON_ZONES.has(std.code)) out += ':';
  if (!SHORT_ZONES.has(std.code)) out += padInt(absMinutes % 60, 2);
  // The seconds take the sign of the minutes, as Go's absoffset does.
  if (SECONDS_ZONES.has(std.code)) out += (std.code.includes('Colon') ? ':' : '') + padInt((minutes < 0 ? -offset : offset) % 60, 2);
  return out;
}

export function formatMoment(moment: Moment, layout: string): string {
  const t = wallClock(moment);
  const { offset, abbreviation } = moment.zone;
  const hour12 = t.hour % 12 === 0 ? 12 : t.hour % 12;
  let out = '';
  for (let rest = layout; rest !== ''; ) {
    const { prefix, std, suffix } = nextStdChunk(rest);
    out += prefix;
    if (!std) break;
    rest = suffix;
    switch (std.code) {
      case 'Year': out += padInt(Math.abs(t.year) % 100, 2); break;
      case 'LongYear': out += padInt(t.year, 4); break;
      case 'Month': out += LONG_MONTHS[t.month - 1].slice(0, 3); break;
      case 'LongMonth': out += LONG_MONTHS[t.month - 1]; break;
      case 'NumMonth': out += String(t.month); break;
      case 'ZeroMonth': out += padInt(t.month, 2); break;
      case 'WeekDay': out += LONG_DAYS[t.weekday].slice(0, 3); break;
      case 'LongWeekDay': out += LONG_DAYS[t.weekday]; break;
      case 'Day': out += String(t.day); break;
      case 'UnderDay': out += (t.day < 10 ? ' ' : '') + String(t.day); break;
      case 'ZeroDay': out += padInt(t.day, 2); break;
      case 'UnderYearDay': out += String(t.yearDay).padStart(3, ' '); break;
      case 'ZeroYearDay': out += padInt(t.yearDay, 3); break;
      case 'Hour': out += padInt(t.hour, 2); break;
      case 'Hour12': out += String(hour12); break;
      case 'ZeroHour12': out += padInt(hour12, 2); break;
      case 'Minute': out += String(t.minute); break;
      case 'ZeroMinute': out += padInt(t.minute, 2); break;
      case 'Second': out += String(t.second); break;
      case 'ZeroSecond': out += padInt(t.second, 2); break;
      case 'PM': out += t.hour >= 12 ? 'PM' : 'AM'; break;
      case 'pm': out += t.hour >= 12 ? 'pm' : 'am'; break;
      // Without an abbreviation, MST prints the offset as -0700.
      case 'TZ': out += abbreviation !== '' ? abbreviation : numericZone(offset, { code: 'NumTZ' }); break;
      case 'FracSecond0':
      case 'FracSecond9': out += fraction(moment.nsec, std); break;
      default: out += numericZone(offset, std);
    }
  }
  return out;
}
