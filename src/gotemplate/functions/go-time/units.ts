/**
 * The integer types of Go's time package that Time's methods return: Month and Weekday (printed by name) and
 * Duration (int64 nanoseconds, printed as "1h0m0s"). They compare, print with %d and convert with cast as Go
 * integers do, and keep their String method for %v, %s and the template's output.
 */
import { GoObject, type GoMember, type GoParam, type GoValue } from '../../value';
import { durationString, MAX_DURATION, MIN_DURATION, roundDuration, truncateDuration } from './duration';
import { LONG_DAYS, LONG_MONTHS } from './layout';

type Methods = Record<string, { params: GoParam[]; call: (self: bigint, args: GoValue[]) => GoValue }>;

abstract class TimeInteger extends GoObject {
  constructor(override readonly integer: bigint) {
    super();
  }
  protected abstract readonly methods: Methods;
  equals(other: GoObject): boolean {
    return other.integer === this.integer;
  }
  goSyntax(): string {
    return this.integer.toString();
  }
  jsonValue(): GoValue {
    return this.integer;
  }
  member(name: string): GoMember | undefined {
    if (!Object.hasOwn(this.methods, name)) return undefined;
    const method = this.methods[name];
    return { kind: 'method', params: method.params, call: (args) => method.call(this.integer, args) };
  }
}

const stringMethod = (format: (value: bigint) => string): Methods => ({ String: { params: [], call: (self) => format(self) } });

const monthName = (value: bigint): string => (value >= 1n && value <= 12n ? LONG_MONTHS[Number(value) - 1] : `%!Month(${value})`);
const weekdayName = (value: bigint): string => (value >= 0n && value <= 6n ? LONG_DAYS[Number(value)] : `%!Weekday(${value})`);

export class GoMonth extends TimeInteger {
  readonly typeName = 'time.Month';
  readonly kind = 'int';
  protected readonly methods = stringMethod(monthName);
  override stringer(): string {
    return monthName(this.integer);
  }
  override withInteger(value: bigint): GoObject {
    return new GoMonth(value);
  }
}

export class GoWeekday extends TimeInteger {
  readonly typeName = 'time.Weekday';
  readonly kind = 'int';
  protected readonly methods = stringMethod(weekdayName);
  override stringer(): string {
    return weekdayName(this.integer);
  }
  override withInteger(value: bigint): GoObject {
    return new GoWeekday(value);
  }
}

/** A time.Duration parameter: an integer constant (`.Add 3600000000000`) or a Duration value, never a plain int. */
export const DURATION_PARAM: GoParam = { type: 'time.Duration', constant: 'int', accepts: (value) => value instanceof GoDuration };

/** A method's Duration argument in nanoseconds (an integer constant arrives as bigint). */
export const nanosOf = (value: GoValue): bigint => (value instanceof GoDuration ? value.integer : (value as bigint));

const HOUR = 3_600_000_000_000n;
const MINUTE = 60_000_000_000n;
const SECOND = 1_000_000_000n;
/** Duration.Hours and friends: whole units plus the remainder as a float64 fraction. */
const inUnits = (d: bigint, unit: bigint): number => Number(d / unit) + Number(d % unit) / Number(unit);

const DURATION_METHODS: Methods = {
  ...stringMethod(durationString),
  Hours: { params: [], call: (d) => inUnits(d, HOUR) },
  Minutes: { params: [], call: (d) => inUnits(d, MINUTE) },
  Seconds: { params: [], call: (d) => inUnits(d, SECOND) },
  Milliseconds: { params: [], call: (d) => d / 1_000_000n },
  Microseconds: { params: [], call: (d) => d / 1_000n },
  Nanoseconds: { params: [], call: (d) => d },
  Round: { params: [DURATION_PARAM], call: (d, [m]) => new GoDuration(roundDuration(d, nanosOf(m))) },
  Truncate: { params: [DURATION_PARAM], call: (d, [m]) => new GoDuration(truncateDuration(d, nanosOf(m))) },
  Abs: { params: [], call: (d) => new GoDuration(d >= 0n ? d : d === MIN_DURATION ? MAX_DURATION : -d) },
};

export class GoDuration extends TimeInteger {
  readonly typeName = 'time.Duration';
  readonly kind = 'int64';
  protected readonly methods = DURATION_METHODS;
  override stringer(): string {
    return durationString(this.integer);
  }
  override withInteger(value: bigint): GoObject {
    return new GoDuration(value);
  }
}
