import { afterEach, describe, expect, it, vi } from 'vitest';
import { offsetAt, validateTimeZone } from './time-zone';

const NEW_YEAR = Date.UTC(2026, 0, 1);
const RealDateTimeFormat = Intl.DateTimeFormat;

/** Counts the formatters made (tried, for a name Intl refuses); each is a real one. */
function countFormattersMade(): { count: number } {
  const made = { count: 0 };
  vi.spyOn(Intl, 'DateTimeFormat').mockImplementation(function (...args: ConstructorParameters<typeof Intl.DateTimeFormat>) {
    made.count++;
    return new RealDateTimeFormat(...args);
  } as unknown as typeof Intl.DateTimeFormat);
  return made;
}

describe('time-zone formatters', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('makes one formatter per zone however its name is capitalised, so spellings take no memory of their own', () => {
    const made = countFormattersMade();
    for (const name of ['Europe/Berlin', 'europe/berlin', 'EUROPE/BERLIN', 'eUrOpE/BeRlIn']) {
      expect(validateTimeZone(name)).toBeUndefined();
      expect(offsetAt(name, NEW_YEAR)).toBe(3_600_000);
    }
    expect(made.count).toBe(1);
    expect(offsetAt('america/new_york', NEW_YEAR)).toBe(-5 * 3_600_000);
    expect(made.count).toBe(2);
  });

  it('keeps nothing for a name Intl refuses', () => {
    const made = countFormattersMade();
    expect(validateTimeZone('Mars/Olympus_Mons')).toMatch(/not an IANA time zone/);
    expect(validateTimeZone('Mars/Olympus_Mons')).toMatch(/not an IANA time zone/);
    expect(made.count).toBe(2);
  });
});
