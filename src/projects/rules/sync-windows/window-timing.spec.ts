import { describe, expect, it } from 'vitest';
import { closesAt, isOpen, latestOccurrence, nextOccurrence, type WindowTiming, windowTiming } from './window-timing';

const DAY_MS = 86_400_000;

function timing(schedule: string, duration = '1h', timeZone?: string): WindowTiming {
  const result = windowTiming({ schedule, duration, timeZone });
  if (!result.ok) throw new Error(`${result.field}: ${result.reason}`);
  return result.timing;
}

// Changes used below (2026): Europe/Berlin forward on 29 March at 01:00Z (02:00 CET → 03:00 CEST) and back on
// 25 October at 01:00Z (03:00 CEST → 02:00 CET); America/New_York forward on 8 March at 07:00Z and back on
// 1 November at 06:00Z; Australia/Sydney forward on 4 October local (3 October 16:00Z).

describe('nextOccurrence: each occurrence in its own zone offset', () => {
  const rows: { name: string; schedule: string; zone?: string; after: string; want: string | undefined; days?: number }[] = [
    { name: 'UTC by default', schedule: '0 22 * * *', after: '2026-01-15T00:00:00Z', want: '2026-01-15T22:00:00.000Z' },
    { name: 'strictly after an occurrence', schedule: '0 22 * * *', after: '2026-01-15T22:00:00Z', want: '2026-01-16T22:00:00.000Z' },
    { name: 'Berlin 22:00 in winter is 21:00Z', schedule: '0 22 * * *', zone: 'Europe/Berlin', after: '2026-01-15T00:00:00Z', want: '2026-01-15T21:00:00.000Z' },
    { name: 'Berlin 22:00 in summer is 20:00Z', schedule: '0 22 * * *', zone: 'Europe/Berlin', after: '2026-07-15T00:00:00Z', want: '2026-07-15T20:00:00.000Z' },
    { name: 'Berlin 22:00 CET, then 22:00 CEST after the March change', schedule: '0 22 * * *', zone: 'Europe/Berlin', after: '2026-03-28T21:00:00Z', want: '2026-03-29T20:00:00.000Z' },
    { name: 'Berlin: 02:30, skipped in March, fires at the change', schedule: '30 2 * * *', zone: 'Europe/Berlin', after: '2026-03-28T12:00:00Z', want: '2026-03-29T01:00:00.000Z' },
    { name: 'Berlin: 02:30 CEST the day after the March change', schedule: '30 2 * * *', zone: 'Europe/Berlin', after: '2026-03-29T01:00:00Z', want: '2026-03-30T00:30:00.000Z' },
    { name: 'Berlin: 03:00 on the March change day is the change itself', schedule: '0 3 * * *', zone: 'Europe/Berlin', after: '2026-03-28T12:00:00Z', want: '2026-03-29T01:00:00.000Z' },
    { name: 'Berlin: 02:30 in the October repeated hour, first pass (CEST)', schedule: '30 2 * * *', zone: 'Europe/Berlin', after: '2026-10-24T12:00:00Z', want: '2026-10-25T00:30:00.000Z' },
    { name: 'Berlin: 02:30 in the October repeated hour, second pass (CET)', schedule: '30 2 * * *', zone: 'Europe/Berlin', after: '2026-10-25T00:30:00Z', want: '2026-10-25T01:30:00.000Z' },
    { name: 'Berlin: after both passes, the next day', schedule: '30 2 * * *', zone: 'Europe/Berlin', after: '2026-10-25T01:30:00Z', want: '2026-10-26T01:30:00.000Z' },
    { name: 'Berlin: from 02:50 CEST, 02:45 comes again in the second pass', schedule: '45 2 * * *', zone: 'Europe/Berlin', after: '2026-10-25T00:50:00Z', want: '2026-10-25T01:45:00.000Z' },
    { name: 'New York: 02:30, skipped in March, fires at 03:00 EDT', schedule: '30 2 * * *', zone: 'America/New_York', after: '2026-03-07T12:00:00Z', want: '2026-03-08T07:00:00.000Z' },
    { name: 'New York: 01:30 EST after 01:30 EDT on the November change', schedule: '30 1 * * *', zone: 'America/New_York', after: '2026-11-01T05:30:00Z', want: '2026-11-01T06:30:00.000Z' },
    { name: 'New York: weekdays 09:00 EDT after the March change', schedule: '0 9 * * 1-5', zone: 'America/New_York', after: '2026-03-07T00:00:00Z', want: '2026-03-09T13:00:00.000Z' },
    { name: 'Sydney: 02:30, skipped in October, fires at the change', schedule: '30 2 * * *', zone: 'Australia/Sydney', after: '2026-10-03T12:00:00Z', want: '2026-10-03T16:00:00.000Z' },
    { name: 'half-hour offset (Asia/Kolkata)', schedule: '0 0 * * *', zone: 'Asia/Kolkata', after: '2026-01-01T00:00:00Z', want: '2026-01-01T18:30:00.000Z' },
    { name: 'POSIX sign in Etc/GMT+5 (UTC-5)', schedule: '0 0 * * *', zone: 'Etc/GMT+5', after: '2026-01-01T00:00:00Z', want: '2026-01-01T05:00:00.000Z' },
    { name: 'weekday name', schedule: '0 9 * * MON', zone: 'Europe/Berlin', after: '2026-03-25T00:00:00Z', want: '2026-03-30T07:00:00.000Z' },
    { name: 'both day fields restricted: either matches (Monday 9 Feb)', schedule: '0 0 1-7 * MON', after: '2026-02-08T00:00:00Z', want: '2026-02-09T00:00:00.000Z' },
    { name: 'day of month ? : the weekday must match', schedule: '0 0 ? * MON', after: '2026-02-03T00:00:00Z', want: '2026-02-09T00:00:00.000Z' },
    { name: 'N/step runs to the maximum', schedule: '5/20 * * * *', after: '2026-01-01T00:06:00Z', want: '2026-01-01T00:25:00.000Z' },
    { name: 'the 29th of February, two years on', schedule: '0 0 29 2 *', after: '2026-01-01T00:00:00Z', want: '2028-02-29T00:00:00.000Z', days: 800 },
    { name: 'nothing before the limit', schedule: '0 0 29 2 *', after: '2026-01-01T00:00:00Z', want: undefined, days: 365 },
  ];
  it.each(rows)('$name', ({ schedule, zone, after, want, days }) => {
    const from = Date.parse(after);
    const found = nextOccurrence(timing(schedule, '1h', zone), from, from + (days ?? 30) * DAY_MS);
    expect(found === undefined ? undefined : new Date(found).toISOString()).toBe(want);
  });
});

describe('latestOccurrence', () => {
  const rows: { name: string; schedule: string; zone?: string; at: string; want: string }[] = [
    { name: 'at an occurrence is that occurrence', schedule: '0 22 * * *', at: '2026-01-15T22:00:00Z', want: '2026-01-15T22:00:00.000Z' },
    { name: 'Berlin summer', schedule: '0 22 * * *', zone: 'Europe/Berlin', at: '2026-07-01T10:00:00Z', want: '2026-06-30T20:00:00.000Z' },
    { name: 'Berlin: the second pass of the repeated hour', schedule: '30 2 * * *', zone: 'Europe/Berlin', at: '2026-10-25T01:40:00Z', want: '2026-10-25T01:30:00.000Z' },
    { name: 'Berlin: between the two passes, the first', schedule: '30 2 * * *', zone: 'Europe/Berlin', at: '2026-10-25T01:00:00Z', want: '2026-10-25T00:30:00.000Z' },
    { name: 'Berlin: a skipped time, at the change', schedule: '30 2 * * *', zone: 'Europe/Berlin', at: '2026-03-29T01:30:00Z', want: '2026-03-29T01:00:00.000Z' },
  ];
  it.each(rows)('$name', ({ schedule, zone, at, want }) => {
    const instant = Date.parse(at);
    expect(new Date(latestOccurrence(timing(schedule, '1h', zone), instant, instant - 30 * DAY_MS)!).toISOString()).toBe(want);
  });
});

describe('isOpen: from each occurrence for the duration, [start, start + duration)', () => {
  const rows: { name: string; schedule: string; duration: string; zone?: string; at: string; want: boolean }[] = [
    { name: 'open at its first instant', schedule: '0 22 * * *', duration: '8h', at: '2026-01-01T22:00:00Z', want: true },
    { name: 'closed the minute before', schedule: '0 22 * * *', duration: '8h', at: '2026-01-01T21:59:00Z', want: false },
    { name: 'open past midnight', schedule: '0 22 * * *', duration: '8h', at: '2026-01-02T03:00:00Z', want: true },
    { name: 'closed at its end', schedule: '0 22 * * *', duration: '8h', at: '2026-01-02T06:00:00Z', want: false },
    { name: 'a compound duration', schedule: '0 22 * * *', duration: '1h30m', at: '2026-01-01T23:29:59Z', want: true },
    { name: 'duration longer than the period: always open', schedule: '0 * * * *', duration: '2h', at: '2026-01-01T12:34:00Z', want: true },
    { name: 'weekend freeze, Sunday afternoon', schedule: '0 18 * * FRI', duration: '60h', at: '2026-01-04T15:00:00Z', want: true },
    { name: 'weekend freeze, Monday morning after it', schedule: '0 18 * * FRI', duration: '60h', at: '2026-01-05T06:00:00Z', want: false },
    { name: 'Berlin night freeze still open at 06:50 CEST after the March change', schedule: '0 22 * * *', duration: '8h', zone: 'Europe/Berlin', at: '2026-03-29T04:50:00Z', want: true },
    { name: 'Berlin night freeze closed 8 h after 22:00 CET (07:00 CEST)', schedule: '0 22 * * *', duration: '8h', zone: 'Europe/Berlin', at: '2026-03-29T05:00:00Z', want: false },
    { name: 'Berlin night freeze open until 8 h after 22:00 CEST (05:00 CET) in October', schedule: '0 22 * * *', duration: '8h', zone: 'Europe/Berlin', at: '2026-10-25T03:59:00Z', want: true },
    { name: 'Berlin night freeze closed at 05:00 CET in October', schedule: '0 22 * * *', duration: '8h', zone: 'Europe/Berlin', at: '2026-10-25T04:00:00Z', want: false },
    { name: 'New York office hours, 13:30Z on a Friday in EST: not yet', schedule: '0 9 * * 1-5', duration: '8h', zone: 'America/New_York', at: '2026-03-06T13:30:00Z', want: false },
    { name: 'New York office hours, 13:30Z on a Monday in EDT: open', schedule: '0 9 * * 1-5', duration: '8h', zone: 'America/New_York', at: '2026-03-09T13:30:00Z', want: true },
  ];
  it.each(rows)('$name', ({ schedule, duration, zone, at, want }) => {
    expect(isOpen(timing(schedule, duration, zone), Date.parse(at))).toBe(want);
  });
});

describe('closesAt', () => {
  const horizon = Date.parse('2026-04-10T00:00:00Z');
  const rows: { name: string; schedule: string; duration: string; zone?: string; at: string; want: string | undefined }[] = [
    { name: 'one occurrence', schedule: '0 22 * * *', duration: '8h', at: '2026-01-01T23:00:00Z', want: '2026-01-02T06:00:00.000Z' },
    { name: 'overlapping occurrences chain', schedule: '0 0,2 * * *', duration: '3h', at: '2026-01-01T01:00:00Z', want: '2026-01-01T05:00:00.000Z' },
    { name: 'a Berlin night across the March change', schedule: '0 22 * * *', duration: '8h', zone: 'Europe/Berlin', at: '2026-03-28T23:00:00Z', want: '2026-03-29T05:00:00.000Z' },
    { name: 'never closes before the horizon', schedule: '0 */2 * * *', duration: '3h', at: '2026-03-01T01:00:00Z', want: undefined },
  ];
  it.each(rows)('$name', ({ schedule, duration, zone, at, want }) => {
    const end = closesAt(timing(schedule, duration, zone), Date.parse(at), horizon);
    expect(end === undefined ? undefined : new Date(end).toISOString()).toBe(want);
  });
});

describe('windowTiming', () => {
  const rows: { name: string; window: { schedule: string; duration: string; timeZone?: string }; field: string; reason: RegExp }[] = [
    { name: 'bad schedule', window: { schedule: '0 22 * *', duration: '1h' }, field: 'schedule', reason: /5 fields/ },
    { name: 'bad duration', window: { schedule: '0 22 * * *', duration: '8 hours' }, field: 'duration', reason: /not a duration/ },
    { name: 'zero duration', window: { schedule: '0 22 * * *', duration: '0s' }, field: 'duration', reason: /longer than zero/ },
    { name: 'negative duration', window: { schedule: '0 22 * * *', duration: '-1h' }, field: 'duration', reason: /longer than zero/ },
    { name: 'unknown time zone', window: { schedule: '0 22 * * *', duration: '1h', timeZone: 'Europe/Berln' }, field: 'timeZone', reason: /IANA/ },
    { name: 'an offset is not a zone name', window: { schedule: '0 22 * * *', duration: '1h', timeZone: '+01:00' }, field: 'timeZone', reason: /IANA/ },
    { name: 'Go has no "Local" here', window: { schedule: '0 22 * * *', duration: '1h', timeZone: 'Local' }, field: 'timeZone', reason: /IANA/ },
  ];
  it.each(rows)('refuses $name', ({ window, field, reason }) => {
    const result = windowTiming(window);
    expect(result).toMatchObject({ ok: false, field });
    if (!result.ok) expect(result.reason).toMatch(reason);
  });

  it('reads an empty time zone as UTC', () => {
    expect(windowTiming({ schedule: '0 22 * * *', duration: '1h', timeZone: '' })).toMatchObject({ ok: true, timing: { zone: 'UTC', durationMs: 3_600_000 } });
  });
});
