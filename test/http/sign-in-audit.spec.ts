import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditTrail } from '../../src/audit/audit-trail';
import { FakeClock } from '../../src/clock/fake-clock';
import { projectWithReaders } from '../support/builders';
import { cliIdToken, signInAtProvider, TestBrowser } from '../support/oidc-browser';
import { startOidcProvider, type TestOidcProvider } from '../support/oidc-provider';
import { bearer, freePort, startTestHub, type TestHub } from '../support/test-hub';

const CLIENT_SECRET = 'hub-client-secret-for-the-audit-spec';
const CLI_REDIRECT = 'http://127.0.0.1:8085/callback';
const ALICE = { sub: 'alice', email: 'alice@corp.test', groups: ['dev'] };

interface AuditEvent {
  actor: string;
  role: string | null;
  method: string;
  path: string;
  route: string | null;
  action: string;
  resourceKind: string | null;
  resourceName: string | null;
  project: string | null;
  status: number;
  changes: Record<string, unknown>;
}

describe('sign-ins and sign-outs in the audit log', () => {
  const clock = new FakeClock(new Date());
  let provider: TestOidcProvider;
  let hub: TestHub;
  let hubUrl: string;
  /** Every secret the requests carried or the answers gave: none may appear in any audit row. */
  const secrets: string[] = [CLIENT_SECRET];

  const audit = async (query: Record<string, string>, token = hub.adminToken) => {
    await hub.app.get(AuditTrail).settled();
    return (await hub.http.get('/api/v1/audit').query(query).set(bearer(token)).expect(200)).body.items as AuditEvent[];
  };
  const ownSessionId = async (secret: string) => (await hub.http.get('/api/v1/session').set(bearer(secret)).expect(200)).body.id as string;

  /** Starts a sign-in in a browser and brings back the provider's answer; the secrets on the way are kept. */
  async function atProvider(options: { abort?: boolean } = {}) {
    const browser = new TestBrowser();
    const started = await browser.get(`${hubUrl}/auth/login`);
    secrets.push(browser.cookie(hubUrl, 'flotilla_sso_login')!);
    const authorization = new URL(started.headers.get('location')!);
    secrets.push(authorization.searchParams.get('state')!, authorization.searchParams.get('nonce')!, authorization.searchParams.get('code_challenge')!);
    const callback = await signInAtProvider(browser, authorization.href, 'alice', options);
    const code = callback.searchParams.get('code');
    if (code) secrets.push(code);
    return { browser, callback, state: authorization.searchParams.get('state')! };
  }

  beforeAll(async () => {
    const port = await freePort();
    hubUrl = `http://127.0.0.1:${port}`;
    provider = await startOidcProvider({
      clients: [
        { clientId: 'flotilla', clientSecret: CLIENT_SECRET, redirectUris: [`${hubUrl}/auth/callback`] },
        { clientId: 'flotilla-cli', redirectUris: [CLI_REDIRECT] },
      ],
      accounts: [ALICE],
    });
    hub = await startTestHub({
      clock,
      port,
      env: { PUBLIC_URL: hubUrl, OIDC_ISSUER: provider.issuer, OIDC_CLIENT_ID: 'flotilla', OIDC_CLIENT_SECRET: CLIENT_SECRET, OIDC_CLI_CLIENT_ID: 'flotilla-cli', RBAC_POLICY_DEFAULT: 'role:readonly' },
    });
    secrets.push(hub.adminToken);
  });

  afterAll(async () => {
    await Promise.all([hub?.close(), provider?.stop()]);
  });

  it('records a browser sign-in as the subject starting sessions/<id>, and its sign-out', async () => {
    const { browser, callback } = await atProvider();
    expect((await browser.get(callback)).status).toBe(302);
    const session = browser.cookie(hubUrl, 'flotilla_session')!;
    secrets.push(session);
    const id = await ownSessionId(session);

    expect(await audit({ resource: `sessions/${id}` })).toEqual([
      expect.objectContaining({ actor: 'alice', role: 'sso', method: 'GET', path: '/auth/callback', route: '/auth/callback', action: 'sign-in', resourceKind: 'sessions', resourceName: id, project: null, status: 302, changes: {} }),
    ]);

    expect((await browser.send(new URL(`${hubUrl}/auth/logout`), { method: 'POST', headers: { origin: hubUrl } })).status).toBe(204);
    const [signOut] = await audit({ resource: `sessions/${id}`, action: 'sign-out' });
    expect(signOut).toMatchObject({ actor: 'alice', role: 'sso', method: 'POST', path: '/auth/logout', status: 204, changes: {} });
  });

  it("records the CLI's token exchange, signing out of the own session, and an admin's revocation", async () => {
    const idToken = await cliIdToken(provider.issuer, 'flotilla-cli', CLI_REDIRECT, 'alice');
    const first = (await hub.http.post('/auth/token').send({ idToken }).expect(201)).body.token as string;
    const second = (await hub.http.post('/auth/token').send({ idToken }).expect(201)).body.token as string;
    secrets.push(idToken, first, second);
    const [firstId, secondId] = [await ownSessionId(first), await ownSessionId(second)];

    await hub.http.delete('/api/v1/session').set(bearer(first)).expect(204);
    await hub.http.delete(`/api/v1/sessions/${secondId}`).set(bearer(hub.adminToken)).expect(204);

    // Both in one millisecond of the fake clock: told apart by their action, not their order.
    const events = await audit({ resource: `sessions/${firstId}` });
    expect(events.map((event) => event.action).sort()).toEqual(['sign-in', 'sign-out']);
    const signIn = events.find((event) => event.action === 'sign-in');
    const signOut = events.find((event) => event.action === 'sign-out');
    expect(signIn).toMatchObject({ actor: 'alice', method: 'POST', path: '/auth/token', route: '/auth/token', action: 'sign-in', status: 201 });
    expect(signOut).toMatchObject({ actor: 'alice', role: 'sso', method: 'DELETE', path: '/api/v1/session', action: 'sign-out', status: 204 });
    const [revoked] = await audit({ resource: `sessions/${secondId}`, action: 'revoke' });
    expect(revoked).toMatchObject({ actor: 'admin', role: 'admin', path: `/api/v1/sessions/${secondId}`, status: 204 });
    // Alice's sign-ins so far: the browser's (a redirect) and the CLI's two.
    expect((await audit({ actor: 'alice', action: 'sign-in', status: '2xx' })).map((event) => event.path)).toEqual(['/auth/token', '/auth/token']);
    expect((await audit({ actor: 'alice', action: 'sign-in', status: '3xx' })).map((event) => event.path)).toEqual(['/auth/callback']);
  });

  it('records every refused sign-in as anonymous with the class of its refusal, and nothing the request carried', async () => {
    // Login CSRF: a callback that belongs to a sign-in another browser started.
    const victim = new TestBrowser();
    await victim.get(`${hubUrl}/auth/login`);
    secrets.push(victim.cookie(hubUrl, 'flotilla_sso_login')!);
    const attacker = await atProvider();
    expect((await victim.get(attacker.callback)).status).toBe(400);
    // No pending sign-in at all.
    await hub.http.get(`/auth/callback?code=abc&state=${attacker.state}`).expect(400);
    // The code, used twice: the provider refuses it the second time.
    const loginCookie = attacker.browser.cookie(hubUrl, 'flotilla_sso_login')!;
    expect((await attacker.browser.get(attacker.callback)).status).toBe(302);
    secrets.push(attacker.browser.cookie(hubUrl, 'flotilla_session')!);
    attacker.browser.setCookie(hubUrl, 'flotilla_sso_login', loginCookie);
    expect((await attacker.browser.get(attacker.callback)).status).toBe(401);
    // The person gives up at the provider; the provider reports another error.
    const aborted = await atProvider({ abort: true });
    expect((await aborted.browser.get(aborted.callback)).status).toBe(403);
    const failing = await atProvider();
    const providerError = new URL(`${hubUrl}/auth/callback`);
    providerError.search = new URLSearchParams({ error: 'server_error', error_description: 'try later', state: failing.state }).toString();
    expect((await failing.browser.get(providerError)).status).toBe(400);
    // The CLI: a tampered ID token, something that is no token, a body that is no JSON.
    const idToken = await cliIdToken(provider.issuer, 'flotilla-cli', CLI_REDIRECT, 'alice');
    const [header, payload, signature] = idToken.split('.');
    const tampered = [header, Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), sub: 'root' })).toString('base64url'), signature].join('.');
    secrets.push(idToken, tampered);
    await hub.http.post('/auth/token').send({ idToken: tampered }).expect(401);
    await hub.http.post('/auth/token').send({ idToken: 'not a token' }).expect(400);
    await hub.http.post('/auth/token').set('Content-Type', 'application/json').send('{"idToken": "broken').expect(400);
    await hub.http.post('/auth/token').set('Content-Type', 'text/plain').send('idToken=a.b.c').expect(415);
    // A callback whose query the global input guard refuses (a NUL), before the route's own interceptor.
    expect((await hub.http.get('/auth/callback?code=x%00').expect(400)).body.code).toBe('ValidationFailed');
    // A cookie-authenticated sign-out from another site.
    const signedIn = await atProvider();
    await signedIn.browser.get(signedIn.callback);
    secrets.push(signedIn.browser.cookie(hubUrl, 'flotilla_session')!);
    expect((await signedIn.browser.send(new URL(`${hubUrl}/auth/logout`), { method: 'POST', headers: { origin: 'http://127.0.0.1:1' } })).status).toBe(403);

    // All in one millisecond of the fake clock, so compared as a set.
    const refusals = await audit({ status: '4xx', resource: 'sessions' });
    expect(refusals.map((event) => `${event.method} ${event.path} ${event.status} ${String(event.changes.reason)}`).sort()).toEqual([
      'GET /auth/callback 400 state-mismatch',
      'GET /auth/callback 400 no-pending-sign-in',
      'GET /auth/callback 401 code-refused',
      'GET /auth/callback 403 provider-refusal',
      'GET /auth/callback 400 provider-error',
      'POST /auth/token 401 invalid-id-token',
      'POST /auth/token 400 invalid-request',
      // Refused before the route's interceptor could note why (by the body parser, by the global input guard):
      // recorded with the class of their status.
      'POST /auth/token 400 invalid-request',
      'POST /auth/token 415 invalid-request',
      'GET /auth/callback 400 invalid-request',
      'POST /auth/logout 403 foreign-origin',
    ].sort());
    for (const event of refusals) expect(event).toMatchObject({ actor: 'anonymous', role: null, resourceKind: 'sessions', resourceName: null, project: null });
    expect(refusals.every((event) => event.action === (event.path === '/auth/logout' ? 'sign-out' : 'sign-in'))).toBe(true);
  });

  it('shows sign-ins to whoever may read the whole audit log (audit, get, *), never to a project-scoped reader', async () => {
    await hub.http.post('/api/v1/projects').set(bearer(hub.adminToken)).send(projectWithReaders('web', 'reader')).expect(201);
    const projectToken = (await hub.http.post('/api/v1/projects/web/roles/reader/tokens').set(bearer(hub.adminToken)).send({}).expect(201)).body.token as string;
    secrets.push(projectToken);
    expect(await audit({ resource: 'sessions' }, projectToken)).toEqual([]);
    expect((await audit({ action: 'sign-in' }, projectToken)).length).toBe(0);
    expect((await audit({ action: 'sign-in' })).length).toBeGreaterThan(0);
  });

  it('keeps every secret out of every audit row: client secret, codes, state, ID tokens, session secrets, cookies', async () => {
    await hub.app.get(AuditTrail).settled();
    const rows: { row: string }[] = await hub.dataSource.query('SELECT row_to_json(e)::text AS row FROM audit_events e');
    expect(rows.some(({ row }) => row.includes('/auth/'))).toBe(true);
    const leaks = secrets.filter((secret) => rows.some(({ row }) => row.includes(secret)));
    expect(leaks).toEqual([]);
    // And the pieces of a JWT on their own (a row could hold a part without the whole).
    const jwtParts = secrets.filter((secret) => secret.split('.').length === 3).flatMap((jwt) => jwt.split('.').filter((part) => part.length > 20));
    expect(jwtParts.filter((part) => rows.some(({ row }) => row.includes(part)))).toEqual([]);
  });
});
