import { describe, expect, it } from 'vitest';
import { compileUserRegex } from './user-regex';

describe('compileUserRegex (filter patterns, RE2 syntax, guarded against exponential backtracking)', () => {
  const accepted: { pattern: string; subject: string; matches: boolean }[] = [
    { pattern: '^feature/.*', subject: 'feature/login', matches: true },
    { pattern: 'preview', subject: 'my-preview-branch', matches: true },
    { pattern: '^(main|develop)$', subject: 'develop', matches: true },
    { pattern: '^(main|develop)$', subject: 'developer', matches: false },
    { pattern: '(?i)^FIX', subject: 'fix-it', matches: true },
    { pattern: '^[[:alpha:]]+-\\d+$', subject: 'abc-12', matches: true },
    { pattern: '^(ab)?c+$', subject: 'abccc', matches: true },
    { pattern: '[(+]*x', subject: '((x', matches: true },
    { pattern: '^(a{2})+$', subject: 'aaaa', matches: true },
  ];
  it.each(accepted)('accepts $pattern', ({ pattern, subject, matches }) => {
    const compiled = compileUserRegex(pattern);
    expect(compiled).toBeInstanceOf(RegExp);
    expect((compiled as RegExp).test(subject)).toBe(matches);
  });

  const refused: { pattern: string; reason: RegExp }[] = [
    { pattern: '^(a+)+$', reason: /group "\(a\+\)" repeats a repetition/ },
    { pattern: '(x|xy)*z', reason: /group "\(x\|xy\)"/ },
    { pattern: '^((ab)*c)*$', reason: /group "\(\(ab\)\*c\)"/ },
    { pattern: '(\\w+\\s?){2,}', reason: /repeats a repetition/ },
    { pattern: 'a'.repeat(1001), reason: /longer than 1000/ },
    { pattern: '(unclosed', reason: /error parsing regexp/ },
  ];
  it.each(refused)('refuses $pattern', ({ pattern, reason }) => {
    const compiled = compileUserRegex(pattern);
    expect(typeof compiled).toBe('string');
    expect(compiled).toMatch(reason);
  });
});
