import type { Request } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SessionAuthenticator } from '../../src/auth/session-authenticator';
import { FakeClock } from '../../src/clock/fake-clock';
import { SessionRetention } from '../../src/retention/session-retention.service';
import { PendingLogins } from '../../src/sso/pending-login';
import { type CapturedStdout, captureStdout } from '../support/captured-stdout';
import { cliIdToken, signInAtProvider, TestBrowser } from '../support/oidc-browser';
import { rsaSigningKey, startOidcProvider, type TestOidcProvider } from '../support/oidc-provider';
import { clusterBody } from '../support/builders';
import { bearer, freePort, startTestHub, type TestHub } from '../support/test-hub';

const CLIENT_SECRET = 'hub-client-secret-0123456789';
const CLI_REDIRECT = 'http://127.0.0.1:8085/callback';
const ALICE = { sub: 'alice', email: 'alice@corp.test', preferred_username: 'alice', groups: ['platform', 'dev'] };
const BOB = { sub: 'bob', preferred_username: 'bob' };
const HOUR_MS = 3_600_000;

describe('single sign-on through a real OIDC provider', () => {
  const clock = new FakeClock(new Date());
  let logs: CapturedStdout;
  let provider: TestOidcProvider;
  let foreign: TestOidcProvider;
  let hub: TestHub;
  let hubUrl: string;
  const secretsSeen: string[] = [CLIENT_SECRET];

  /** A browser sign-in from /auth/login to the session cookie; the browser and the hub's last answer. */
  async function browserSignIn(login: string, returnTo = '/api/v1/session') {
    const browser = new TestBrowser();
    const started = await browser.get(`${hubUrl}/auth/login?returnTo=${encodeURIComponent(returnTo)}`);
    expect(started.status).toBe(302);
    const callback = await signInAtProvider(browser, started.headers.get('location')!, login);
    const finished = await browser.get(callback);
    const session = browser.cookie(hubUrl, 'flotilla_session');
    if (session) secretsSeen.push(session);
    return { browser, started, callback, finished, session };
  }

  beforeAll(async () => {
    logs = captureStdout();
    const port = await freePort();
    hubUrl = `http://127.0.0.1:${port}`;
    const clients = [
      { clientId: 'flotilla', clientSecret: CLIENT_SECRET, redirectUris: [`${hubUrl}/auth/callback`] },
      { clientId: 'flotilla-cli', redirectUris: [CLI_REDIRECT] },
      { clientId: 'another-app', redirectUris: [CLI_REDIRECT] },
    ];
    const signingKeys = [rsaSigningKey('shared')];
    [provider, foreign] = await Promise.all([
      startOidcProvider({ clients, accounts: [ALICE, BOB], signingKeys }),
      startOidcProvider({ clients, accounts: [ALICE], signingKeys }),
    ]);
    hub = await startTestHub({
      clock,
      port,
      env: {
        LOG_LEVEL: 'info',
        PUBLIC_URL: hubUrl,
        OIDC_ISSUER: provider.issuer,
        OIDC_CLIENT_ID: 'flotilla',
        OIDC_CLIENT_SECRET: CLIENT_SECRET,
        OIDC_CLI_CLIENT_ID: 'flotilla-cli',
        // Groups become roles; a deny for one group beats the allow another group brings; anyone else reads only.
        RBAC_POLICY_CSV: ['g, dev, role:operator', 'p, platform, clusters, delete, *, deny'].join('\n'),
        RBAC_POLICY_DEFAULT: 'role:readonly',
      },
    });
  });

  afterAll(async () => {
    await Promise.all([hub?.close(), provider?.stop(), foreign?.stop()]);
    logs?.restore();
  });

  it('tells clients how to sign in, without the secret', async () => {
    const response = await hub.http.get('/auth/config').expect(200);
    expect(response.body).toEqual({
      enabled: true,
      issuer: provider.issuer,
      clientId: 'flotilla',
      cliClientId: 'flotilla-cli',
      scopes: ['openid', 'profile', 'email', 'groups'],
      loginPath: '/auth/login',
      tokenPath: '/auth/token',
    });
  });

  it('signs a browser in with authorization code + PKCE and a session cookie that any caller route accepts', async () => {
    const { browser, started, callback, finished, session } = await browserSignIn('alice', '/api/v1/session?view=mine');
    const authorization = new URL(started.headers.get('location')!);
    expect(authorization.origin).toBe(provider.issuer);
    expect(Object.fromEntries(authorization.searchParams)).toMatchObject({
      client_id: 'flotilla',
      response_type: 'code',
      redirect_uri: `${hubUrl}/auth/callback`,
      scope: 'openid profile email groups',
      code_challenge_method: 'S256',
    });
    for (const parameter of ['code_challenge', 'state', 'nonce']) expect(authorization.searchParams.get(parameter)).toMatch(/^[\w-]{20,}$/);
    expect(browser.setCookies[0]).toMatch(/^flotilla_sso_login=[^;]+; Max-Age=600; Path=\/auth\/callback; Expires=[^;]+; HttpOnly; SameSite=Lax$/);
    expect(callback.href.startsWith(`${hubUrl}/auth/callback?code=`)).toBe(true);

    expect(finished.status).toBe(302);
    expect(finished.headers.get('location')).toBe(`${hubUrl}/api/v1/session?view=mine`);
    const sessionCookie = browser.setCookies.find((header) => header.startsWith('flotilla_session='))!;
    expect(sessionCookie).toMatch(/; Max-Age=28800; Path=\/; Expires=[^;]+; HttpOnly; SameSite=Lax$/);
    expect(session).toMatch(/^fls_[\w-]{43}$/);
    expect(browser.cookie(hubUrl, 'flotilla_sso_login')).toBeUndefined();

    const own = await browser.get(`${hubUrl}/api/v1/session`);
    expect(own.status).toBe(200);
    const body = (await own.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ name: 'alice', displayName: 'alice@corp.test', groups: ['platform', 'dev'], revokedAt: null });
    expect(new Date(body.expiresAt as string).getTime()).toBe(new Date(body.createdAt as string).getTime() + 8 * HOUR_MS);
  });

  it('puts the subject and the groups on the principal the guard hands to the access policy', async () => {
    const { session } = await browserSignIn('alice');
    const request = { method: 'GET', headers: { authorization: `Bearer ${session}` } } as unknown as Request;
    await expect(hub.app.get(SessionAuthenticator).authenticate(request)).resolves.toEqual({ kind: 'sso', name: 'alice', groups: ['platform', 'dev'] });
    const cookieRequest = { method: 'GET', headers: { cookie: `other=1; flotilla_session=${session}` } } as unknown as Request;
    await expect(hub.app.get(SessionAuthenticator).authenticate(cookieRequest)).resolves.toMatchObject({ kind: 'sso', name: 'alice' });
    // The access policy's view of the caller: the subject and every group are its subjects.
    const account = await hub.http.get('/api/v1/account').set('Cookie', `flotilla_session=${session}`).expect(200);
    expect(account.body).toMatchObject({ name: 'alice', kind: 'sso', groups: ['platform', 'dev'] });
    expect(account.body.subjects).toEqual(expect.arrayContaining(['alice', 'platform', 'dev']));
  });

  it('acts on what the policy gives the groups, gives an unknown person the default role only, and audits refusals with the subject', async () => {
    const [alice, bob] = await Promise.all(['alice', 'bob'].map(async (login) => (await browserSignIn(login)).session!));
    const project = (name: string) => ({ apiVersion: 'argoproj.io/v1alpha1', kind: 'AppProject', metadata: { name }, spec: { sourceRepos: ['*'], destinations: [{ server: '*', namespace: '*' }] } });
    await hub.http.post('/api/v1/clusters').set(bearer(hub.adminToken)).send(clusterBody({ name: 'sso-target' })).expect(201);

    // bob: no group, so policy.default (role:readonly): every read, no write.
    await hub.http.get('/api/v1/clusters').set(bearer(bob)).expect(200);
    await hub.http.get('/api/v1/projects').set(bearer(bob)).expect(200);
    const refused = await hub.http.post('/api/v1/projects').set(bearer(bob)).send(project('by-bob')).expect(403);
    expect(refused.body.message).toBe('permission denied: projects, create, by-bob');
    await hub.http.get('/api/v1/projects/by-bob').set(bearer(hub.adminToken)).expect(404);

    // alice: group dev → role:operator, so she creates; group platform's deny beats the operator's allow on clusters.
    await hub.http.post('/api/v1/projects').set(bearer(alice)).send(project('by-alice')).expect(201);
    await hub.http.delete('/api/v1/clusters/sso-target').set(bearer(alice)).expect(403);
    await hub.http.get('/api/v1/clusters/sso-target').set(bearer(hub.adminToken)).expect(200);
    await hub.http.post('/api/v1/tokens').set(bearer(alice)).send({ name: 'by-alice', role: 'viewer' }).expect(403);

    const audit = async (actor: string) => (await hub.http.get(`/api/v1/audit?actor=${actor}&status=403`).set(bearer(hub.adminToken)).expect(200)).body.items;
    expect(await audit('bob')).toEqual([expect.objectContaining({ actor: 'bob', role: 'sso', method: 'POST', path: '/api/v1/projects', status: 403 })]);
    expect((await audit('alice')).map((event: { method: string; path: string }) => `${event.method} ${event.path}`).sort()).toEqual(['DELETE /api/v1/clusters/sso-target', 'POST /api/v1/tokens']);
  });

  it('falls back to the subject when the provider sends no email, and to no groups without the claim', async () => {
    const { browser } = await browserSignIn('bob');
    const own = await browser.get(`${hubUrl}/api/v1/session`);
    expect(await own.json()).toMatchObject({ name: 'bob', displayName: 'bob', groups: [] });
  });

  it('refuses a cookie-authenticated change from another origin or without one (CSRF), and signs out from the hub itself', async () => {
    const { browser, session } = await browserSignIn('alice');
    const foreignOrigins: Record<string, string>[] = [{}, { origin: 'http://127.0.0.1:1' }, { origin: 'null' }];
    for (const headers of foreignOrigins) {
      const refused = await browser.send(new URL(`${hubUrl}/api/v1/session`), { method: 'DELETE', headers });
      expect(refused.status).toBe(403);
      expect(((await refused.json()) as { message: string }).message).toContain("must come from the hub's own pages");
      const logout = await browser.send(new URL(`${hubUrl}/auth/logout`), { method: 'POST', headers });
      expect(logout.status).toBe(403);
    }
    expect((await browser.get(`${hubUrl}/api/v1/session`)).status).toBe(200);

    const signedOut = await browser.send(new URL(`${hubUrl}/api/v1/session`), { method: 'DELETE', headers: { origin: hubUrl } });
    expect(signedOut.status).toBe(204);
    expect(signedOut.headers.getSetCookie()[0]).toMatch(/^flotilla_session=; Path=\/; Expires=Thu, 01 Jan 1970/);
    await hub.http.get('/api/v1/session').set(bearer(session!)).expect(401);
  });

  it('signs out through POST /auth/logout: the session is revoked, the cookie cleared, a second sign-out is harmless', async () => {
    const { browser, session } = await browserSignIn('alice');
    const logout = await browser.send(new URL(`${hubUrl}/auth/logout`), { method: 'POST', headers: { origin: hubUrl } });
    expect(logout.status).toBe(204);
    await hub.http.get('/api/v1/session').set('Cookie', `flotilla_session=${session}`).expect(401);
    await hub.http.post('/auth/logout').set(bearer(session!)).expect(204);
  });

  it('lets admins list sessions and revoke one; others may not', async () => {
    const { session } = await browserSignIn('alice');
    const own = await hub.http.get('/api/v1/session').set(bearer(session!)).expect(200);
    const listed = await hub.http.get('/api/v1/sessions').set(bearer(hub.adminToken)).expect(200);
    expect(listed.body.items.map((item: { id: string }) => item.id)).toContain(own.body.id);
    expect(JSON.stringify(listed.body)).not.toMatch(/fls_|secret|hash/i);
    await hub.http.get('/api/v1/sessions').set(bearer(session!)).expect(403);
    await hub.http.delete(`/api/v1/sessions/${own.body.id}`).set(bearer(session!)).expect(403);

    await hub.http.delete(`/api/v1/sessions/${own.body.id}`).set(bearer(hub.adminToken)).expect(204);
    await hub.http.get('/api/v1/session').set(bearer(session!)).expect(401);
    await hub.http.delete(`/api/v1/sessions/${own.body.id}`).set(bearer(hub.adminToken)).expect(404);
    await hub.http.delete('/api/v1/sessions/not-a-uuid').set(bearer(hub.adminToken)).expect(404);
    const afterwards = await hub.http.get('/api/v1/sessions').set(bearer(hub.adminToken)).expect(200);
    expect(afterwards.body.items.find((item: { id: string }) => item.id === own.body.id).revokedAt).not.toBeNull();
    // An API token has no session of its own.
    await hub.http.get('/api/v1/session').set(bearer(hub.adminToken)).expect(404);
  });

  it('gives the CLI a session for an ID token of the provider, shown once', async () => {
    const idToken = await cliIdToken(provider.issuer, 'flotilla-cli', CLI_REDIRECT, 'alice');
    const issued = await hub.http.post('/auth/token').send({ idToken }).expect(201);
    expect(Object.keys(issued.body).sort()).toEqual(['expiresAt', 'token']);
    expect(issued.body.token).toMatch(/^fls_[\w-]{43}$/);
    secretsSeen.push(issued.body.token, idToken);
    const own = await hub.http.get('/api/v1/session').set(bearer(issued.body.token)).expect(200);
    expect(own.body).toMatchObject({ name: 'alice', groups: ['platform', 'dev'], expiresAt: issued.body.expiresAt });
  });

  it('refuses at /auth/token a tampered ID token, one from a foreign issuer, one for another client, and garbage', async () => {
    const idToken = await cliIdToken(provider.issuer, 'flotilla-cli', CLI_REDIRECT, 'alice');
    const [header, payload, signature] = idToken.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    const tampered = [header, Buffer.from(JSON.stringify({ ...claims, groups: ['admins'] })).toString('base64url'), signature].join('.');
    const tamperedAnswer = await hub.http.post('/auth/token').send({ idToken: tampered }).expect(401);
    expect(tamperedAnswer.body.message).toBe('The ID token is not valid: signature verification failed');

    const foreignToken = await cliIdToken(foreign.issuer, 'flotilla-cli', CLI_REDIRECT, 'alice');
    const foreignAnswer = await hub.http.post('/auth/token').send({ idToken: foreignToken }).expect(401);
    // Signed with the very same key: only the issuer tells it apart.
    expect(foreignAnswer.body.message).toBe('The ID token is not valid: unexpected "iss" claim value');

    const otherClient = await cliIdToken(provider.issuer, 'another-app', CLI_REDIRECT, 'alice');
    const otherAnswer = await hub.http.post('/auth/token').send({ idToken: otherClient }).expect(401);
    expect(otherAnswer.body.message).toContain('aud');

    const unsigned = [Buffer.from('{"alg":"none"}').toString('base64url'), payload, ''].join('.');
    await hub.http.post('/auth/token').send({ idToken: unsigned }).expect(401);
    const garbage = await hub.http.post('/auth/token').send({ idToken: 'not a token' }).expect(400);
    expect(garbage.body.details).toEqual([{ field: 'idToken', reason: 'a signed JWT (three base64url parts)' }]);
    await hub.http.post('/auth/token').send({ idToken, extra: 1 }).expect(400);
  });

  it('refuses a callback for a sign-in started in another browser (state), a replayed code, and a wrong PKCE verifier', async () => {
    const victim = new TestBrowser();
    await victim.get(`${hubUrl}/auth/login`);
    const attacker = new TestBrowser();
    const started = await attacker.get(`${hubUrl}/auth/login`);
    const callback = await signInAtProvider(attacker, started.headers.get('location')!, 'bob');
    const crossed = await victim.get(callback);
    expect(crossed.status).toBe(400);
    expect(((await crossed.json()) as { details: unknown }).details).toEqual([{ field: 'state', reason: 'does not match the sign-in started in this browser' }]);
    expect(victim.cookie(hubUrl, 'flotilla_session')).toBeUndefined();

    const loginCookie = attacker.cookie(hubUrl, 'flotilla_sso_login')!;
    expect((await attacker.get(callback)).status).toBe(302);
    attacker.setCookie(hubUrl, 'flotilla_sso_login', loginCookie);
    const replayed = await attacker.get(callback);
    expect(replayed.status).toBe(401);
    expect(((await replayed.json()) as { message: string }).message).toContain('invalid_grant');

    // A pending sign-in with the right state and nonce but another verifier: the provider refuses the code (PKCE).
    const browser = new TestBrowser();
    const begun = await browser.get(`${hubUrl}/auth/login`);
    const authorization = new URL(begun.headers.get('location')!);
    const answer = await signInAtProvider(browser, authorization.href, 'alice');
    const forged = hub.app.get(PendingLogins).seal({
      state: authorization.searchParams.get('state')!,
      nonce: authorization.searchParams.get('nonce')!,
      codeVerifier: 'a'.repeat(43),
      returnTo: '/',
    });
    browser.setCookie(hubUrl, 'flotilla_sso_login', forged);
    const mismatch = await browser.get(answer);
    expect(mismatch.status).toBe(401);
    expect(((await mismatch.json()) as { message: string }).message).toContain('invalid_grant');
  });

  it('refuses a callback without its cookie, with a forged cookie, or without code and state', async () => {
    const started = await new TestBrowser().get(`${hubUrl}/auth/login`);
    const state = new URL(started.headers.get('location')!).searchParams.get('state')!;
    const noCookie = await hub.http.get(`/auth/callback?code=abc&state=${state}`).expect(400);
    expect(noCookie.body.message).toContain('start again at /auth/login');
    await hub.http.get(`/auth/callback?code=abc&state=${state}`).set('Cookie', 'flotilla_sso_login=Zm9yZ2Vk').expect(400);
    await hub.http.get('/auth/callback').expect(400);
  });

  it('answers a refusal by the provider (access_denied) with 403 and a clear message', async () => {
    const browser = new TestBrowser();
    const started = await browser.get(`${hubUrl}/auth/login`);
    const callback = await signInAtProvider(browser, started.headers.get('location')!, 'alice', { abort: true });
    expect(callback.searchParams.get('error')).toBe('access_denied');
    const refused = await browser.get(callback);
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { message: string }).message).toBe('The identity provider did not sign you in (access_denied: End-User aborted interaction)');
    await hub.http.get('/auth/callback?error=temporarily_unavailable').expect(400);
  });

  it('reads nothing a callback says before its state matches: a crafted error link neither ends the sign-in nor speaks for the hub', async () => {
    const browser = new TestBrowser();
    const started = await browser.get(`${hubUrl}/auth/login`);
    const crafted = await browser.get(`${hubUrl}/auth/callback?error=access_denied&error_description=${encodeURIComponent('Call +1 555 0100 to unlock')}&state=forged`);
    expect(crafted.status).toBe(400);
    const body = (await crafted.json()) as { message: string };
    expect(body.message).toContain('does not belong to the sign-in this browser started');
    expect(body.message).not.toContain('555');
    expect(crafted.headers.get('set-cookie')).toBeNull();
    // The real sign-in still completes.
    const callback = await signInAtProvider(browser, started.headers.get('location')!, 'alice');
    expect((await browser.get(callback)).status).toBe(302);
  });

  it.each(['//evil.test/x', '/\\evil.test', 'https://evil.test/', 'evil', '/a b', '/%0d%0aSet-Cookie:x'])('refuses returnTo %j (no open redirect)', async (returnTo) => {
    const response = await hub.http.get('/auth/login').query({ returnTo });
    if (returnTo === '/%0d%0aSet-Cookie:x') {
      // Percent-encoded text is a plain path on this hub: allowed, and sent back encoded as it came.
      expect(response.status).toBe(302);
      return;
    }
    expect(response.status).toBe(400);
    expect(response.body.details).toEqual([{ field: 'returnTo', reason: 'must be a path on this hub, starting with a single "/"' }]);
  });

  // Last but one: ID tokens are checked against the hub's clock too, and it is 8 hours ahead after this.
  it('ends a session when it expires', async () => {
    const { session } = await browserSignIn('alice');
    await hub.http.get('/api/v1/session').set(bearer(session!)).expect(200);
    await clock.advance(8 * HOUR_MS - 1000);
    await hub.http.get('/api/v1/session').set(bearer(session!)).expect(200);
    await clock.advance(1000);
    const expired = await hub.http.get('/api/v1/session').set(bearer(session!)).expect(401);
    expect(expired.body.message).toBe('Invalid, expired or revoked session; sign in again');
    // The daily retention pass deletes every expired session, the revoked ones of the earlier tests included.
    const before = Number((await hub.dataSource.query('SELECT count(*) AS n FROM sso_sessions'))[0].n);
    expect(await hub.app.get(SessionRetention).pruneExpired()).toBe(before);
    await hub.http.get('/api/v1/sessions').set(bearer(hub.adminToken)).expect(200, { items: [] });
  });

  it('keeps the client secret, session secrets and ID tokens out of every log line', () => {
    const text = logs.text();
    expect(text).toContain('/auth/callback?code=%5Bredacted%5D');
    for (const secret of secretsSeen) expect(text).not.toContain(secret);
  });
});

describe('single sign-on while the provider is down, and when it is off', () => {
  let hub: TestHub;
  let off: TestHub;

  beforeAll(async () => {
    const deadPort = await freePort();
    [hub, off] = await Promise.all([
      startTestHub({
        env: { PUBLIC_URL: 'http://127.0.0.1:1', OIDC_ISSUER: `http://127.0.0.1:${deadPort}`, OIDC_CLIENT_ID: 'flotilla', OIDC_CLIENT_SECRET: CLIENT_SECRET },
      }),
      startTestHub(),
    ]);
  });

  afterAll(async () => {
    await Promise.all([hub?.close(), off?.close()]);
  });

  it('starts, and answers sign-ins with 503 naming the provider until it can be reached', async () => {
    await hub.http.get('/auth/config').expect(200);
    const login = await hub.http.get('/auth/login').expect(503);
    expect(login.body.message).toMatch(/^The identity provider http:\/\/127\.0\.0\.1:\d+ cannot be reached \(.+\); sign-in is unavailable until it answers$/);
    expect(login.body.message).not.toContain(CLIENT_SECRET);
    await hub.http.post('/auth/token').send({ idToken: 'a.b.c' }).expect(503);
  });

  it('without OIDC_ISSUER says so, and accepts no session', async () => {
    await off.http.get('/auth/config').expect(200, { enabled: false });
    await off.http.get('/auth/login').expect(404);
    await off.http.post('/auth/token').send({ idToken: 'a.b.c' }).expect(404);
    await off.http.get('/api/v1/session').set(bearer(`fls_${'x'.repeat(43)}`)).expect(401);
    await off.http.get('/api/v1/clusters').set('Cookie', 'flotilla_session=fls_x').expect(401);
  });
});
