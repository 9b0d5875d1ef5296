import * as http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditTrail } from '../../src/audit/audit-trail';
import { FakeClock } from '../../src/clock/fake-clock';
import { bearer, startTestHub, type TestHub } from '../support/test-hub';

/** POST /auth/token from a chosen loopback address (Linux routes all of 127/8 to lo), as another client would. */
function exchangeFrom(
  url: string,
  localAddress: string,
  body = JSON.stringify({ idToken: 'a.b.c' }),
  contentType = 'application/json',
): Promise<{ status: number; retryAfter?: string; code?: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(`${url}/auth/token`, { method: 'POST', localAddress, headers: { 'Content-Type': contentType } }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => {
        const code = response.statusCode! >= 400 ? (JSON.parse(text) as { code?: string }).code : undefined;
        resolve({ status: response.statusCode!, retryAfter: response.headers['retry-after'], ...(code === undefined ? {} : { code }) });
      });
    });
    request.on('error', reject);
    request.end(body);
  });
}

describe('the rate limit of the anonymous sign-in routes', () => {
  const clock = new FakeClock('2026-03-10T12:00:00Z');
  let hub: TestHub;
  let unlimited: TestHub;

  beforeAll(async () => {
    // One request every 10 s, three at once. Single sign-on is off: the routes answer 404, after the limit.
    [hub, unlimited] = await Promise.all([
      startTestHub({ clock, env: { AUTH_RATE_LIMIT_PER_MINUTE: '6', AUTH_RATE_LIMIT_BURST: '3' } }),
      startTestHub({ env: { AUTH_RATE_LIMIT_PER_MINUTE: '0' } }),
    ]);
  });

  afterAll(async () => {
    await Promise.all([hub?.close(), unlimited?.close()]);
  });

  it('answers 429 with Retry-After in the error shape once an address has spent its burst, until the clock refills it', async () => {
    for (let i = 0; i < 3; i++) await hub.http.post('/auth/token').send({ idToken: 'a.b.c' }).expect(404);
    const limited = await hub.http.post('/auth/token').send({ idToken: 'a.b.c' }).expect(429);
    expect(limited.headers['retry-after']).toBe('10');
    expect(limited.body).toEqual({ statusCode: 429, code: 'TooManyRequests', message: 'Too many sign-in requests from this address; try again in 10 s' });
    // One budget for every route that does work; the public settings are not limited.
    await hub.http.get('/auth/login').expect(429);
    await hub.http.get('/auth/callback?state=x&code=y').expect(429);
    await hub.http.post('/auth/logout').expect(429);
    await hub.http.get('/auth/config').expect(200);

    // A refused request takes nothing: the wait shrinks only with time.
    await clock.advance(9_000);
    expect((await hub.http.post('/auth/token').send({ idToken: 'a.b.c' }).expect(429)).headers['retry-after']).toBe('1');
    await clock.advance(1_000);
    await hub.http.post('/auth/token').send({ idToken: 'a.b.c' }).expect(404);
    await hub.http.post('/auth/token').send({ idToken: 'a.b.c' }).expect(429);
  });

  it('counts each client address on its own', async () => {
    expect(await exchangeFrom(hub.url, '127.0.0.1')).toMatchObject({ status: 429 });
    expect(await exchangeFrom(hub.url, '127.0.0.2')).toEqual({ status: 404, retryAfter: undefined, code: 'NotFound' });
  });

  it('counts the bodies the parser refuses before routing too, and records none of their 429s', async () => {
    const rows = async () => {
      await hub.app.get(AuditTrail).settled();
      const items = async (status: string) => (await hub.http.get('/api/v1/audit').query({ action: 'sign-in', status, limit: '500' }).set(bearer(hub.adminToken)).expect(200)).body.items as unknown[];
      return (await items('400')).length + (await items('415')).length + (await items('429')).length;
    };
    const before = await rows();
    // A fresh address: its burst of three, each recorded (refused by the body parser), then 429s only.
    expect(await exchangeFrom(hub.url, '127.0.0.3', '{')).toMatchObject({ status: 400, code: 'BadRequestBody' });
    expect(await exchangeFrom(hub.url, '127.0.0.3', 'idToken=a.b.c', 'text/plain')).toMatchObject({ status: 415, code: 'UnsupportedMediaType' });
    expect(await exchangeFrom(hub.url, '127.0.0.3', '{')).toMatchObject({ status: 400 });
    expect(await rows()).toBe(before + 3);
    for (let i = 0; i < 20; i++) {
      const malformed = i % 2 === 0 ? await exchangeFrom(hub.url, '127.0.0.3', '{') : await exchangeFrom(hub.url, '127.0.0.3', 'idToken=a.b.c', 'text/plain');
      expect(malformed).toEqual({ status: 429, retryAfter: '10', code: 'TooManyRequests' });
    }
    expect(await rows()).toBe(before + 3);
  });

  it('records the refusals it let through in the audit log, and not the 429s', async () => {
    await hub.app.get(AuditTrail).settled();
    const events = async (status: string) => (await hub.http.get('/api/v1/audit').query({ action: 'sign-in', status }).set(bearer(hub.adminToken)).expect(200)).body.items;
    expect(await events('429')).toEqual([]);
    const refused = await events('404');
    expect(refused.length).toBeGreaterThanOrEqual(5);
    expect(refused[0]).toMatchObject({ actor: 'anonymous', path: '/auth/token', resourceKind: 'sessions', changes: { reason: 'sso-off' } });
  });

  it('limits nothing with AUTH_RATE_LIMIT_PER_MINUTE=0', async () => {
    for (let i = 0; i < 150; i++) await unlimited.http.post('/auth/token').send({ idToken: 'a.b.c' }).expect(404);
  });
});
