import { parseGoDuration } from '../../../common/go-duration';
import type { SyncWindow } from '../../../domain/app-project';
import { type CronSchedule, nextLocalMatch, parseCronSchedule, previousLocalMatch } from './cron-schedule';
import { instantsAt, offsetAt, validateTimeZone } from './time-zone';

/*
 * When a sync window is open. The schedule fires whenever the wall clock of the window's zone passes a time it
 * matches, each occurrence with the offset in force at that moment (Argo CD applies the offset of the current
 * time to every occurrence, which is an hour off for occurrences on the other side of a DST change). On the day
 * the clock is set back, a time in the repeated hour is passed twice and fires twice; on the day it is set
 * forward, a time in the skipped hour fires at the change, when the clock jumps past it. The window is open for
 * `duration` from each occurrence: at `now` exactly when `schedule.next(now - duration) <= now`.
 */

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
// Covers the widest offset (+14:00 / -12:00) and one offset change on either side of the instant searched from.
const OFFSET_REACH_MS = 26 * HOUR_MS;

export interface WindowTiming {
  schedule: CronSchedule;
  zone: string;
  durationMs: number;
}

export type TimingResult = { ok: true; timing: WindowTiming } | { ok: false; field: 'schedule' | 'duration' | 'timeZone'; reason: string };

/** Returns why `text` is not a usable window duration (a positive Go duration), or undefined. */
export function validateWindowDuration(text: string): string | undefined {
  const ms = parseGoDuration(text);
  if (ms === undefined) return `"${text}" is not a duration (e.g. 1h, 30m, 1h30m)`;
  return ms > 0 ? undefined : 'must be longer than zero';
}

export function windowTiming(window: Pick<SyncWindow, 'schedule' | 'duration' | 'timeZone'>): TimingResult {
  // Projects saved before windows were validated may hold anything here.
  const parsed = parseCronSchedule(String(window.schedule ?? ''));
  if (!parsed.ok) return { ok: false, field: 'schedule', reason: parsed.reason };
  const duration = String(window.duration ?? '');
  const durationProblem = validateWindowDuration(duration);
  if (durationProblem) return { ok: false, field: 'duration', reason: durationProblem };
  const zone = String(window.timeZone || 'UTC');
  const zoneProblem = validateTimeZone(zone);
  if (zoneProblem) return { ok: false, field: 'timeZone', reason: zoneProblem };
  return { ok: true, timing: { schedule: parsed.schedule, zone, durationMs: parseGoDuration(duration)! } };
}

/** The first occurrence strictly after `after`, if there is one by `until`. */
export function nextOccurrence(timing: WindowTiming, after: number, until: number): number | undefined {
  const { schedule, zone } = timing;
  // Wall-clock readings from the lowest offset in reach: after a clock is set back, earlier readings recur.
  const fromLocal = after + Math.min(offsetAt(zone, after), offsetAt(zone, after + OFFSET_REACH_MS));
  const untilLocal = until + OFFSET_REACH_MS;
  let best: number | undefined;
  for (let local = nextLocalMatch(schedule, fromLocal, untilLocal); local !== undefined; local = nextLocalMatch(schedule, local + MINUTE_MS, untilLocal)) {
    const instants = instantsAt(zone, local);
    for (const instant of instants) if (instant > after && (best === undefined || instant < best)) best = instant;
    // A later reading is first passed no earlier than this one, so nothing after it can come sooner.
    if (instants[0] > after) break;
  }
  return best !== undefined && best <= until ? best : undefined;
}

/** The last occurrence at or before `at`, if there is one since `notBefore`. */
export function latestOccurrence(timing: WindowTiming, at: number, notBefore: number): number | undefined {
  const { schedule, zone } = timing;
  // Wall-clock readings up to the highest offset in reach, mirroring nextOccurrence.
  const fromLocal = at + Math.max(offsetAt(zone, at), offsetAt(zone, at - OFFSET_REACH_MS));
  const notBeforeLocal = notBefore - OFFSET_REACH_MS;
  let best: number | undefined;
  for (let local = previousLocalMatch(schedule, fromLocal, notBeforeLocal); local !== undefined; local = previousLocalMatch(schedule, local - MINUTE_MS, notBeforeLocal)) {
    const instants = instantsAt(zone, local);
    for (const instant of instants) if (instant <= at && (best === undefined || instant > best)) best = instant;
    // An earlier reading is last passed no later than this one.
    if (instants[instants.length - 1] <= at) break;
  }
  return best !== undefined && best >= notBefore ? best : undefined;
}

/** Argo CD's test: the window is open at `at` when the schedule's next occurrence after `at - duration` is not after `at`. */
export function isOpen(timing: WindowTiming, at: number): boolean {
  return nextOccurrence(timing, at - timing.durationMs, at) !== undefined;
}

/**
 * When a window open at `at` closes: the end of the last of a chain of overlapping occurrences. Undefined when it
 * stays open past `horizon`.
 */
export function closesAt(timing: WindowTiming, at: number, horizon: number): number | undefined {
  let end = at;
  for (;;) {
    // The latest occurrence still open at `end` pushes the end out to its own close.
    const latest = latestOccurrence(timing, end, end - timing.durationMs + 1);
    if (latest === undefined) return end;
    end = latest + timing.durationMs;
    if (end > horizon) return undefined;
  }
}
