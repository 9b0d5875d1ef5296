/**
 * time.Location as templates can meet it. Argo CD's containers run without TZ, so Go's Local is UTC there (named
 * "Local", abbreviated "UTC"), and so it is here. Parsing an offset creates fixed zones; sprig's dateInZone loads
 * named zones, which Intl resolves (an unknown name falls back to UTC, as sprig does).
 *
 * Locations are compared by identity, as Go compares *Location in `==`: UTC and Local are singletons, each parse of
 * "+05:30" makes a new zone, but unnamed whole-hour zones from -12 to +14 are shared (Go's FixedZone cache).
 */

export interface Zone {
  abbreviation: string;
  /** Seconds east of UTC. */
  offset: number;
}

export interface GoLocation {
  readonly name: string;
  /** The zone in effect at a Unix second. */
  lookup(unixSeconds: bigint): Zone;
  /** How %#v names it: time.UTC, time.Local or time.Location("name"). */
  readonly kind: 'utc' | 'local' | 'fixed' | 'named';
  /** The offset of a fixed zone (DeepEqual compares fixed zones by name and offset). */
  readonly fixedOffset?: number;
}

const UTC_ZONE: Zone = { abbreviation: 'UTC', offset: 0 };

export const UTC: GoLocation = { name: 'UTC', kind: 'utc', lookup: () => UTC_ZONE };
export const LOCAL: GoLocation = { name: 'Local', kind: 'local', lookup: () => UTC_ZONE };

function makeFixedZone(name: string, offset: number): GoLocation {
  const zone = { abbreviation: name, offset };
  return { name, kind: 'fixed', fixedOffset: offset, lookup: () => zone };
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

/** An IANA zone through Intl; Intl's short names that are not abbreviations ("GMT+5:30") count as none. */
function namedZone(name: string): GoLocation {
  const offsets = new Intl.DateTimeFormat('en-US', { timeZone: name, timeZoneName: 'longOffset' });
  const names = new Intl.DateTimeFormat('en-US', { timeZone: name, timeZoneName: 'short' });
  const zoneName = (format: Intl.DateTimeFormat, instant: Date) => format.formatToParts(instant).find((part) => part.type === 'timeZoneName')?.value ?? '';
  return {
    name,
    kind: 'named',
    lookup(unixSeconds) {
      const clamped = unixSeconds > INTL_LIMIT ? INTL_LIMIT : unixSeconds < -INTL_LIMIT ? -INTL_LIMIT : unixSeconds;
      const instant = new Date(Number(clamped) * 1000);
      const match = /GMT([+-])(\d{2}):(\d{2})/.exec(zoneName(offsets, instant));
      const offset = match ? (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 3600 + Number(match[3]) * 60) : 0;
      const short = zoneName(names, instant);
      return { abbreviation: /^[A-Z]{2,5}$/.test(short) ? short : '', offset };
    },
  };
}

/** sprig's zone choice: time.LoadLocation(zone), or UTC when it fails. */
export function loadLocationOrUtc(zone: string): GoLocation {
  if (zone === '' || zone === 'UTC') return UTC;
  if (zone === 'Local') return LOCAL;
  try {
    return namedZone(zone);
  } catch {
    return UTC;
  }
}
