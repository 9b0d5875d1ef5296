/**
 * Calendar arithmetic of Go's time package on the proleptic Gregorian calendar (year 0 exists, as in Go), in days
 * since 1970-01-01. Day counts use bigint where Go's int64 seconds can take them (AddDate with any ints).
 */

export const SECONDS_PER_DAY = 86_400n;
const DAYS_BEFORE_MONTH = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365];

export function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return (a % b !== 0n && (a < 0n) !== (b < 0n)) ? q - 1n : q;
}

export function floorMod(a: bigint, b: bigint): bigint {
  return a - floorDiv(a, b) * b;
}

export function isLeap(year: number | bigint): boolean {
  const y = BigInt(year);
  return y % 4n === 0n && (y % 100n !== 0n || y % 400n === 0n);
}

/** Days in `month` (1-12) of `year`. */
export function daysIn(month: number, year: number): number {
  if (month === 2 && isLeap(year)) return 29;
  return DAYS_BEFORE_MONTH[month] - DAYS_BEFORE_MONTH[month - 1];
}

/** Days before the first of `month` (1-12) in a non-leap year (Go's daysBefore). */
export function daysBefore(month: number): number {
  return DAYS_BEFORE_MONTH[month - 1];
}

/** Days from 1970-01-01 to the first of `month` (1-12) of `year` (H. Hinnant's days_from_civil). */
export function daysFromCivil(year: bigint, month: number): bigint {
  const y = month <= 2 ? year - 1n : year;
  const era = floorDiv(y, 400n);
  const yearOfEra = y - era * 400n;
  const monthIndex = BigInt((month + 9) % 12);
  const dayOfYear = (153n * monthIndex + 2n) / 5n;
  const dayOfEra = yearOfEra * 365n + yearOfEra / 4n - yearOfEra / 100n + dayOfYear;
  return era * 146_097n + dayOfEra - 719_468n;
}

export interface CivilDate {
  year: number;
  /** 1-12 */
  month: number;
  day: number;
  /** 1-366 */
  yearDay: number;
  /** 0 is Sunday. */
  weekday: number;
}

/** The date of a day number (days since 1970-01-01); Go's int64 seconds keep it within 2^53. */
export function civilFromDays(days: bigint): CivilDate {
  const z = days + 719_468n;
  const era = floorDiv(z, 146_097n);
  const dayOfEra = Number(z - era * 146_097n);
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthIndex = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthIndex + 2) / 5) + 1;
  const month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9;
  const year = Number(era) * 400 + yearOfEra + (month <= 2 ? 1 : 0);
  const yearDay = Number(days - daysFromCivil(BigInt(year), 1)) + 1;
  return { year, month, day, yearDay, weekday: Number(floorMod(days + 4n, 7n)) };
}
