import { describe, expect, it } from 'vitest';
import { identityFromClaims } from './identity';

describe('identityFromClaims', () => {
  it('reads the subject, the email as display name and the groups of the configured claim', () => {
    expect(identityFromClaims({ sub: 'u-1', email: 'ada@corp.test', preferred_username: 'ada', roles: ['ops', 'dev'] }, 'roles')).toEqual({
      subject: 'u-1',
      displayName: 'ada@corp.test',
      groups: ['ops', 'dev'],
    });
  });

  it('falls back to preferred_username, then to the subject', () => {
    expect(identityFromClaims({ sub: 'u-1', preferred_username: 'ada' }, 'groups').displayName).toBe('ada');
    expect(identityFromClaims({ sub: 'u-1', email: '' }, 'groups').displayName).toBe('u-1');
  });

  it('takes one group given as a string, drops values that are not group names, and repeats none', () => {
    expect(identityFromClaims({ sub: 'u', groups: 'ops' }, 'groups').groups).toEqual(['ops']);
    expect(identityFromClaims({ sub: 'u', groups: ['ops', 7, null, '', 'ops', { name: 'x' }, 'dev'] }, 'groups').groups).toEqual(['ops', 'dev']);
    expect(identityFromClaims({ sub: 'u', groups: { ops: true } }, 'groups').groups).toEqual([]);
  });

  it('refuses claims without a subject', () => {
    expect(() => identityFromClaims({ email: 'ada@corp.test' }, 'groups')).toThrow('no subject');
  });

  it('keeps no claim the database could not store: a subject is refused by name, a name or group is dropped', () => {
    expect(() => identityFromClaims({ sub: 'u\u0000x' }, 'groups')).toThrow("The ID token's subject (sub) contains a NUL character");
    expect(() => identityFromClaims({ sub: '\ud800' }, 'groups')).toThrow(/unpaired UTF-16 surrogate/);
    const identity = identityFromClaims({ sub: 'u', email: 'a\u0000@corp.test', preferred_username: 'ada', groups: ['ops', 'dev\ud800', 'x\u0000'] }, 'groups');
    expect(identity).toEqual({ subject: 'u', displayName: 'ada', groups: ['ops'] });
  });
});
