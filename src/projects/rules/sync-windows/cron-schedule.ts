/*
 * Five-field cron schedules as Argo CD parses sync-window schedules (robfig/cron's standard parser): minute, hour,
 * day of month, month, day of week; `*` or `?`, lists, ranges, steps (`N/step` runs to the field's maximum), and the
 * names JAN–DEC and SUN–SAT. No seconds field, no `@daily` descriptors, no `TZ=` prefix (a window has `timeZone`).
 *
 * Not the `cron` package's CronTime (installed with @nestjs/schedule): it also takes a seconds field and
 * descriptors, bounds its search with the system clock, resolves a skipped local time one way north of the equator
 * and another way south of it, and costs about a millisecond per occurrence.
 *
 * Matching works on wall-clock time with no zone: "local" milliseconds are the wall clock's reading written as if it
 * were UTC. `zoned-schedule.ts` turns matching wall-clock times into instants.
 */

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

const MONTH_NAMES = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

interface FieldSpec {
  name: string;
  min: number;
  max: number;
  /** Names of the values from `min` up. */
  names?: string[];
}

const FIELDS: FieldSpec[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTH_NAMES },
  { name: 'day of week', min: 0, max: 6, names: DAY_NAMES },
];

// Longest day of month each month can have (February in a leap year).
const MONTH_LENGTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export interface CronSchedule {
  /** Sorted ascending. */
  readonly minutes: readonly number[];
  /** Sorted ascending. */
  readonly hours: readonly number[];
  readonly daysOfMonth: ReadonlySet<number>;
  readonly months: ReadonlySet<number>;
  readonly daysOfWeek: ReadonlySet<number>;
  /**
   * robfig/cron (like Vixie cron): when the day-of-month or day-of-week field is unrestricted (`*` or `?`), a day
   * must match both; when both are restricted, either one is enough.
   */
  readonly eitherDay: boolean;
}

export type CronParseResult = { ok: true; schedule: CronSchedule } | { ok: false; reason: string };

interface ParsedField {
  values: Set<number>;
  star: boolean;
}

export function parseCronSchedule(text: string): CronParseResult {
  const spec = text.trim();
  if (spec === '') return { ok: false, reason: 'the schedule is empty' };
  if (spec.startsWith('@')) return { ok: false, reason: 'descriptors such as @daily are not supported: use five fields' };
  if (/^(CRON_)?TZ=/.test(spec)) return { ok: false, reason: 'a TZ= prefix is not supported: set timeZone instead' };
  const parts = spec.split(/\s+/);
  if (parts.length !== FIELDS.length) return { ok: false, reason: `expected exactly 5 fields (minute hour day-of-month month day-of-week), found ${parts.length}` };
  const fields: ParsedField[] = [];
  for (const [index, part] of parts.entries()) {
    const field = parseField(part, FIELDS[index]);
    if (typeof field === 'string') return { ok: false, reason: `${FIELDS[index].name} field "${part}": ${field}` };
    fields.push(field);
  }
  const [minutes, hours, daysOfMonth, months, daysOfWeek] = fields;
  const schedule: CronSchedule = {
    minutes: [...minutes.values].sort((a, b) => a - b),
    hours: [...hours.values].sort((a, b) => a - b),
    daysOfMonth: daysOfMonth.values,
    months: months.values,
    daysOfWeek: daysOfWeek.values,
    eitherDay: !daysOfMonth.star && !daysOfWeek.star,
  };
  if (!schedule.eitherDay && ![...schedule.months].some((month) => [...schedule.daysOfMonth].some((day) => day <= MONTH_LENGTH[month - 1]))) {
    return { ok: false, reason: 'the schedule never fires: no selected month has the selected days' };
  }
  return { ok: true, schedule };
}

/** The field's values, or the reason it cannot be parsed. */
function parseField(text: string, spec: FieldSpec): ParsedField | string {
  const values = new Set<number>();
  let star = false;
  for (const item of text.split(',')) {
    const [range, step, ...extra] = item.split('/');
    if (extra.length > 0) return 'too many slashes';
    const stepValue = step === undefined ? 1 : parseNumber(step);
    if (stepValue === undefined || stepValue === 0) return `the step "${step}" must be a positive number`;
    let low: number | undefined;
    let high: number | undefined;
    if (range === '*' || range === '?') {
      [low, high] = [spec.min, spec.max];
      // As robfig/cron: `*/2` restricts the field, `*` and `*/1` do not.
      if (stepValue === 1) star = true;
    } else {
      const bounds = range.split('-');
      if (bounds.length > 2) return 'too many hyphens';
      low = parseValue(bounds[0], spec);
      high = bounds.length === 2 ? parseValue(bounds[1], spec) : step === undefined ? low : spec.max;
      if (low === undefined || high === undefined) return `"${range}" is not a number${spec.names ? ' or name' : ''}`;
    }
    if (low < spec.min || high > spec.max) return `values must be between ${spec.min} and ${spec.max}`;
    if (low > high) return `the range starts after it ends`;
    for (let value = low; value <= high; value += stepValue) values.add(value);
  }
  return { values, star };
}

function parseNumber(text: string): number | undefined {
  return /^\d{1,4}$/.test(text) ? Number(text) : undefined;
}

function parseValue(text: string, spec: FieldSpec): number | undefined {
  const named = spec.names?.indexOf(text.toLowerCase()) ?? -1;
  return named >= 0 ? spec.min + named : parseNumber(text);
}

function dayMatches(schedule: CronSchedule, dayStart: number): boolean {
  const date = new Date(dayStart);
  if (!schedule.months.has(date.getUTCMonth() + 1)) return false;
  const dayOfMonth = schedule.daysOfMonth.has(date.getUTCDate());
  const dayOfWeek = schedule.daysOfWeek.has(date.getUTCDay());
  return schedule.eitherDay ? dayOfMonth || dayOfWeek : dayOfMonth && dayOfWeek;
}

/** The first matching minute of the day at or after `fromMinute` (minutes since midnight). */
function firstTimeOfDay(schedule: CronSchedule, fromMinute: number): number | undefined {
  for (const hour of schedule.hours) {
    if (hour < Math.floor(fromMinute / 60)) continue;
    for (const minute of schedule.minutes) {
      if (hour * 60 + minute >= fromMinute) return hour * 60 + minute;
    }
  }
  return undefined;
}

/** The last matching minute of the day at or before `toMinute`. */
function lastTimeOfDay(schedule: CronSchedule, toMinute: number): number | undefined {
  for (let h = schedule.hours.length - 1; h >= 0; h--) {
    const hour = schedule.hours[h];
    if (hour > Math.floor(toMinute / 60)) continue;
    for (let m = schedule.minutes.length - 1; m >= 0; m--) {
      if (hour * 60 + schedule.minutes[m] <= toMinute) return hour * 60 + schedule.minutes[m];
    }
  }
  return undefined;
}

/** The earliest matching wall-clock minute in [from, until] (local milliseconds), if any. */
export function nextLocalMatch(schedule: CronSchedule, from: number, until: number): number | undefined {
  const start = Math.ceil(from / MINUTE_MS) * MINUTE_MS;
  for (let day = Math.floor(start / DAY_MS) * DAY_MS; day <= until; day += DAY_MS) {
    if (!dayMatches(schedule, day)) continue;
    const minute = firstTimeOfDay(schedule, Math.max(0, (start - day) / MINUTE_MS));
    if (minute === undefined) continue;
    const match = day + minute * MINUTE_MS;
    return match <= until ? match : undefined;
  }
  return undefined;
}

/** The latest matching wall-clock minute in [notBefore, from] (local milliseconds), if any. */
export function previousLocalMatch(schedule: CronSchedule, from: number, notBefore: number): number | undefined {
  const start = Math.floor(from / MINUTE_MS) * MINUTE_MS;
  for (let day = Math.floor(start / DAY_MS) * DAY_MS; day + DAY_MS > notBefore; day -= DAY_MS) {
    if (!dayMatches(schedule, day)) continue;
    const minute = lastTimeOfDay(schedule, Math.min(1439, (start - day) / MINUTE_MS));
    if (minute === undefined) continue;
    const match = day + minute * MINUTE_MS;
    return match >= notBefore ? match : undefined;
  }
  return undefined;
}
