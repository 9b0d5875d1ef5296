/**
 * time.Location as templates can meet it. Argo CD's containers run without TZ, so Go's Local is UTC there (named
 * "Local", abbreviated "UTC"), and so it is here. Parsing an offset creates fixed zones; sprig's dateInZone loads
 * named zones: a name Go would find (exactly, case included) is resolved through Intl, any other falls back to UTC,
 * as sprig does when LoadLocation fails.
 *
 * Locations are compared by identity, as Go compares *Location in `==`: UTC and Local are singletons, each parse of
 * "+05:30" makes a new zone, but unnamed whole-hour zones from -12 to +14 are shared (Go's FixedZone cache).
 */

import { TZDATA_NAMES } from './tzdata-names';

export interface Zone {
  abbreviation: string;
  /** Seconds east of UTC. */
  offset: number;
}

export interface GoLocation {
  readonly name: string;
  /** The zone in effect at a Unix second. */
  lookup(unixSeconds: bigint): Zone;
  /** Whether daylight saving time is in effect at a Unix second (Time.IsDST). */
  isDST(unixSeconds: bigint): boolean;
  /** How %#v names it: time.UTC, time.Local or time.Location("name"). */
  readonly kind: 'utc' | 'local' | 'fixed' | 'named';
  /** The offset of a fixed zone (DeepEqual compares fixed zones by name and offset). */
  readonly fixedOffset?: number;
}

const UTC_ZONE: Zone = { abbreviation: 'UTC', offset: 0 };

const never = (): boolean => false;

export const UTC: GoLocation = { name: 'UTC', kind: 'utc', lookup: () => UTC_ZONE, isDST: never };
export const LOCAL: GoLocation = { name: 'Local', kind: 'local', lookup: () => UTC_ZONE, isDST: never };

function makeFixedZone(name: string, offset: number): GoLocation {
  const zone = { abbreviation: name, offset };
  return { name, kind: 'fixed', fixedOffset: offset, lookup: () => zone, isDST: never };
}

const UNNAMED_HOURS = new Map<number, GoLocation>();

/** time.FixedZone. */
export function fixedZone(name: string, offset: number): GoLocation {
  const hour = Math.trunc(offset / 3600);
  if (name !== '' || hour < -12 || hour > 14 || hour * 3600 !== offset) return makeFixedZone(name, offset);
  let zone = UNNAMED_HOURS.get(hour);
  if (!zone) UNNAMED_HOURS.set(hour, (zone = makeFixedZone('', offset)));
  return zone;
}

/** JavaScript's Date range, in seconds: Intl cannot look a zone up outside it. */
const INTL_LIMIT = 8_640_000_000_000n;

/**
 * An IANA zone through Intl; Intl's short names that are not abbreviations ("GMT+5:30") count as none. Intl does not
 * say whether a time is daylight saving time: it is when the offset exceeds the smaller of the year's January and
 * July offsets (the standard one). Zones whose tzdata rules use negative DST (Europe/Dublin) answer the other way
 * round from Go.
 */
function namedZone(name: string): GoLocation {
  const offsets = new Intl.DateTimeFormat('en-US', { timeZone: name, timeZoneName: 'longOffset' });
  const names = new Intl.DateTimeFormat('en-US', { timeZone: name, timeZoneName: 'short' });
  const zoneName = (format: Intl.DateTimeFormat, instant: Date) => format.formatToParts(instant).find((part) => part.type === 'timeZoneName')?.value ?? '';
  const instantOf = (unixSeconds: bigint): Date => {
    const clamped = unixSeconds > INTL_LIMIT ? INTL_LIMIT : unixSeconds < -INTL_LIMIT ? -INTL_LIMIT : unixSeconds;
    return new Date(Number(clamped) * 1000);
  };
  const offsetAt = (instant: Date): number => {
    const match = /GMT([+-])(\d{2}):(\d{2})/.exec(zoneName(offsets, instant));
    return match ? (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 3600 + Number(match[3]) * 60) : 0;
  };
  return {
    name,
    kind: 'named',
    lookup(unixSeconds) {
      const instant = instantOf(unixSeconds);
      const short = zoneName(names, instant);
      return { abbreviation: /^[A-Z]{2,5}$/.test(short) ? short : '', offset: offsetAt(instant) };
    },
    isDST(unixSeconds) {
      const instant = instantOf(unixSeconds);
      const year = instant.getUTCFullYear();
      const standard = Math.min(offsetAt(new Date(Date.UTC(year, 0, 1))), offsetAt(new Date(Date.UTC(year, 6, 1))));
      return offsetAt(instant) > standard;
    },
  };
}

let intlZones: ReadonlySet<string> | undefined;

/**
 * Whether Go's LoadLocation finds the name: a tzdata name, or one Intl lists (a zone newer than TZDATA_NAMES), matched
 * exactly. Intl alone would take "america/new_york" (it ignores case) and, on recent Node, "+05:30"; Go refuses both.
 */
function goKnowsZone(name: string): boolean {
  intlZones ??= new Set(Intl.supportedValuesOf('timeZone'));
  return TZDATA_NAMES.has(name) || intlZones.has(name);
}

/** sprig's zone choice: time.LoadLocation(zone), or UTC when it fails. */
export function loadLocationOrUtc(zone: string): GoLocation {
  if (zone === '' || zone === 'UTC') return UTC;
  if (zone === 'Local') return LOCAL;
  if (!goKnowsZone(zone)) return UTC;
  try {
    return namedZone(zone);
  } catch {
    return UTC;
  }
}
