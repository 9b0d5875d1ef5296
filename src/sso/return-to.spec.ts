import { describe, expect, it } from 'vitest';
import { DomainError } from '../common/errors/domain-error';
import { checkedReturnTo } from './return-to';

describe('checkedReturnTo', () => {
  it.each(['/', '/applications', '/applications/guestbook?tab=diff#live', '/a/%2F%2Fevil.test'])('keeps the path %j', (path) => {
    expect(checkedReturnTo(path)).toBe(path);
  });

  it('sends the browser to / when no path is given', () => {
    expect(checkedReturnTo(undefined)).toBe('/');
    expect(checkedReturnTo('')).toBe('/');
  });

  it.each(['//evil.test', '/\\evil.test', '\\\\evil.test', 'https://evil.test/', 'javascript:alert(1)', 'relative/path', '/a\nb', '/a b', '/a\\b', `/${'a'.repeat(2048)}`])(
    'refuses %j',
    (path) => {
      expect(() => checkedReturnTo(path)).toThrow(DomainError);
    },
  );
});
