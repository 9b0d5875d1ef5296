/*
 * Time-zone arithmetic on the IANA database the runtime carries (Intl): the offset in force at an instant, and the
 * instants at which a zone's wall clock passes a given reading. Nothing here reads the current time or the
 * process's own zone.
 */

const HOUR_MS = 3_600_000;
// UTC offsets run from -12:00 to +14:00, so the instants showing a wall-clock reading lie within this span of it.
const MAX_OFFSET_AHEAD = 14 * HOUR_MS;
const MAX_OFFSET_BEHIND = 12 * HOUR_MS;
// Names as the tz database spells them (`Europe/Berlin`, `Etc/GMT+5`, `UTC`); Intl would also take offsets.
const ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/;

/**
 * One formatter per zone, made on first use (making one costs far more than formatting with it). Keyed by the name in
 * lower case: Intl matches zone names ignoring ASCII case, so `EUROPE/BERLIN` is `Europe/Berlin` and takes no entry of
 * its own; the map holds at most one entry per name the runtime's tz database knows (about 600, aliases included).
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

/** Returns why `name` is not a time zone this module can use, or undefined. */
export function validateTimeZone(name: string): string | undefined {
  if (ZONE_NAME.test(name) && formatterFor(name)) return undefined;
  return `"${name}" is not an IANA time zone name (e.g. Europe/Berlin, America/New_York, UTC)`;
}

function formatterFor(zone: string): Intl.DateTimeFormat | undefined {
  // Names reach here spelled in ASCII (ZONE_NAME), so lower case is exactly how Intl folds them.
  const key = zone.toLowerCase();
  let formatter = formatters.get(key);
  if (!formatter) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' });
    } catch {
      return undefined;
    }
    formatters.set(key, formatter);
  }
  return formatter;
}

/** The zone's UTC offset in milliseconds at `instant` (e.g. +3 600 000 for CET). The zone must be valid. */
export function offsetAt(zone: string, instant: number): number {
  if (zone === 'UTC') return 0;
  // "3/29/2026, GMT+02:00"; "GMT" alone for a zero offset; seconds for old local mean times ("GMT+00:53:28").
  const text = formatterFor(zone)!.format(instant);
  const match = /GMT(?:([+-])(\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(text);
  if (!match?.[1]) return 0;
  const ms = (Number(match[2]) * 3600 + Number(match[3]) * 60 + Number(match[4] ?? 0)) * 1000;
  return match[1] === '-' ? -ms : ms;
}

/**
 * The instants at which the zone's wall clock passes the reading `local` (a wall-clock time written as if it were
 * UTC), ascending: one on an ordinary day; two when the clock is set back and shows that reading twice; and, when
 * the clock is set forward over it, the instant of the change, when the clock jumps past it. Assumes at most one
 * offset change within a day, which holds for every zone in use.
 */
export function instantsAt(zone: string, local: number): number[] {
  const before = offsetAt(zone, local - MAX_OFFSET_AHEAD);
  const after = offsetAt(zone, local + MAX_OFFSET_BEHIND);
  if (before === after) return [local - before];
  const shown = [local - before, local - after].filter((instant, i) => offsetAt(zone, instant) === (i === 0 ? before : after));
  if (shown.length > 0) return shown.sort((a, b) => a - b);
  return [changeInstant(zone, local - MAX_OFFSET_AHEAD, local + MAX_OFFSET_BEHIND, before)];
}

/** The first instant in (low, high] whose offset differs from `offset` (the offset at `low`), to the second. */
function changeInstant(zone: string, low: number, high: number, offset: number): number {
  while (high - low > 1000) {
    const middle = low + Math.floor((high - low) / 2000) * 1000;
    if (offsetAt(zone, middle) === offset) low = middle;
    else high = middle;
  }
  return high;
}
