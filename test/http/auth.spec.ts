import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/clock/fake-clock';
import { bearer, startTestHub, type TestHub } from '../support/test-hub';

describe('authentication and tokens', () => {
  // Token expiry is read from the hub's clock, so the test moves it instead of waiting for a token to expire.
  const clock = new FakeClock();
  let hub: TestHub;
  let operator: string;
  let viewer: string;

  beforeAll(async () => {
    hub = await startTestHub({ clock });
    const created = await Promise.all(
      (['operator', 'viewer'] as const).map((role) =>
        hub.http.post('/api/v1/tokens').set(bearer(hub.adminToken)).send({ name: `${role}-1`, role }).expect(201),
      ),
    );
    [operator, viewer] = created.map((response) => response.body.token as string);
  });

  afterAll(async () => {
    await hub.close();
  });

  it('writes a generated admin token to <dataDir>/admin-token with mode 0600', () => {
    const stat = fs.statSync(path.join(hub.dataDir, 'admin-token'));
    expect(stat.mode & 0o777).toBe(0o600);
    expect(hub.adminToken).toMatch(/^flt_[A-Za-z0-9_-]{43}$/);
  });

  it.each([
    { name: 'no Authorization header', headers: {} },
    { name: 'a wrong token', headers: bearer('flt_not-a-real-token') },
    { name: 'a non-bearer scheme', headers: { Authorization: 'Basic YWRtaW46YWRtaW4=' } },
  ])('answers 401 for $name', async ({ headers }) => {
    const response = await hub.http.get('/api/v1/clusters').set(headers).expect(401);
    expect(response.body).toMatchObject({ statusCode: 401, code: 'Unauthenticated' });
  });

  it.each([
    { name: 'viewer may list clusters', token: () => viewer, method: 'get', url: '/api/v1/clusters', status: 200 },
    { name: 'viewer may not register a cluster', token: () => viewer, method: 'post', url: '/api/v1/clusters', status: 403 },
    { name: 'viewer may not delete a cluster', token: () => viewer, method: 'delete', url: '/api/v1/clusters/x', status: 403 },
    { name: 'viewer may not list tokens', token: () => viewer, method: 'get', url: '/api/v1/tokens', status: 403 },
    { name: 'operator may not list tokens', token: () => operator, method: 'get', url: '/api/v1/tokens', status: 403 },
    { name: 'operator may not create tokens', token: () => operator, method: 'post', url: '/api/v1/tokens', status: 403 },
    { name: 'operator may not re-encrypt credentials', token: () => operator, method: 'post', url: '/api/v1/admin/reencrypt-credentials', status: 403 },
    { name: 'operator may delete clusters (404: none)', token: () => operator, method: 'delete', url: '/api/v1/clusters/none', status: 404 },
    { name: 'admin may list tokens', token: () => hub.adminToken, method: 'get', url: '/api/v1/tokens', status: 200 },
  ] as const)('$name', async ({ token, method, url, status }) => {
    const response = await hub.http[method](url).set(bearer(token())).send({});
    expect(response.status).toBe(status);
    if (status === 403) expect(response.body.code).toBe('Forbidden');
  });

  it('shows a token once and never lists its secret', async () => {
    const created = await hub.http.post('/api/v1/tokens').set(bearer(hub.adminToken)).send({ name: 'ci', role: 'viewer' }).expect(201);
    expect(created.body).toMatchObject({ name: 'ci', role: 'viewer', createdBy: 'admin' });
    expect(created.body.token).toMatch(/^flt_/);
    await hub.http.get('/api/v1/clusters').set(bearer(created.body.token)).expect(200);
    const listed = await hub.http.get('/api/v1/tokens').set(bearer(hub.adminToken)).expect(200);
    const ci = listed.body.items.find((item: { name: string }) => item.name === 'ci');
    expect(ci).toEqual({
      name: 'ci',
      role: 'viewer',
      createdAt: expect.any(String),
      createdBy: 'admin',
      expiresAt: null,
      lastUsedAt: expect.any(String),
    });
    expect(JSON.stringify(listed.body)).not.toContain(created.body.token);
    const rows: { token_hash: string }[] = await hub.dataSource.query(`SELECT token_hash FROM api_tokens WHERE name = 'ci'`);
    expect(rows[0].token_hash).not.toContain(created.body.token);
  });

  it('refuses a duplicate token name with 409', async () => {
    await hub.http.post('/api/v1/tokens').set(bearer(hub.adminToken)).send({ name: 'dup', role: 'viewer' }).expect(201);
    const response = await hub.http.post('/api/v1/tokens').set(bearer(hub.adminToken)).send({ name: 'dup', role: 'admin' }).expect(409);
    expect(response.body.details).toEqual([{ field: 'name', reason: 'already exists' }]);
  });

  it.each([
    { name: 'unknown role', body: { name: 'a', role: 'root' }, field: 'role' },
    { name: 'bad name', body: { name: '-x', role: 'viewer' }, field: 'name' },
    { name: 'unknown field', body: { name: 'a', role: 'viewer', scope: 'all' }, field: 'scope' },
    { name: 'expiry in the past', body: { name: 'a', role: 'viewer', expiresAt: '2001-01-01T00:00:00Z' }, field: 'expiresAt' },
    { name: 'expiry not a date', body: { name: 'a', role: 'viewer', expiresAt: 'tomorrow' }, field: 'expiresAt' },
  ])('rejects a token request with $name', async ({ body, field }) => {
    const response = await hub.http.post('/api/v1/tokens').set(bearer(hub.adminToken)).send(body).expect(400);
    expect(response.body.details.map((d: { field: string }) => d.field)).toContain(field);
    const listed = await hub.http.get('/api/v1/tokens').set(bearer(hub.adminToken)).expect(200);
    expect(listed.body.items.map((t: { name: string }) => t.name)).not.toContain('a');
  });

  it('stops accepting a token once it expires', async () => {
    // Short of the hub's periodic jobs (shard leases every ~10 s), so moving the clock starts nothing else.
    const expiresAt = new Date(clock.now().getTime() + 1_500).toISOString();
    const created = await hub.http.post('/api/v1/tokens').set(bearer(hub.adminToken)).send({ name: 'short', role: 'viewer', expiresAt }).expect(201);
    await hub.http.get('/api/v1/clusters').set(bearer(created.body.token)).expect(200);
    await clock.advance(1_499);
    await hub.http.get('/api/v1/clusters').set(bearer(created.body.token)).expect(200);
    await clock.advance(1);
    await hub.http.get('/api/v1/clusters').set(bearer(created.body.token)).expect(401);
  });

  it('stops accepting a deleted token', async () => {
    const created = await hub.http.post('/api/v1/tokens').set(bearer(hub.adminToken)).send({ name: 'gone', role: 'operator' }).expect(201);
    await hub.http.delete('/api/v1/tokens/gone').set(bearer(hub.adminToken)).expect(204);
    await hub.http.get('/api/v1/clusters').set(bearer(created.body.token)).expect(401);
    await hub.http.delete('/api/v1/tokens/gone').set(bearer(hub.adminToken)).expect(404);
  });
});

describe('bootstrap admin token from FLOTILLA_ADMIN_TOKEN', () => {
  it('accepts the configured token and writes no token file', async () => {
    const hub = await startTestHub({ env: { FLOTILLA_ADMIN_TOKEN: 'my-own-admin-token-0123456789' } });
    try {
      await hub.http.get('/api/v1/tokens').set(bearer('my-own-admin-token-0123456789')).expect(200);
      expect(fs.existsSync(path.join(hub.dataDir, 'admin-token'))).toBe(false);
    } finally {
      await hub.close();
    }
  });
});
