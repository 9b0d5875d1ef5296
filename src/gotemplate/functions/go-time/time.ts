/**
 * time.Time: an instant (Go's seconds since January 1, year 1 UTC, plus nanoseconds) and a location. It prints as
 * Time.String does, marshals to JSON as RFC 3339 with nanoseconds, compares with eq as Go's == (same instant and
 * same *Location), and offers the methods templates call: `{{ now.Year }}`, `{{ $t.Format "2006" }}`, `{{ $t.Add
 * 3600000000000 }}`... Arithmetic saturates and wraps where Go's int64 fields do.
 *
 * Unlike Go's time.Now(), a time read from the clock carries no monotonic reading (no " m=+..." when printed).
 */
import { GoObject, GoTemplateFunctionError, type GoMember, type GoParam, type GoValue } from '../../value';
import { daysFromCivil, floorDiv, floorMod, SECONDS_PER_DAY } from './civil';
import { MAX_DURATION, MIN_DURATION, lessThanHalf } from './duration';
import { formatMoment, wallClock, type Moment } from './format';
import { LONG_MONTHS, timeQuote } from './layout';
import { LOCAL, UTC, type GoLocation } from './location';
import { DURATION_PARAM, GoDuration, GoMonth, GoWeekday, nanosOf } from './units';

const UNIX_TO_INTERNAL = 62_135_596_800n;
const MAX_INT64 = 2n ** 63n - 1n;
const NANOS_PER_SECOND = 1_000_000_000n;
const wrapInt64 = (value: bigint): bigint => BigInt.asIntN(64, value);

/** time.Date: the fields normalised (month 13 is January of the next year, day 0 the last of the month before). */
export function goDate(year: bigint, month: bigint, day: bigint, hour: bigint, minute: bigint, second: bigint, nanos: bigint, loc: GoLocation): GoTime {
  const monthIndex = month - 1n;
  const y = year + floorDiv(monthIndex, 12n);
  const m = Number(floorMod(monthIndex, 12n)) + 1;
  const s = second + floorDiv(nanos, NANOS_PER_SECOND);
  const totalSeconds = (daysFromCivil(y, m) + day - 1n) * SECONDS_PER_DAY + hour * 3600n + minute * 60n + s;
  // The zone's offset at that wall time, looked up again at the UTC instant in case a transition lies between.
  const guess = loc.lookup(totalSeconds).offset;
  const offset = guess === 0 ? 0 : loc.lookup(totalSeconds - BigInt(guess)).offset;
  return new GoTime(wrapInt64(totalSeconds - BigInt(offset) + UNIX_TO_INTERNAL), Number(floorMod(nanos, NANOS_PER_SECOND)), loc);
}

/** time.Unix(seconds, nanos) in Local. */
export function unixTime(seconds: bigint, nanos = 0n): GoTime {
  return new GoTime(wrapInt64(seconds + floorDiv(nanos, NANOS_PER_SECOND) + UNIX_TO_INTERNAL), Number(floorMod(nanos, NANOS_PER_SECOND)), LOCAL);
}

/** A clock reading as time.Now() returns it: Local, at the clock's millisecond precision. */
export function timeFromDate(date: Date): GoTime {
  return unixTime(0n, BigInt(date.getTime()) * 1_000_000n);
}

/** A time.Time parameter (Before, Sub, dateModify...): only a time value, never a constant. */
const TIME_PARAM: GoParam = { type: 'time.Time', constant: 'none', accepts: (value) => value instanceof GoTime };
const INT_PARAM: GoParam = { type: 'int', constant: 'int', accepts: (value) => typeof value === 'bigint' };
const STRING_PARAM: GoParam = { type: 'string', constant: 'string', accepts: (value) => typeof value === 'string' };

const sign = (value: bigint): bigint => (value > 0n ? 1n : value < 0n ? -1n : 0n);

export class GoTime extends GoObject {
  readonly typeName = 'time.Time';
  readonly kind = 'struct';

  /** `sec`: Go's seconds since January 1, year 1 UTC (int64); `nsec`: 0 to 999,999,999. */
  constructor(readonly sec: bigint, readonly nsec: number, readonly loc: GoLocation) {
    super();
  }

  /** The zero Time: January 1, year 1, 00:00:00 UTC. */
  static readonly ZERO = new GoTime(0n, 0, UTC);

  /** Unix seconds without wrapping (formatting works on the exact instant, as Go's absolute time does). */
  private get unixExact(): bigint {
    return this.sec - UNIX_TO_INTERNAL;
  }

  private get moment(): Moment {
    return { unix: this.unixExact, nsec: this.nsec, zone: this.loc.lookup(this.unixExact) };
  }

  /** The date and clock in the time's location. */
  wall(): ReturnType<typeof wallClock> {
    return wallClock(this.moment);
  }

  /** Time.Unix (int64 arithmetic wraps, as in Go). */
  unix(): bigint {
    return wrapInt64(this.unixExact);
  }

  format(layout: string): string {
    return formatMoment(this.moment, layout);
  }

  /** Time.IsDST: never for UTC, Local (UTC here) and fixed zones. */
  isDST(): boolean {
    return this.loc.isDST(this.unixExact);
  }

  withLocation(loc: GoLocation): GoTime {
    return new GoTime(this.sec, this.nsec, loc);
  }

  /** Time.Add: the seconds saturate at the int64 limits instead of overflowing. */
  add(nanos: bigint): GoTime {
    let seconds = nanos / NANOS_PER_SECOND;
    let nsec = this.nsec + Number(nanos % NANOS_PER_SECOND);
    if (nsec >= 1e9) {
      seconds++;
      nsec -= 1e9;
    } else if (nsec < 0) {
      seconds--;
      nsec += 1e9;
    }
    const sum = this.sec + seconds;
    const sec = sum > MAX_INT64 ? MAX_INT64 : sum < -MAX_INT64 - 1n ? -MAX_INT64 : sum;
    return new GoTime(sec, nsec, this.loc);
  }

  /** Time.Sub: the duration t-u, saturated to the Duration range. */
  sub(other: GoTime): bigint {
    const nanos = (this.sec - other.sec) * NANOS_PER_SECOND + BigInt(this.nsec - other.nsec);
    return nanos > MAX_DURATION ? MAX_DURATION : nanos < MIN_DURATION ? MIN_DURATION : nanos;
  }

  compare(other: GoTime): bigint {
    return this.sec !== other.sec ? sign(this.sec - other.sec) : BigInt(Math.sign(this.nsec - other.nsec));
  }

  /** Time.Truncate (round false) and Time.Round: to a multiple of `d` since the zero time, halfway rounding up. */
  roundTo(d: bigint, round: boolean): GoTime {
    if (d <= 0n) return this;
    const r = floorMod(this.sec * NANOS_PER_SECOND + BigInt(this.nsec), d);
    return round && !lessThanHalf(r, d) ? this.add(d - r) : this.add(-r);
  }

  /** Time.AddDate: through Date, so January 31 plus one month is March 2 or 3. */
  addDate(years: bigint, months: bigint, days: bigint): GoTime {
    const t = this.wall();
    return goDate(BigInt(t.year) + years, BigInt(t.month) + months, BigInt(t.day) + days, BigInt(t.hour), BigInt(t.minute), BigInt(t.second), BigInt(this.nsec), this.loc);
  }

  override stringer(): string {
    return this.format('2006-01-02 15:04:05.999999999 -0700 MST');
  }

  /** Time.GoString, which %#v prints. */
  goSyntax(): string {
    const t = this.wall();
    const where = this.loc.kind === 'utc' ? 'time.UTC' : this.loc.kind === 'local' ? 'time.Local' : `time.Location(${timeQuote(this.loc.name)})`;
    return `time.Date(${t.year}, time.${LONG_MONTHS[t.month - 1]}, ${t.day}, ${t.hour}, ${t.minute}, ${t.second}, ${this.nsec}, ${where})`;
  }

  equals(other: GoObject): boolean {
    return other instanceof GoTime && other.sec === this.sec && other.nsec === this.nsec && other.loc === this.loc;
  }

  /** reflect.DeepEqual follows the *Location pointer: two fixed zones of the same name and offset are equal. */
  override deepEquals(other: GoObject): boolean {
    if (!(other instanceof GoTime) || other.sec !== this.sec || other.nsec !== this.nsec) return false;
    const [a, b] = [this.loc, other.loc];
    return a === b || (a.kind === b.kind && a.name === b.name && a.fixedOffset === b.fixedOffset && a.kind !== 'local');
  }

  /** Time.MarshalJSON: RFC 3339 with nanoseconds; years outside 0-9999 and offsets of 24 hours or more fail. */
  jsonValue(): GoValue {
    const text = this.format('2006-01-02T15:04:05.999999999Z07:00');
    const offset = this.moment.zone.offset;
    let problem = '';
    if (text[4] !== '-') problem = 'year outside of range [0,9999]';
    else if (!text.endsWith('Z') && Math.abs(Math.trunc(offset / 3600)) >= 24) problem = 'timezone hour outside of range [0,23]';
    if (problem) throw new GoTemplateFunctionError(`json: error calling MarshalJSON for type time.Time: Time.MarshalJSON: ${problem}`);
    return text;
  }

  member(name: string): GoMember | undefined {
    if (name === 'wall' || name === 'ext' || name === 'loc') return { kind: 'unexported' };
    if (!Object.hasOwn(TIME_METHODS, name)) return undefined;
    const [params, call] = TIME_METHODS[name];
    return { kind: 'method', params, call: (args) => call(this, args) };
  }
}

type TimeMethod = [params: GoParam[], call: (t: GoTime, args: GoValue[]) => GoValue];
const field = (pick: (t: ReturnType<typeof wallClock>) => number): TimeMethod => [[], (t) => BigInt(pick(t.wall()))];
const other = (value: GoValue): GoTime => value as GoTime;

/** The methods of time.Time that return one value (text/template cannot call Date, Clock, Zone or ISOWeek). */
const TIME_METHODS: Record<string, TimeMethod> = {
  String: [[], (t) => t.stringer()],
  GoString: [[], (t) => t.goSyntax()],
  Format: [[STRING_PARAM], (t, [layout]) => t.format(layout as string)],
  Unix: [[], (t) => t.unix()],
  UnixMilli: [[], (t) => wrapInt64(t.unix() * 1000n + BigInt(Math.trunc(t.nsec / 1e6)))],
  UnixMicro: [[], (t) => wrapInt64(t.unix() * 1_000_000n + BigInt(Math.trunc(t.nsec / 1e3)))],
  UnixNano: [[], (t) => wrapInt64(t.unix() * NANOS_PER_SECOND + BigInt(t.nsec))],
  UTC: [[], (t) => t.withLocation(UTC)],
  Local: [[], (t) => t.withLocation(LOCAL)],
  Year: field((c) => c.year),
  Month: [[], (t) => new GoMonth(BigInt(t.wall().month))],
  Day: field((c) => c.day),
  Hour: field((c) => c.hour),
  Minute: field((c) => c.minute),
  Second: field((c) => c.second),
  Nanosecond: [[], (t) => BigInt(t.nsec)],
  YearDay: field((c) => c.yearDay),
  Weekday: [[], (t) => new GoWeekday(BigInt(t.wall().weekday))],
  IsZero: [[], (t) => t.sec === 0n && t.nsec === 0],
  IsDST: [[], (t) => t.isDST()],
  Add: [[DURATION_PARAM], (t, [d]) => t.add(nanosOf(d))],
  AddDate: [[INT_PARAM, INT_PARAM, INT_PARAM], (t, [y, m, d]) => t.addDate(y as bigint, m as bigint, d as bigint)],
  Sub: [[TIME_PARAM], (t, [u]) => new GoDuration(t.sub(other(u)))],
  Before: [[TIME_PARAM], (t, [u]) => t.compare(other(u)) < 0n],
  After: [[TIME_PARAM], (t, [u]) => t.compare(other(u)) > 0n],
  Equal: [[TIME_PARAM], (t, [u]) => t.compare(other(u)) === 0n],
  Compare: [[TIME_PARAM], (t, [u]) => t.compare(other(u))],
  Truncate: [[DURATION_PARAM], (t, [d]) => t.roundTo(nanosOf(d), false)],
  Round: [[DURATION_PARAM], (t, [d]) => t.roundTo(nanosOf(d), true)],
};
