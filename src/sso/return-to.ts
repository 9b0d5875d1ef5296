import { validationFailed } from '../common/errors/domain-error';

const MAX_LENGTH = 2048;

/**
 * Where a browser goes after signing in: a path on the hub itself, never another site (no open redirect). Only an
 * absolute path is accepted: `/applications?x=1`, not `//evil.test` or `/\evil.test` (both mean another host to a
 * browser), not a scheme, not control characters or backslashes anywhere.
 */
export function checkedReturnTo(value: string | undefined): string {
  if (value === undefined || value === '') return '/';
  if (value.length > MAX_LENGTH || !/^\/(?![/\\])/.test(value) || /[\\\s]/.test(value) || hasControlCharacter(value)) {
    throw validationFailed([{ field: 'returnTo', reason: 'must be a path on this hub, starting with a single "/"' }]);
  }
  // A second check by the URL parser: resolved against a placeholder origin, the path must stay on it.
  const base = 'http://hub.invalid';
  if (new URL(value, base).origin !== base) {
    throw validationFailed([{ field: 'returnTo', reason: 'must be a path on this hub, starting with a single "/"' }]);
  }
  return value;
}

function hasControlCharacter(text: string): boolean {
  return [...text].some((character) => character.charCodeAt(0) < 0x20 || character.charCodeAt(0) === 0x7f);
}
