import * as net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditTrail } from '../../src/audit/audit-trail';
import { FakeClock } from '../../src/clock/fake-clock';
import { EXPORT_CHUNK } from '../../src/common/http/export';
import { clusterBody, kubeconfigYaml } from '../support/builders';
import { fetchExport, parseCsv, parseNdjson } from '../support/exports';
import { bearer, startTestHub, type TestHub } from '../support/test-hub';

interface AuditEvent {
  id: string;
  occurredAt: string;
  actor: string;
  role: string | null;
  method: string;
  path: string;
  route: string | null;
  action: string;
  resourceKind: string | null;
  resourceName: string | null;
  requestId: string;
  status: number;
  durationMs: number;
  changes: { fields?: string[]; query?: Record<string, string>; manifest?: { kind: string; name?: string } };
}

const BEARER_TOKEN = 'cluster-bearer-secret-do-not-leak';
const KUBECONFIG_TOKEN = 'kubeconfig-token-secret-do-not-leak';
const REPOSITORY_TOKEN = 'repository-token-secret-do-not-leak';
const URL_PASSWORD = 'url-password-secret-do-not-leak';
const QUERY_TOKEN = 'query-token-secret-do-not-leak';

describe('the audit log of API actions', () => {
  const clock = new FakeClock('2026-03-10T12:00:00Z');
  let hub: TestHub;
  let admin: Record<string, string>;
  /** Every credential the requests carried; none may appear in any audit row. */
  const secrets = [BEARER_TOKEN, KUBECONFIG_TOKEN, REPOSITORY_TOKEN, URL_PASSWORD, QUERY_TOKEN];
  let viewer: string;
  let events: AuditEvent[];
  let hanging: net.Server;
  const hangingSockets = new Set<net.Socket>();

  const byRequest = (requestId: string) => {
    const found = events.filter((event) => event.requestId === requestId);
    expect(found, requestId).toHaveLength(1);
    return found[0];
  };
  const settled = () => hub.app.get(AuditTrail).settled();
  const list = async (query: Record<string, string>, token = hub.adminToken) => (await hub.http.get('/api/v1/audit').query(query).set(bearer(token)).expect(200)).body as { items: AuditEvent[]; nextCursor?: string };

  beforeAll(async () => {
    // Accepts connections and never answers: a cluster check against it lasts until its timeout.
    hanging = net.createServer((socket) => hangingSockets.add(socket));
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    hub = await startTestHub({ clock, env: { CLUSTER_CHECK_TIMEOUT_MS: '1500', RECONCILE_INTERVAL_SECONDS: '3600', SHARD_LEASE_SECONDS: '3600' } });
    secrets.push(hub.adminToken);
    admin = bearer(hub.adminToken);
    const as = (requestId: string, token = hub.adminToken) => ({ ...bearer(token), 'X-Request-Id': requestId });

    // One second between requests, so "newest first" has one answer and the time filters have clear edges.
    const next = async <T>(request: () => PromiseLike<T>) => {
      await clock.advance(1000);
      return request();
    };

    viewer = (await next(() => hub.http.post('/api/v1/tokens').set(as('token-create')).send({ name: 'auditor', role: 'viewer' }).expect(201))).body.token;
    const ci = await next(() => hub.http.post('/api/v1/tokens').set(as('ci-create')).send({ name: 'ci', role: 'operator' }).expect(201));
    secrets.push(viewer, ci.body.token);
    await next(() => hub.http.delete('/api/v1/tokens/ci').set(as('ci-delete')).expect(204));
    await next(() => hub.http.post('/api/v1/clusters').set(as('register')).send(clusterBody({ name: 'prod-eu', credentials: { bearerToken: BEARER_TOKEN } })).expect(201));
    const kubeconfig = kubeconfigYaml({ server: 'https://127.0.0.1:9', token: KUBECONFIG_TOKEN });
    await next(() => hub.http.post('/api/v1/clusters').set(as('register-kubeconfig')).send({ name: 'kc', credentials: { kubeconfig } }).expect(201));
    await next(() => hub.http.delete('/api/v1/clusters/prod-eu').set(as('deregister')).expect(204));
    await next(() => hub.http.post('/api/v1/clusters').set(as('refused', viewer)).send(clusterBody({ credentials: { bearerToken: BEARER_TOKEN } })).expect(403));
    await next(() => hub.http.delete('/api/v1/clusters/kc').set({ 'X-Request-Id': 'no-token' }).expect(401));
    await next(() => hub.http.post('/api/v1/clusters').query({ token: QUERY_TOKEN }).set(as('bad-query')).send(clusterBody()).expect(400));
    await next(() => hub.http.post('/api/v1/repositories').set(as('repo')).send({ url: 'https://127.0.0.1:8443/platform/fleet.git', username: 'bot', token: REPOSITORY_TOKEN }).expect(201));
    await next(() => hub.http.post('/api/v1/repositories').set(as('repo-in-url')).send({ url: `https://bot:${URL_PASSWORD}@127.0.0.1:8443/other.git` }).expect(422));
    const truncated = `{"name":"x","credentials":{"bearerToken":"${BEARER_TOKEN}"`;
    await next(() => hub.http.post('/api/v1/clusters').set(as('bad-json')).set('Content-Type', 'application/json').send(truncated).expect(400));
    await next(() => hub.http.get('/api/v1/clusters').set(as('read')).expect(200));
    await settled();
    events = (await list({ limit: '1000' })).items;
  });

  afterAll(async () => {
    await hub?.close();
    for (const socket of hangingSockets) socket.destroy();
    await new Promise((resolve) => hanging?.close(resolve));
  });

  it.each([
    { requestId: 'token-create', expected: { actor: 'admin', role: 'admin', method: 'POST', route: '/api/v1/tokens', action: 'create', resourceKind: 'tokens', resourceName: 'auditor', status: 201 } },
    { requestId: 'ci-delete', expected: { actor: 'admin', role: 'admin', method: 'DELETE', route: '/api/v1/tokens/:name', action: 'delete', resourceKind: 'tokens', resourceName: 'ci', status: 204 } },
    {
      requestId: 'register',
      expected: { actor: 'admin', action: 'create', resourceKind: 'clusters', resourceName: 'prod-eu', status: 201, changes: { fields: ['name', 'server', 'labels.env', 'credentials'] } },
    },
    { requestId: 'deregister', expected: { actor: 'admin', path: '/api/v1/clusters/prod-eu', action: 'delete', resourceKind: 'clusters', resourceName: 'prod-eu', status: 204, changes: {} } },
    { requestId: 'refused', expected: { actor: 'auditor', role: 'viewer', action: 'create', resourceKind: 'clusters', status: 403 } },
    { requestId: 'no-token', expected: { actor: 'anonymous', role: null, action: 'delete', resourceKind: 'clusters', resourceName: 'kc', status: 401 } },
    { requestId: 'bad-query', expected: { status: 400, changes: { query: { token: '[redacted]' } } } },
    { requestId: 'repo', expected: { action: 'create', resourceKind: 'repositories', resourceName: 'https://127.0.0.1:8443/platform/fleet.git', status: 201 } },
    { requestId: 'repo-in-url', expected: { resourceName: 'https://***@127.0.0.1:8443/other.git', status: 422 } },
    { requestId: 'bad-json', expected: { actor: 'anonymous', route: null, action: 'create', resourceKind: null, status: 400 } },
  ])('records $requestId', ({ requestId, expected }) => {
    expect(byRequest(requestId)).toMatchObject(expected);
  });

  it('records when each request arrived, by the hub clock, and how long it took', () => {
    expect(byRequest('token-create').occurredAt).toBe('2026-03-10T12:00:01.000Z');
    expect(byRequest('bad-json').occurredAt).toBe('2026-03-10T12:00:12.000Z');
    expect(events.every((event) => Number.isInteger(event.durationMs) && event.durationMs >= 0)).toBe(true);
  });

  it('records every request that asks for a change, and no read', () => {
    expect(events.map((event) => event.requestId)).not.toContain('read');
    expect(events).toHaveLength(12);
  });

  it('holds no credential in any row, through the API or in the table', async () => {
    const rows = JSON.stringify(await hub.dataSource.query('SELECT * FROM audit_events'));
    const ndjson = (await fetchExport(hub.http, '/api/v1/audit?format=ndjson', admin)).text;
    const csv = (await fetchExport(hub.http, '/api/v1/audit?format=csv', admin)).text;
    for (const secret of secrets) {
      for (const [where, text] of Object.entries({ rows, json: JSON.stringify(events), ndjson, csv })) expect(text, `${where} holds a credential`).not.toContain(secret);
    }
  });

  it('answers viewers: auditors read it with a viewer token', async () => {
    expect((await list({ actor: 'auditor' }, viewer)).items.map((event) => event.requestId)).toEqual(['refused']);
  });

  it.each([
    { name: 'actor', query: { actor: 'anonymous' }, requestIds: ['bad-json', 'no-token'] },
    { name: 'action', query: { action: 'delete' }, requestIds: ['no-token', 'deregister', 'ci-delete'] },
    { name: 'resource kind', query: { resource: 'tokens' }, requestIds: ['ci-delete', 'ci-create', 'token-create'] },
    { name: 'resource kind and name', query: { resource: 'clusters/prod-eu' }, requestIds: ['deregister', 'register'] },
    { name: 'status', query: { status: '403' }, requestIds: ['refused'] },
    { name: 'status class', query: { status: '2xx', resource: 'clusters' }, requestIds: ['deregister', 'register-kubeconfig', 'register'] },
    { name: 'since (inclusive) and until (exclusive)', query: { since: '2026-03-10T12:00:04Z', until: '2026-03-10T13:00:07+01:00' }, requestIds: ['deregister', 'register-kubeconfig', 'register'] },
  ] as { name: string; query: Record<string, string>; requestIds: string[] }[])('filters by $name, newest first', async ({ query, requestIds }) => {
    expect((await list(query)).items.map((event) => event.requestId)).toEqual(requestIds);
  });

  it.each([
    { name: 'an unknown filter', query: { owner: 'me' }, field: 'owner' },
    { name: 'a time that is not RFC 3339', query: { since: 'yesterday' }, field: 'since' },
    { name: 'a time without an offset', query: { until: '2026-03-10T12:00:00' }, field: 'until' },
    { name: 'until before since', query: { since: '2026-03-10T12:00:00Z', until: '2026-03-10T11:00:00Z' }, field: 'until' },
    { name: 'a resource that is no kind', query: { resource: 'Clusters/x' }, field: 'resource' },
    { name: 'a status that is none', query: { status: '4x' }, field: 'status' },
    { name: 'an unknown format', query: { format: 'xml' }, field: 'format' },
    { name: 'a forged cursor', query: { cursor: Buffer.from(JSON.stringify({ after: ['yesterday', 'x'] })).toString('base64url') }, field: 'cursor' },
  ])('answers 400 naming the field for $name', async ({ query, field }) => {
    const response = await hub.http.get('/api/v1/audit').query(query).set(admin).expect(400);
    expect(response.body.details).toContainEqual({ field, reason: expect.any(String) });
  });

  it('pages with a cursor through exactly the events of the whole list', async () => {
    const seen: AuditEvent[] = [];
    let cursor: string | undefined;
    do {
      const page = await list({ limit: '3', ...(cursor ? { cursor } : {}) });
      expect(page.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(events);
  });

  it.each([{ query: '' }, { query: '&resource=clusters&status=4xx' }])('exports NDJSON and CSV that parse back into the JSON answer$query', async ({ query }) => {
    const json = (await list({ limit: '1000', ...Object.fromEntries(new URLSearchParams(query)) })).items;
    expect(json.length).toBeGreaterThan(0);
    const ndjson = await fetchExport(hub.http, `/api/v1/audit?format=ndjson${query}`, admin);
    expect(ndjson).toMatchObject({ status: 200, contentType: 'application/x-ndjson' });
    expect(parseNdjson(ndjson.text)).toEqual(json);
    const csv = await fetchExport(hub.http, `/api/v1/audit?format=csv${query}`, admin);
    expect(csv).toMatchObject({ status: 200, contentType: 'text/csv; charset=utf-8' });
    const [header, ...rows] = parseCsv(csv.text);
    expect(header).toEqual(Object.keys(json[0]));
    expect(rows.map((row) => fromCsvRow(header, row))).toEqual(json);
  });

  it('exports more rows than one chunk, in order, across the chunk boundary', async () => {
    // Recording is shown above; here only the export's paging matters, so the rows go in with one statement.
    const count = EXPORT_CHUNK + 20;
    await hub.dataSource.query(
      `INSERT INTO audit_events (occurred_at, actor, role, method, path, route, action, resource_kind, resource_name, request_id, status, duration_ms, changes)
       SELECT timestamptz '2026-03-11T00:00:00Z' + make_interval(secs => i), 'bulk', 'admin', 'DELETE', '/api/v1/clusters/bulk-' || i,
              '/api/v1/clusters/:name', 'delete', 'clusters', 'bulk-' || i, 'bulk-' || i, 404, 1, '{}'::jsonb
       FROM generate_series(0, $1 - 1) AS i`,
      [count],
    );
    const exported = parseNdjson((await fetchExport(hub.http, '/api/v1/audit?format=ndjson&actor=bulk', admin)).text) as AuditEvent[];
    expect(exported.map((event) => event.resourceName)).toEqual(Array.from({ length: count }, (_, i) => `bulk-${count - 1 - i}`));
  });

  it('records a request whose client went away before the answer as 499', async () => {
    const server = `https://127.0.0.1:${(hanging.address() as net.AddressInfo).port}`;
    await expect(hub.http.post('/api/v1/clusters').query({ check: 'true' }).set({ ...admin, 'X-Request-Id': 'gone' }).send(clusterBody({ server })).timeout(300)).rejects.toThrow(/timeout/i);
    await settled();
    expect((await list({ status: '499' })).items).toMatchObject([{ requestId: 'gone', status: 499, resourceKind: 'clusters' }]);
  });

  it('is append-only: the database refuses UPDATE, DELETE and TRUNCATE', async () => {
    await expect(hub.dataSource.query(`UPDATE audit_events SET actor = 'someone-else'`)).rejects.toThrow(/append-only/);
    await expect(hub.dataSource.query(`DELETE FROM audit_events WHERE actor = 'admin'`)).rejects.toThrow(/append-only/);
    await expect(hub.dataSource.query(`TRUNCATE audit_events`)).rejects.toThrow(/append-only/);
    const [partition] = await hub.dataSource.query(`SELECT inhrelid::regclass::text AS name FROM pg_inherits WHERE inhparent = 'audit_events'::regclass LIMIT 1`);
    await expect(hub.dataSource.query(`DELETE FROM ${partition.name}`)).rejects.toThrow(/append-only/);
    expect((await list({ limit: '1000' })).items.length).toBeGreaterThanOrEqual(events.length);
  });

  it('offers no route that edits or deletes it', async () => {
    const document = (await hub.http.get('/api/openapi.json').expect(200)).body as { paths: Record<string, Record<string, unknown>> };
    const auditPaths = Object.entries(document.paths).filter(([path]) => path.startsWith('/api/v1/audit'));
    expect(auditPaths.map(([path, operations]) => [path, Object.keys(operations)])).toEqual([['/api/v1/audit', ['get']]]);
  });
});

/** A CSV row back into the JSON item: empty cells are null, numbers are numbers, `changes` is JSON text. */
function fromCsvRow(header: string[], row: string[]): AuditEvent {
  const numbers = new Set(['status', 'durationMs']);
  return Object.fromEntries(
    header.map((column, i) => {
      const cell = row[i];
      if (column === 'changes') return [column, JSON.parse(cell)];
      if (numbers.has(column)) return [column, Number(cell)];
      return [column, cell === '' ? null : cell];
    }),
  ) as unknown as AuditEvent;
}
