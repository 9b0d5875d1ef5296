import { describe, expect, it } from 'vitest';
import type { Request } from 'express';
import { describeSessionEvent, noteSessionEvent, sessionActionOf, sessionEventOf } from './session-events';

describe('sign-in and sign-out events', () => {
  it.each([
    { name: 'the browser callback is a sign-in', method: 'GET', route: '/auth/callback', path: '/auth/callback', action: 'sign-in' },
    { name: 'HEAD runs the callback too', method: 'HEAD', route: '/auth/callback', path: '/auth/callback', action: 'sign-in' },
    { name: "the CLI's token exchange is a sign-in", method: 'POST', route: '/auth/token', path: '/auth/token', action: 'sign-in' },
    { name: 'a token exchange refused before routing (by the body parser)', method: 'POST', route: undefined, path: '/auth/token', action: 'sign-in' },
    { name: 'logout is a sign-out', method: 'POST', route: '/auth/logout', path: '/auth/logout', action: 'sign-out' },
    { name: 'starting a sign-in starts no session', method: 'GET', route: '/auth/login', path: '/auth/login', action: undefined },
    { name: 'the public settings are no event', method: 'GET', route: '/auth/config', path: '/auth/config', action: undefined },
    { name: 'an unknown route under /auth', method: 'GET', route: undefined, path: '/auth/whatever', action: undefined },
  ])('$name', ({ method, route, path, action }) => {
    expect(sessionActionOf(method, route, path)).toBe(action);
  });

  it('records a sign-in as the subject starting sessions/<id>', () => {
    const request = {} as Request;
    noteSessionEvent(request, { sessionId: '6f1c1bd2-54c4-4b0e-9b0e-0b6f2d0d7d11', subject: 'alice' });
    expect(describeSessionEvent({ action: 'sign-in', path: '/auth/callback', route: '/auth/callback', note: sessionEventOf(request) })).toEqual({
      actor: 'alice',
      role: 'sso',
      path: '/auth/callback',
      route: '/auth/callback',
      action: 'sign-in',
      resourceKind: 'sessions',
      resourceName: '6f1c1bd2-54c4-4b0e-9b0e-0b6f2d0d7d11',
      changes: {},
    });
  });

  it('records a refusal as anonymous, with its class and nothing of the request', () => {
    const request = {} as Request;
    noteSessionEvent(request, { refusal: 'state-mismatch' });
    expect(describeSessionEvent({ action: 'sign-in', path: '/auth/callback', route: '/auth/callback', note: sessionEventOf(request) })).toMatchObject({
      actor: 'anonymous',
      role: null,
      resourceName: null,
      changes: { reason: 'state-mismatch' },
    });
    expect(describeSessionEvent({ action: 'sign-in', path: '/auth/token', note: undefined })).toMatchObject({ actor: 'anonymous', route: null, changes: {} });
  });
});
