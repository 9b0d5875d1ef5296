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
    expect(describeSessionEvent({ action: 'sign-in', path: '/auth/callback', route: '/auth/callback', status: 302, note: sessionEventOf(request) })).toEqual({
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
    expect(describeSessionEvent({ action: 'sign-in', path: '/auth/callback', route: '/auth/callback', status: 400, note: sessionEventOf(request) })).toMatchObject({
      actor: 'anonymous',
      role: null,
      resourceName: null,
      changes: { reason: 'state-mismatch' },
    });
    // The client went away before the answer: its outcome, and so its class, is unknown.
    expect(describeSessionEvent({ action: 'sign-in', path: '/auth/token', status: 499, note: undefined })).toMatchObject({ actor: 'anonymous', route: null, changes: {} });
  });

  it.each([
    { name: 'a body the parser refused (400)', status: 400, route: undefined, reason: 'invalid-request' },
    { name: 'a body over BODY_LIMIT (413)', status: 413, route: undefined, reason: 'invalid-request' },
    { name: 'a body in another encoding (415)', status: 415, route: undefined, reason: 'invalid-request' },
    { name: "a query the global input guard refused, before the route's interceptor (400)", status: 400, route: '/auth/callback', reason: 'invalid-request' },
    { name: 'a failure answered before the interceptor (500)', status: 500, route: undefined, reason: 'hub-error' },
  ])('gives a refusal nothing was noted about the class of its status: $name', ({ status, route, reason }) => {
    expect(describeSessionEvent({ action: 'sign-in', path: '/auth/callback', route, status, note: undefined }).changes).toEqual({ reason });
  });

  it('keeps the class noted over the one of the status, and gives a success none', () => {
    expect(describeSessionEvent({ action: 'sign-in', path: '/auth/token', status: 401, note: { refusal: 'invalid-id-token' } }).changes).toEqual({ reason: 'invalid-id-token' });
    expect(describeSessionEvent({ action: 'sign-in', path: '/auth/token', status: 201, note: { sessionId: 'x', subject: 'alice' } }).changes).toEqual({});
    expect(describeSessionEvent({ action: 'sign-out', path: '/auth/logout', status: 204, note: undefined }).changes).toEqual({});
  });
});
