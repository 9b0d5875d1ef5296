import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditTrail } from '../../src/audit/audit-trail';
import { GeneratorPluginsService } from '../../src/generator-plugins/generator-plugins.service';
import { bearer, startTestHub, type TestHub } from '../support/test-hub';

const TOKEN = 'plugin-token-do-not-leak';
const NEW_TOKEN = 'plugin-token-rotated-do-not-leak';
const BASE_URL = 'http://127.0.0.1:4355';

describe('generator plugins over HTTP', () => {
  let hub: TestHub;
  let admin: Record<string, string>;
  let operator: Record<string, string>;
  let viewer: Record<string, string>;
  /** Every answer, checked at the end for the tokens. */
  const answers: string[] = [];
  const seen = <T extends { text: string }>(response: T): T => {
    answers.push(response.text);
    return response;
  };
  const names = async () => (await hub.http.get('/api/v1/generator-plugins').set(admin).expect(200)).body.items.map((item: { name: string }) => item.name);

  beforeAll(async () => {
    hub = await startTestHub({ env: { RECONCILE_INTERVAL_SECONDS: '3600' } });
    admin = bearer(hub.adminToken);
    const tokens = await Promise.all(
      ['operator', 'viewer'].map(async (role) => (await hub.http.post('/api/v1/tokens').set(admin).send({ name: `${role}-1`, role }).expect(201)).body.token as string),
    );
    [operator, viewer] = tokens.map(bearer);
  });

  afterAll(async () => {
    await hub.close();
  });

  it('registers a plugin, showing only that a token is set and when', async () => {
    const created = seen(await hub.http.post('/api/v1/generator-plugins').set(operator).send({ name: 'my-plugin', baseUrl: BASE_URL, token: TOKEN, requestTimeoutSeconds: 5 }).expect(201));
    expect(created.body).toEqual({
      name: 'my-plugin',
      baseUrl: BASE_URL,
      requestTimeoutSeconds: 5,
      token: { set: true, updatedAt: expect.any(String) },
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    seen(await hub.http.get('/api/v1/generator-plugins/my-plugin').set(viewer).expect(200));
    seen(await hub.http.get('/api/v1/generator-plugins').set(viewer).expect(200));
    expect((await hub.app.get(GeneratorPluginsService).endpointFor('my-plugin')).token).toBe(TOKEN);
    const rows: { row: string }[] = await hub.dataSource.query(`SELECT row_to_json(p)::text AS row FROM generator_plugins p`);
    expect(rows.map((r) => r.row).join('\n')).not.toContain(TOKEN);
  });

  it('defaults the timeout to Argo CD\'s 30 seconds', async () => {
    const created = seen(await hub.http.post('/api/v1/generator-plugins').set(admin).send({ name: 'defaults.example-team', baseUrl: `${BASE_URL}/prefix/`, token: TOKEN }).expect(201));
    expect(created.body.requestTimeoutSeconds).toBe(30);
  });

  it('refuses a name registered already', async () => {
    const response = seen(await hub.http.post('/api/v1/generator-plugins').set(admin).send({ name: 'my-plugin', baseUrl: BASE_URL, token: 'other' }).expect(409));
    expect(response.body.details).toEqual([{ field: 'name', reason: 'already registered' }]);
  });

  it.each([
    { name: 'an upper-case name', body: { name: 'My_Plugin', baseUrl: BASE_URL, token: TOKEN }, field: 'name', reason: /DNS-1123/ },
    { name: 'a name too long', body: { name: 'a'.repeat(254), baseUrl: BASE_URL, token: TOKEN }, field: 'name', reason: /253/ },
    { name: 'no base URL', body: { name: 'p1', token: TOKEN }, field: 'baseUrl', reason: /expected string/ },
    { name: 'a relative base URL', body: { name: 'p1', baseUrl: '/plugin', token: TOKEN }, field: 'baseUrl', reason: /absolute http or https/ },
    { name: 'a file URL', body: { name: 'p1', baseUrl: 'file:///etc/passwd', token: TOKEN }, field: 'baseUrl', reason: /not file:/ },
    { name: 'credentials in the URL', body: { name: 'p1', baseUrl: `http://user:${TOKEN}@127.0.0.1:4355`, token: TOKEN }, field: 'baseUrl', reason: /credentials/ },
    { name: 'a query in the URL', body: { name: 'p1', baseUrl: `${BASE_URL}?token=x`, token: TOKEN }, field: 'baseUrl', reason: /query/ },
    { name: 'no token', body: { name: 'p1', baseUrl: BASE_URL }, field: 'token', reason: /expected string/ },
    { name: 'an empty token', body: { name: 'p1', baseUrl: BASE_URL, token: '' }, field: 'token', reason: /empty/ },
    { name: 'a token with a line break', body: { name: 'p1', baseUrl: BASE_URL, token: `${TOKEN}\r\nX-Evil: 1` }, field: 'token', reason: /printable ASCII/ },
    { name: 'a zero timeout', body: { name: 'p1', baseUrl: BASE_URL, token: TOKEN, requestTimeoutSeconds: 0 }, field: 'requestTimeoutSeconds', reason: /at least 1/ },
    { name: 'a timeout too long', body: { name: 'p1', baseUrl: BASE_URL, token: TOKEN, requestTimeoutSeconds: 121 }, field: 'requestTimeoutSeconds', reason: /at most 120/ },
    { name: 'a fractional timeout', body: { name: 'p1', baseUrl: BASE_URL, token: TOKEN, requestTimeoutSeconds: 1.5 }, field: 'requestTimeoutSeconds', reason: /whole number/ },
    { name: 'an unknown field', body: { name: 'p1', baseUrl: BASE_URL, token: TOKEN, configMapRef: 'x' }, field: 'configMapRef', reason: /unknown field/ },
  ])('refuses $name with 400, naming the field, and stores nothing', async ({ body, field, reason }) => {
    const before = await names();
    const response = seen(await hub.http.post('/api/v1/generator-plugins').set(admin).send(body).expect(400));
    const detail = response.body.details.find((d: { field: string }) => d.field === field);
    expect(detail, JSON.stringify(response.body.details)).toBeDefined();
    expect(detail.reason).toMatch(reason);
    expect(await names()).toEqual(before);
  });

  it('replaces the address and timeout, keeping the token unless a new one is sent', async () => {
    const before = (await hub.http.get('/api/v1/generator-plugins/my-plugin').set(admin).expect(200)).body;
    const kept = seen(await hub.http.put('/api/v1/generator-plugins/my-plugin').set(operator).send({ baseUrl: 'https://127.0.0.1:4356', requestTimeoutSeconds: 10 }).expect(200));
    expect(kept.body).toMatchObject({ baseUrl: 'https://127.0.0.1:4356', requestTimeoutSeconds: 10, token: before.token });
    expect((await hub.app.get(GeneratorPluginsService).endpointFor('my-plugin')).token).toBe(TOKEN);
    const rotated = seen(await hub.http.put('/api/v1/generator-plugins/my-plugin').set(operator).send({ name: 'my-plugin', baseUrl: BASE_URL, token: NEW_TOKEN }).expect(200));
    expect(rotated.body).toMatchObject({ baseUrl: BASE_URL, requestTimeoutSeconds: 30 });
    expect(Date.parse(rotated.body.token.updatedAt)).toBeGreaterThanOrEqual(Date.parse(before.token.updatedAt));
    expect((await hub.app.get(GeneratorPluginsService).endpointFor('my-plugin')).token).toBe(NEW_TOKEN);
  });

  it('refuses a bad replacement without changing anything', async () => {
    const before = (await hub.http.get('/api/v1/generator-plugins/my-plugin').set(admin).expect(200)).body;
    const mismatch = seen(await hub.http.put('/api/v1/generator-plugins/my-plugin').set(admin).send({ name: 'other', baseUrl: 'http://127.0.0.1:1' }).expect(400));
    expect(mismatch.body.details).toEqual([{ field: 'name', reason: 'must be the name in the path' }]);
    const invalid = seen(await hub.http.put('/api/v1/generator-plugins/my-plugin').set(admin).send({ baseUrl: 'ftp://127.0.0.1', token: 'x' }).expect(400));
    expect(invalid.body.details.map((d: { field: string }) => d.field)).toEqual(['baseUrl']);
    expect((await hub.http.get('/api/v1/generator-plugins/my-plugin').set(admin).expect(200)).body).toEqual(before);
    expect((await hub.app.get(GeneratorPluginsService).endpointFor('my-plugin')).token).toBe(NEW_TOKEN);
    await hub.http.put('/api/v1/generator-plugins/nowhere').set(admin).send({ baseUrl: BASE_URL, token: 'x' }).expect(404);
  });

  it('lets viewers read but not write', async () => {
    await hub.http.post('/api/v1/generator-plugins').set(viewer).send({ name: 'by-viewer', baseUrl: BASE_URL, token: TOKEN }).expect(403);
    await hub.http.put('/api/v1/generator-plugins/my-plugin').set(viewer).send({ baseUrl: 'http://127.0.0.1:1' }).expect(403);
    await hub.http.delete('/api/v1/generator-plugins/my-plugin').set(viewer).expect(403);
    await hub.http.get('/api/v1/generator-plugins').expect(401);
    expect(await names()).toEqual(['defaults.example-team', 'my-plugin']);
    expect((await hub.http.get('/api/v1/generator-plugins/my-plugin').set(viewer).expect(200)).body.baseUrl).toBe(BASE_URL);
  });

  it('deletes a plugin', async () => {
    await hub.http.delete('/api/v1/generator-plugins/defaults.example-team').set(operator).expect(204);
    await hub.http.get('/api/v1/generator-plugins/defaults.example-team').set(admin).expect(404);
    await hub.http.delete('/api/v1/generator-plugins/defaults.example-team').set(operator).expect(404);
  });

  it('records every write in the audit log, by name, without the token', async () => {
    await hub.app.get(AuditTrail).settled();
    const events = (await hub.http.get('/api/v1/audit').query({ resource: 'generator-plugins', limit: '100' }).set(admin).expect(200)).body.items as {
      action: string;
      resourceName: string | null;
      status: number;
      changes: { fields?: string[] };
    }[];
    const done = events.filter((event) => event.status < 300).map((event) => `${event.action} ${event.resourceName}`);
    expect(done).toEqual(expect.arrayContaining(['create my-plugin', 'update my-plugin', 'delete defaults.example-team']));
    expect(events.some((event) => event.status === 403 && event.action === 'create')).toBe(true);
    expect(events.find((event) => event.action === 'create' && event.resourceName === 'my-plugin')?.changes.fields).toContain('token');
    expect(JSON.stringify(events)).not.toContain(TOKEN);
    expect(JSON.stringify(events)).not.toContain(NEW_TOKEN);
  });

  it('never answered with a token', () => {
    for (const answer of answers) {
      expect(answer).not.toContain(TOKEN);
      expect(answer).not.toContain(NEW_TOKEN);
    }
  });
});
