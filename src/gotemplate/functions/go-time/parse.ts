/**
 * time.ParseInLocation(layout, value, time.Local), which sprig's toDate calls: Go's parse loop element by element,
 * with its leniencies (a fraction after the seconds even when the layout has none, "_2" taking a space, signs in
 * numbers), its zone rules and its ParseError texts. Local is UTC here, so an offset of zero parses into Local, any
 * other offset or an unknown abbreviation into a fixed zone.
 */
import { daysBefore, daysIn, isLeap } from './civil';
import { LONG_DAYS, LONG_MONTHS, nextStdChunk, SHORT_DAYS, SHORT_MONTHS, timeQuote } from './layout';
import { fixedZone, LOCAL, UTC, type GoLocation } from './location';
import { atoi, commaOrPeriod, getnum, getnum3, isDigit, lookup, NUMERIC_ZONE_SHAPES, parseNanoseconds, parseTimeZone, skip } from './parse-fields';
import { goDate, type GoTime } from './time';

export function parseInLocal(layout: string, input: string): { time: GoTime } | { error: string } {
  const parseError = (layoutElem: string, valueElem: string, message = '') => ({
    error: message === ''
      ? `parsing time ${timeQuote(input)} as ${timeQuote(layout)}: cannot parse ${timeQuote(valueElem)} as ${timeQuote(layoutElem)}`
      : `parsing time ${timeQuote(input)}${message}`,
  });
  let [year, month, day, yday, hour, minute, second, nanos] = [0, -1, -1, -1, 0, 0, 0, 0];
  let [amSet, pmSet] = [false, false];
  let zone: GoLocation | undefined;
  let zoneOffset = -1;
  let zoneName = '';
  let value = input;
  for (let rest = layout; ; ) {
    const { prefix, std, text: stdText, suffix } = nextStdChunk(rest);
    const [skipped, matched] = skip(value, prefix);
    value = skipped;
    if (!matched) return parseError(prefix, value);
    if (!std) {
      if (value.length !== 0) return parseError('', value, `: extra text: ${timeQuote(value)}`);
      break;
    }
    rest = suffix;
    const hold = value;
    let ok = true;
    let range = '';
    /** Reads a number with `read`, stores it and checks its range; false when it does not parse. */
    const number = (read: [number, string] | undefined, store: (n: number) => void, min: number, max: number, name: string): boolean => {
      if (!read) return false;
      store(read[0]);
      value = read[1];
      if (read[0] < min || read[0] > max) range = name;
      return true;
    };
    switch (std.code) {
      case 'Year': {
        const parsed = value.length >= 2 ? atoi(value.slice(0, 2)) : undefined;
        ok = parsed !== undefined;
        if (value.length >= 2) value = value.slice(2);
        if (parsed !== undefined) year = parsed >= 69 ? parsed + 1900 : parsed + 2000;
        break;
      }
      case 'LongYear': {
        const parsed = value.length >= 4 && isDigit(value, 0) ? atoi(value.slice(0, 4)) : undefined;
        if (value.length >= 4 && isDigit(value, 0)) value = value.slice(4);
        ok = parsed !== undefined;
        year = parsed ?? 0;
        break;
      }
      case 'Month':
      case 'LongMonth': {
        const found = lookup(std.code === 'Month' ? SHORT_MONTHS : LONG_MONTHS, value);
        month = found ? found[0] + 1 : 0;
        if (found) value = found[1];
        ok = found !== undefined;
        break;
      }
      case 'NumMonth':
      case 'ZeroMonth':
        ok = number(getnum(value, std.code === 'ZeroMonth'), (n) => (month = n), 1, 12, 'month');
        break;
      case 'WeekDay':
      case 'LongWeekDay': {
        // The day of the week is checked for syntax only.
        const found = lookup(std.code === 'WeekDay' ? SHORT_DAYS : LONG_DAYS, value);
        if (found) value = found[1];
        ok = found !== undefined;
        break;
      }
      case 'Day':
      case 'UnderDay':
      case 'ZeroDay':
        if (std.code === 'UnderDay' && value[0] === ' ') value = value.slice(1);
        // Any one- or two-digit day here; checked against the month at the end.
        ok = number(getnum(value, std.code === 'ZeroDay'), (n) => (day = n), 0, 99, '');
        break;
      case 'UnderYearDay':
      case 'ZeroYearDay':
        for (let i = 0; i < 2; i++) if (std.code === 'UnderYearDay' && value[0] === ' ') value = value.slice(1);
        ok = number(getnum3(value, std.code === 'ZeroYearDay'), (n) => (yday = n), 0, 999, '');
        break;
      case 'Hour':
        ok = number(getnum(value, false), (n) => (hour = n), 0, 23, 'hour');
        break;
      case 'Hour12':
      case 'ZeroHour12':
        ok = number(getnum(value, std.code === 'ZeroHour12'), (n) => (hour = n), 0, 12, 'hour');
        break;
      case 'Minute':
      case 'ZeroMinute':
        ok = number(getnum(value, std.code === 'ZeroMinute'), (n) => (minute = n), 0, 59, 'minute');
        break;
      case 'Second':
      case 'ZeroSecond': {
        ok = number(getnum(value, std.code === 'ZeroSecond'), (n) => (second = n), 0, 59, 'second');
        if (!ok || range !== '') break;
        // A fraction after the seconds is read even when the layout has none (unless one follows in the layout).
        if (value.length >= 2 && commaOrPeriod(value[0]) && isDigit(value, 1)) {
          const next = nextStdChunk(rest).std?.code;
          if (next === 'FracSecond0' || next === 'FracSecond9') break;
          let n = 2;
          while (isDigit(value, n)) n++;
          const fraction = parseNanoseconds(value, n);
          ok = fraction.nanos !== undefined || fraction.range !== undefined;
          range = fraction.range ?? '';
          nanos = fraction.nanos ?? 0;
          value = value.slice(n);
        }
        break;
      }
      case 'PM':
      case 'pm': {
        const mark = value.slice(0, 2);
        const [pm, am] = std.code === 'PM' ? ['PM', 'AM'] : ['pm', 'am'];
        ok = value.length >= 2 && (mark === pm || mark === am);
        if (value.length >= 2) value = value.slice(2);
        if (mark === pm) pmSet = ok;
        else amSet = ok;
        break;
      }
      case 'TZ': {
        if (value.startsWith('UTC')) {
          zone = UTC;
          value = value.slice(3);
          break;
        }
        const length = parseTimeZone(value);
        ok = length > 0;
        zoneName = value.slice(0, length);
        value = value.slice(length);
        break;
      }
      case 'FracSecond0': {
        const length = 1 + (std.digits ?? 0);
        ok = value.length >= length;
        if (!ok) break;
        const fraction = parseNanoseconds(value, length);
        ok = fraction.nanos !== undefined || fraction.range !== undefined;
        range = fraction.range ?? '';
        nanos = fraction.nanos ?? 0;
        value = value.slice(length);
        break;
      }
      case 'FracSecond9': {
        // An omitted fraction is fine; otherwise any number of digits, as after the seconds.
        if (value.length < 2 || !commaOrPeriod(value[0]) || !isDigit(value, 1)) break;
        let i = 0;
        while (isDigit(value, i + 1)) i++;
        const fraction = parseNanoseconds(value, 1 + i);
        range = fraction.range ?? '';
        nanos = fraction.nanos ?? 0;
        value = value.slice(1 + i);
        break;
      }
      default: {
        if (std.code.startsWith('ISO8601') && value[0] === 'Z') {
          value = value.slice(1);
          zone = UTC;
          break;
        }
        const shape = NUMERIC_ZONE_SHAPES[std.code]!;
        if (value.length < shape.length || shape.colons.some((at) => value[at] !== ':')) {
          ok = false;
          break;
        }
        const sign = value[0];
        const parts = shape.parts.map(([from, to]) => value.slice(from, to)).concat(['00', '00']).slice(0, 3);
        value = value.slice(shape.length);
        // Each part is read only when the one before it was (a failed part leaves the rest at zero).
        const hh = getnum(parts[0], true)?.[0];
        const mm = hh === undefined ? undefined : getnum(parts[1], true)?.[0];
        const ss = mm === undefined ? undefined : getnum(parts[2], true)?.[0];
        ok = ss !== undefined;
        // The range test uses > rather than >=: some people write offsets of 24 hours or 60 minutes.
        if ((hh ?? 0) > 24) range = 'time zone offset hour';
        if ((mm ?? 0) > 60) range = 'time zone offset minute';
        if ((ss ?? 0) > 60) range = 'time zone offset second';
        zoneOffset = (((hh ?? 0) * 60 + (mm ?? 0)) * 60 + (ss ?? 0)) * (sign === '-' ? -1 : 1);
        if (sign !== '+' && sign !== '-') ok = false;
      }
    }
    if (range !== '') return parseError(stdText, value, `: ${range} out of range`);
    if (!ok) return parseError(stdText, hold);
  }
  if (pmSet && hour < 12) hour += 12;
  else if (amSet && hour === 12) hour = 0;

  // A day of the year sets the month and day (and must agree with them when the layout has them too).
  if (yday >= 0) {
    let [m, d] = [0, 0];
    if (isLeap(year)) {
      if (yday === 31 + 29) [m, d] = [2, 29];
      else if (yday > 31 + 29) yday--;
    }
    if (yday < 1 || yday > 365) return parseError('', value, ': day-of-year out of range');
    if (m === 0) {
      m = Math.floor((yday - 1) / 31) + 1;
      if (daysBefore(m + 1) < yday) m++;
      d = yday - daysBefore(m);
    }
    if (month >= 0 && month !== m) return parseError('', value, ': day-of-year does not match month');
    month = m;
    if (day >= 0 && day !== d) return parseError('', value, ': day-of-year does not match day');
    day = d;
  } else {
    if (month < 0) month = 1;
    if (day < 0) day = 1;
  }
  if (day < 1 || day > daysIn(month, year)) return parseError('', value, ': day out of range');

  const fields = [year, month, day, hour, minute, second, nanos].map(BigInt) as [bigint, bigint, bigint, bigint, bigint, bigint, bigint];
  if (zone) return { time: goDate(...fields, zone) };
  if (zoneOffset !== -1) {
    // Local (UTC here) when the offset is its own, else a zone fabricated to record the offset.
    const t = goDate(...fields, UTC).add(BigInt(-zoneOffset) * 1_000_000_000n);
    const local = zoneOffset === 0 && (zoneName === '' || zoneName === 'UTC');
    return { time: t.withLocation(local ? LOCAL : fixedZone(zoneName, zoneOffset)) };
  }
  if (zoneName !== '') {
    // An abbreviation Local does not know: a fabricated zone with no offset, or GMT's hours; the clock is kept.
    const offset = zoneName.length > 3 && zoneName.startsWith('GMT') ? Number(zoneName.slice(3)) * 3600 : 0;
    return { time: goDate(...fields, UTC).withLocation(fixedZone(zoneName, offset)) };
  }
  return { time: goDate(...fields, LOCAL) };
}
