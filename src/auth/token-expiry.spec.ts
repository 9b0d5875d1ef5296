import { describe, expect, it } from 'vitest';
import { MAX_TOKEN_LIFETIME_SECONDS, tokenLifetime } from './token-expiry';

describe('tokenLifetime (expiresIn of a project-role token)', () => {
  const accepted: { name: string; expiresIn: string | number | undefined; seconds: number }[] = [
    { name: 'absent: never expires', expiresIn: undefined, seconds: 0 },
    { name: 'zero seconds: never expires', expiresIn: 0, seconds: 0 },
    { name: '"0s": never expires (the CLI default)', expiresIn: '0s', seconds: 0 },
    { name: 'hours', expiresIn: '24h', seconds: 86_400 },
    { name: 'Go duration with several terms', expiresIn: '1h30m', seconds: 5_400 },
    { name: 'days', expiresIn: '7d', seconds: 604_800 },
    { name: 'fractions round down to whole seconds', expiresIn: '1.5s', seconds: 1 },
    { name: 'seconds as a number', expiresIn: 3600, seconds: 3600 },
    { name: 'the longest lifetime', expiresIn: MAX_TOKEN_LIFETIME_SECONDS, seconds: MAX_TOKEN_LIFETIME_SECONDS },
  ];
  it.each(accepted)('accepts $name', ({ expiresIn, seconds }) => {
    expect(tokenLifetime(expiresIn)).toEqual({ ok: true, seconds });
  });

  const refused: { name: string; expiresIn: string | number; reason: RegExp }[] = [
    { name: 'words', expiresIn: 'one day', reason: /not a duration/ },
    { name: 'seconds as text', expiresIn: '3600', reason: /not a duration/ },
    { name: 'an empty string', expiresIn: '', reason: /not a duration/ },
    { name: 'a negative duration', expiresIn: '-1h', reason: /negative/ },
    { name: 'negative seconds', expiresIn: -5, reason: /negative/ },
    { name: 'fractional seconds', expiresIn: 1.5, reason: /whole number/ },
    { name: 'under a second', expiresIn: '500ms', reason: /at least one second/ },
    { name: 'more than 100 years', expiresIn: '36600000d', reason: /at most 100 years/ },
    { name: 'infinity', expiresIn: Number.POSITIVE_INFINITY, reason: /whole number/ },
  ];
  it.each(refused)('refuses $name', ({ expiresIn, reason }) => {
    const lifetime = tokenLifetime(expiresIn);
    expect(lifetime.ok).toBe(false);
    if (!lifetime.ok) expect(lifetime.reason).toMatch(reason);
  });
});
