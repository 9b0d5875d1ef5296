/**
 * The parts of Go's time package sprig's date functions need: Time.Format with Go's reference layout
 * ("2006-01-02 15:04:05 MST"), named zones through Intl (an unknown zone falls back to UTC, as sprig does), and
 * Duration's String and ParseDuration. Times have millisecond precision here (nanoseconds in Go).
 */

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

interface ZonedTime {
  parts: { year: number; month: number; day: number; weekday: number; hour: number; minute: number; second: number; millisecond: number; yearDay: number };
  offsetMinutes: number;
  abbreviation: string;
}

/** "Local" is the controller's zone; Argo CD runs in containers without a TZ, i.e. UTC, and so does this. */
function resolveZone(zone: string): string {
  if (zone === '' || zone === 'UTC' || zone === 'Local') return 'UTC';
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return zone;
  } catch {
    return 'UTC';
  }
}

function zoned(instant: Date, zone: string): ZonedTime {
  const timeZone = resolveZone(zone);
  const offsetName = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' }).formatToParts(instant).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(offsetName);
  const offsetMinutes = match ? (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3])) : 0;
  const short = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'short' }).formatToParts(instant).find((p) => p.type === 'timeZoneName')?.value ?? 'UTC';
  const wall = new Date(instant.getTime() + offsetMinutes * 60_000);
  const startOfYear = Date.UTC(wall.getUTCFullYear(), 0, 1);
  return {
    parts: {
      year: wall.getUTCFullYear(), month: wall.getUTCMonth() + 1, day: wall.getUTCDate(), weekday: wall.getUTCDay(), hour: wall.getUTCHours(),
      minute: wall.getUTCMinutes(), second: wall.getUTCSeconds(), millisecond: wall.getUTCMilliseconds(),
      yearDay: Math.floor((wall.getTime() - startOfYear) / 86_400_000) + 1,
    },
    offsetMinutes,
    abbreviation: timeZone === 'UTC' ? 'UTC' : /^[A-Z]{2,5}$/.test(short) ? short : '',
  };
}

const pad = (value: number, width: number, fill = '0') => String(value).padStart(width, fill);

function formatOffset(minutes: number, colon: boolean, withSeconds: boolean, hoursOnly: boolean): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  const hours = pad(Math.floor(abs / 60), 2);
  if (hoursOnly) return sign + hours;
  const parts = [hours, pad(abs % 60, 2), ...(withSeconds ? ['00'] : [])];
  return sign + parts.join(colon ? ':' : '');
}

/** The layout tokens, longest first where one is a prefix of another (Go's nextStdChunk order). */
const TOKENS = ['January', 'Jan', 'Monday', 'Mon', 'MST', '2006', '002', '01', '02', '03', '04', '05', '06', '15', '__2', '_2', '1', '2', '3', '4', '5',
  'PM', 'pm', '-07:00:00', '-070000', '-07:00', '-0700', '-07', 'Z07:00:00', 'Z070000', 'Z07:00', 'Z0700', 'Z07'];

export function formatGoTime(instant: Date, layout: string, zone: string): string {
  const { parts: t, offsetMinutes, abbreviation } = zoned(instant, zone);
  const hour12 = t.hour % 12 === 0 ? 12 : t.hour % 12;
  let out = '';
  for (let i = 0; i < layout.length; ) {
    const fraction = /^[.,](0+|9+)(?!\d)/.exec(layout.slice(i));
    if (fraction) {
      const digits = pad(t.millisecond, 3).padEnd(fraction[1].length, '0').slice(0, fraction[1].length);
      const trimmed = fraction[1][0] === '9' ? digits.replace(/0+$/, '') : digits;
      out += trimmed === '' ? '' : layout[i] + trimmed;
      i += fraction[0].length;
      continue;
    }
    const token = TOKENS.find((candidate) => layout.startsWith(candidate, i) && !((candidate === 'Jan' || candidate === 'Mon') && /^[a-z]/.test(layout.slice(i + 3))));
    if (!token) {
      out += layout[i++];
      continue;
    }
    const utc = offsetMinutes === 0;
    const values: Record<string, () => string> = {
      January: () => MONTHS[t.month - 1], Jan: () => MONTHS[t.month - 1].slice(0, 3), Monday: () => DAYS[t.weekday], Mon: () => DAYS[t.weekday].slice(0, 3),
      MST: () => abbreviation || formatOffset(offsetMinutes, false, false, false), 2006: () => pad(t.year, 4), '002': () => pad(t.yearDay, 3),
      '01': () => pad(t.month, 2), '02': () => pad(t.day, 2), '03': () => pad(hour12, 2), '04': () => pad(t.minute, 2), '05': () => pad(t.second, 2),
      '06': () => pad(t.year % 100, 2), 15: () => pad(t.hour, 2), __2: () => pad(t.yearDay, 3, ' '), _2: () => pad(t.day, 2, ' '), 1: () => String(t.month),
      2: () => String(t.day), 3: () => String(hour12), 4: () => String(t.minute), 5: () => String(t.second), PM: () => (t.hour >= 12 ? 'PM' : 'AM'),
      pm: () => (t.hour >= 12 ? 'pm' : 'am'),
      '-07:00:00': () => formatOffset(offsetMinutes, true, true, false), '-070000': () => formatOffset(offsetMinutes, false, true, false),
      '-07:00': () => formatOffset(offsetMinutes, true, false, false), '-0700': () => formatOffset(offsetMinutes, false, false, false),
      '-07': () => formatOffset(offsetMinutes, false, false, true),
      'Z07:00:00': () => (utc ? 'Z' : formatOffset(offsetMinutes, true, true, false)), Z070000: () => (utc ? 'Z' : formatOffset(offsetMinutes, false, true, false)),
      'Z07:00': () => (utc ? 'Z' : formatOffset(offsetMinutes, true, false, false)), Z0700: () => (utc ? 'Z' : formatOffset(offsetMinutes, false, false, false)),
      Z07: () => (utc ? 'Z' : formatOffset(offsetMinutes, false, false, true)),
    };
    out += values[token]();
    i += token.length;
  }
  return out;
}

const NANOS = { ns: 1n, us: 1_000n, µs: 1_000n, μs: 1_000n, ms: 1_000_000n, s: 1_000_000_000n, m: 60_000_000_000n, h: 3_600_000_000_000n };

/** time.Duration.String: "1h2m3.5s", "1.5ms", "0s". */
export function durationString(nanos: bigint): string {
  if (nanos === 0n) return '0s';
  const sign = nanos < 0n ? '-' : '';
  const abs = nanos < 0n ? -nanos : nanos;
  const withFraction = (value: bigint, unit: bigint): string => {
    const whole = value / unit;
    const fraction = (value % unit).toString().padStart(unit.toString().length - 1, '0').replace(/0+$/, '');
    return fraction ? `${whole}.${fraction}` : `${whole}`;
  };
  if (abs < NANOS.s) {
    if (abs < NANOS.us) return `${sign}${abs}ns`;
    if (abs < NANOS.ms) return `${sign}${withFraction(abs, NANOS.us)}µs`;
    return `${sign}${withFraction(abs, NANOS.ms)}ms`;
  }
  const hours = abs / NANOS.h;
  const minutes = (abs % NANOS.h) / NANOS.m;
  const seconds = withFraction(abs % NANOS.m, NANOS.s);
  if (hours > 0n) return `${sign}${hours}h${minutes}m${seconds}s`;
  if (minutes > 0n) return `${sign}${minutes}m${seconds}s`;
  return `${sign}${seconds}s`;
}

/** time.ParseDuration: "1h30m", "-1.5h", "300ms"; undefined when it does not parse. */
export function parseDuration(text: string): bigint | undefined {
  // Greek mu (U+03BC) as an escape: the bundled hub's text stays within Latin-1 (scripts/bundle-hub.mjs).
  const match = /^([+-]?)((?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|\u03bcs|ms|s|m|h))+$/.exec(text);
  if (text === '0' || text === '+0' || text === '-0') return 0n;
  if (!match) return undefined;
  let total = 0n;
  for (const [, whole, fraction = '', unit] of text.matchAll(/(\d*)(?:\.(\d*))?(ns|us|µs|\u03bcs|ms|s|m|h)/g)) {
    const scale = NANOS[unit as keyof typeof NANOS];
    total += BigInt(whole || '0') * scale + (fraction ? (BigInt(fraction) * scale) / 10n ** BigInt(fraction.length) : 0n);
  }
  return match[1] === '-' ? -total : total;
}
