import { describe, expect, it } from 'vitest';
import { copyTextLine } from './copy-in';

describe('copyTextLine', () => {
  it('separates fields by tabs, ends with a newline, and writes null as \\N', () => {
    expect(copyTextLine(['a', null, '', '{"k":"v"}'])).toBe('a\t\\N\t\t{"k":"v"}\n');
  });

  it('escapes what COPY would read as a separator, an end of row or an escape, and leaves the rest as it is', () => {
    expect(copyTextLine(['back\\slash', 'tab\there', 'new\nline', 'carriage\rreturn', '\\N', 'ünïcode "quotes"'])).toBe(
      'back\\\\slash\ttab\\there\tnew\\nline\tcarriage\\rreturn\t\\\\N\tünïcode "quotes"\n',
    );
  });

  it('keeps JSON from JSON.stringify readable as that JSON: its escapes are doubled, nothing else changes', () => {
    const json = JSON.stringify({ text: 'say "hi"\n\tand \\ go' });
    expect(copyTextLine([json])).toBe(`${json.replace(/\\/g, '\\\\')}\n`);
  });
});
