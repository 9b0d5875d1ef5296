import { describe, expect, it } from 'vitest';
import { parseCronSchedule } from './cron-schedule';

describe('parseCronSchedule', () => {
  const valid: { name: string; schedule: string }[] = [
    { name: 'every minute', schedule: '* * * * *' },
    { name: 'lists, ranges and steps', schedule: '0,30 9-17/2 1-15 */3 1-5' },
    { name: 'month and weekday names, any case', schedule: '0 22 * Jan-MAR sat,SUN' },
    { name: 'question mark as any', schedule: '0 0 ? * MON' },
    { name: 'extra spaces between fields', schedule: ' 0  22 *  * * ' },
    { name: 'the 29th of February', schedule: '0 0 29 2 *' },
  ];
  it.each(valid)('accepts $name', ({ schedule }) => {
    expect(parseCronSchedule(schedule)).toMatchObject({ ok: true });
  });

  const invalid: { name: string; schedule: string; reason: RegExp }[] = [
    { name: 'empty', schedule: ' ', reason: /empty/ },
    { name: 'six fields (seconds)', schedule: '0 0 22 * * *', reason: /exactly 5 fields.*found 6/ },
    { name: 'four fields', schedule: '0 22 * *', reason: /exactly 5 fields.*found 4/ },
    { name: 'a descriptor', schedule: '@daily', reason: /descriptors/ },
    { name: 'a TZ prefix', schedule: 'CRON_TZ=Europe/Berlin 0 22 * * *', reason: /timeZone/ },
    { name: 'minute out of range', schedule: '60 * * * *', reason: /minute field "60": values must be between 0 and 59/ },
    { name: 'hour out of range', schedule: '0 24 * * *', reason: /hour field/ },
    { name: 'day of month zero', schedule: '0 0 0 * *', reason: /day of month field/ },
    { name: 'day of week 7 (robfig/cron allows 0-6)', schedule: '0 0 * * 7', reason: /day of week field/ },
    { name: 'unknown name', schedule: '0 0 * * funday', reason: /not a number or name/ },
    { name: 'name in a numeric field', schedule: '0 mon * * *', reason: /hour field "mon": "mon" is not a number$/ },
    { name: 'reversed range', schedule: '0 17-9 * * *', reason: /starts after it ends/ },
    { name: 'zero step', schedule: '*/0 * * * *', reason: /step "0"/ },
    { name: 'two slashes', schedule: '*/2/3 * * * *', reason: /too many slashes/ },
    { name: 'two hyphens', schedule: '1-2-3 * * * *', reason: /too many hyphens/ },
    { name: 'empty list item', schedule: '1,,2 * * * *', reason: /minute field/ },
    { name: 'a date that never comes', schedule: '0 0 31 2,4 *', reason: /never fires/ },
  ];
  it.each(invalid)('refuses $name', ({ schedule, reason }) => {
    const result = parseCronSchedule(schedule);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });
});
