import { describe, expect, it } from 'vitest';
import { parseGoDuration } from './go-duration';

describe('parseGoDuration', () => {
  const rows: { name: string; text: string; ms: number | undefined }[] = [
    { name: 'hours', text: '8h', ms: 28_800_000 },
    { name: 'hours and minutes', text: '1h30m', ms: 5_400_000 },
    { name: 'every unit', text: '1h1m1s1ms1000us1000000ns', ms: 3_661_003 },
    { name: 'micro sign', text: '1000µs', ms: 1 },
    { name: 'a fraction', text: '1.5h', ms: 5_400_000 },
    { name: 'a leading dot', text: '.5s', ms: 500 },
    { name: 'a sign', text: '-2m', ms: -120_000 },
    { name: 'zero without a unit', text: '0', ms: 0 },
    { name: 'empty', text: '', ms: undefined },
    { name: 'a number without a unit', text: '30', ms: undefined },
    { name: 'days are not a Go unit', text: '1d', ms: undefined },
    { name: 'spaces', text: '1h 30m', ms: undefined },
    { name: 'a dot alone', text: '.s', ms: undefined },
    { name: 'words', text: '8 hours', ms: undefined },
  ];
  it.each(rows)('$name: $text', ({ text, ms }) => {
    expect(parseGoDuration(text)).toBe(ms);
  });
});
