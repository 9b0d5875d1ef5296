import { parseGoDuration } from '../common/go-duration';

/*
 * `expiresIn` of a project-role token, as `argocd proj role create-token --expires-in` takes it: a duration such as
 * `12h`, `90m` or `7d` (Go's syntax plus whole days), or, as Argo CD's API takes it, a number of seconds. Like Argo CD,
 * the lifetime is whole seconds and 0 (or no expiresIn) means the token never expires; unlike it, a negative
 * lifetime, or one that rounds down to 0 from under a second, is refused instead of read as "never".
 */

const DAYS = /^(\d+)d$/;
const SECONDS_PER_DAY = 86_400;
/** Far enough for any real token, near enough that the expiry is a date PostgreSQL and JavaScript both hold. */
export const MAX_TOKEN_LIFETIME_SECONDS = 100 * 365 * SECONDS_PER_DAY;

export type TokenLifetime = { ok: true; seconds: number } | { ok: false; reason: string };

/** The lifetime in seconds (0: never expires), or the reason the value is refused. */
export function tokenLifetime(expiresIn: string | number | undefined): TokenLifetime {
  if (expiresIn === undefined) return { ok: true, seconds: 0 };
  if (typeof expiresIn === 'number' && !Number.isInteger(expiresIn)) return { ok: false, reason: 'a number of seconds must be a whole number' };
  const ms = typeof expiresIn === 'number' ? expiresIn * 1000 : durationMs(expiresIn);
  if (ms === undefined) return { ok: false, reason: `"${expiresIn}" is not a duration (e.g. "24h", "90m", "7d") or a number of seconds` };
  if (ms < 0) return { ok: false, reason: 'must not be negative (0 or no expiresIn: the token never expires)' };
  const seconds = Math.floor(ms / 1000);
  if (ms > 0 && seconds === 0) return { ok: false, reason: 'must be at least one second' };
  if (seconds > MAX_TOKEN_LIFETIME_SECONDS) return { ok: false, reason: 'must be at most 100 years' };
  return { ok: true, seconds };
}

function durationMs(text: string): number | undefined {
  const days = DAYS.exec(text);
  return days ? Number(days[1]) * SECONDS_PER_DAY * 1000 : parseGoDuration(text);
}
