import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterBody } from '../support/builders';
import { bearer, startTestHub, type TestHub } from '../support/test-hub';

const SECRET = 'edge-secret-token-do-not-echo';
const TABLES = ['clusters', 'projects', 'application_sets', 'applications', 'repositories', 'api_tokens', 'sync_runs'];

interface HostileRow {
  name: string;
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  contentType?: string;
  body?: string;
  status: number;
  code: string;
  /** The field `details` must name; a RegExp where the name is long (a 65-level path). */
  field?: string | RegExp;
}

const json = (body: unknown) => JSON.stringify(body);
const cursor = (after: string[]) => Buffer.from(JSON.stringify({ after }), 'utf8').toString('base64url');
const yamlCluster = (extra: string) => `name: c1\nserver: https://127.0.0.1:6443\ncredentials: {bearerToken: ${SECRET}}\n${extra}`;

const BILLION_LAUGHS = [
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  ...['b', 'c', 'd', 'e', 'f', 'g', 'h'].map((name, index) => `${name}: &${name} [${Array(9).fill(`*${'abcdefgh'[index]}`).join(',')}]`),
].join('\n');

const rows: HostileRow[] = [
  // YAML alias bombs and bad aliases
  { name: 'a YAML billion-laughs body', method: 'post', path: '/api/v1/clusters', contentType: 'application/yaml', body: yamlCluster(`annotations:\n  ${BILLION_LAUGHS.replaceAll('\n', '\n  ')}\n`), status: 400, code: 'BadRequestBody', field: '(body)' },
  { name: 'a YAML body with more than 100 aliases', method: 'post', path: '/api/v1/clusters', contentType: 'application/yaml', body: yamlCluster(`labels: &l {env: a}\nx: [${Array(101).fill('*l').join(',')}]\n`), status: 400, code: 'BadRequestBody', field: '(body)' },
  { name: 'a YAML body with an undefined alias', method: 'post', path: '/api/v1/clusters', contentType: 'application/yaml', body: 'name: *nope\n', status: 400, code: 'BadRequestBody', field: '(body)' },
  { name: 'a YAML body whose aliases expand it 20-fold', method: 'post', path: '/api/v1/clusters', contentType: 'application/yaml', body: yamlCluster(`annotations:\n  big: &big "${'x'.repeat(250_000)}"\nx: [${Array(20).fill('*big').join(',')}]\n`), status: 413, code: 'PayloadTooLarge', field: '(body)' },
  // Nesting
  { name: 'a YAML body nested 100,000 deep', method: 'post', path: '/api/v1/clusters', contentType: 'application/yaml', body: '['.repeat(100_000) + ']'.repeat(100_000), status: 400, code: 'BadRequestBody', field: '(body)' },
  { name: 'a JSON array nested 100,000 deep', method: 'post', path: '/api/v1/projects', body: '['.repeat(100_000) + ']'.repeat(100_000), status: 400, code: 'ValidationFailed', field: /^0(\.0){63}$/ },
  { name: 'a JSON object nested 100,000 deep', method: 'post', path: '/api/v1/applicationsets', body: `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`, status: 400, code: 'ValidationFailed', field: /^a(\.a){63}$/ },
  // Text PostgreSQL cannot store
  { name: 'a NUL in a nested body string', method: 'post', path: '/api/v1/clusters', body: json(clusterBody({ annotations: { note: 'prod\u0000' }, credentials: { bearerToken: SECRET } })), status: 400, code: 'ValidationFailed', field: 'annotations.note' },
  { name: 'a NUL in a body key', method: 'post', path: '/api/v1/clusters', body: json(clusterBody({ annotations: { 'a\u0000b': 'x' } })), status: 400, code: 'ValidationFailed', field: 'annotations.a\\u0000b' },
  { name: 'a NUL deep in an ApplicationSet template', method: 'post', path: '/api/v1/applicationsets', body: json({ metadata: { name: 'set' }, spec: { generators: [], template: { metadata: { name: `app-${SECRET}\u0000` } } } }), status: 400, code: 'ValidationFailed', field: 'spec.template.metadata.name' },
  { name: 'a lone surrogate in a JSON string', method: 'post', path: '/api/v1/clusters', body: `{"name":"\\ud800","server":"https://127.0.0.1:6443","credentials":{"bearerToken":"${SECRET}"}}`, status: 400, code: 'ValidationFailed', field: 'name' },
  { name: 'a NUL escape in a YAML string', method: 'post', path: '/api/v1/clusters', contentType: 'application/yaml', body: yamlCluster('annotations: {note: "a\\0b"}\n'), status: 400, code: 'ValidationFailed', field: 'annotations.note' },
  // Prototype keys
  { name: 'a __proto__ key in a map', method: 'post', path: '/api/v1/clusters', body: `{"name":"c1","server":"https://127.0.0.1:6443","annotations":{"__proto__":{"admin":"true"}},"credentials":{"bearerToken":"${SECRET}"}}`, status: 400, code: 'ValidationFailed', field: 'annotations.__proto__' },
  { name: 'a __proto__ key in a YAML merge target', method: 'put', path: '/api/v1/projects/p1', contentType: 'application/yaml', body: 'spec:\n  __proto__: {polluted: true}\n', status: 400, code: 'ValidationFailed', field: 'spec.__proto__' },
  // Path and query parameters
  { name: 'a NUL in a query parameter', method: 'get', path: `/api/v1/applications?cluster=${SECRET}%00`, status: 400, code: 'ValidationFailed', field: 'query.cluster' },
  { name: 'a NUL in a selector', method: 'get', path: '/api/v1/clusters?selector=env%3D%00', status: 400, code: 'ValidationFailed', field: 'query.selector' },
  { name: 'a newline in a query parameter', method: 'get', path: '/api/v1/applicationsets?cursor=a%0Ab', status: 400, code: 'ValidationFailed', field: 'query.cursor' },
  { name: 'a NUL in a path parameter', method: 'get', path: `/api/v1/clusters/${SECRET}%00`, status: 400, code: 'ValidationFailed', field: 'path.name' },
  { name: 'a NUL in the path of a write', method: 'put', path: '/api/v1/projects/p%00', body: json({ spec: {} }), status: 400, code: 'ValidationFailed', field: 'path.name' },
  { name: 'a control character in a path parameter', method: 'delete', path: '/api/v1/tokens/a%07b', status: 400, code: 'ValidationFailed', field: 'path.name' },
  { name: 'a path that is not UTF-8', method: 'get', path: '/api/v1/projects/%ED%A0%80', status: 400, code: 'ValidationFailed', field: 'path' },
  { name: 'a truncated percent-encoding in the path', method: 'delete', path: '/api/v1/clusters/a%E0%A4%A', status: 400, code: 'ValidationFailed', field: 'path' },
  // Ids and cursors that would fail the query
  { name: 'a repository id that is not a UUID (DELETE)', method: 'delete', path: '/api/v1/repositories/x', status: 404, code: 'NotFound' },
  { name: 'a repository id that is not a UUID (GET)', method: 'get', path: `/api/v1/repositories/${'-'.repeat(36)}`, status: 404, code: 'NotFound' },
  { name: 'a history cursor with a loose timestamp', method: 'get', path: `/api/v1/applications/a/history?cursor=${cursor(['1', '00000000-0000-4000-8000-000000000000'])}`, status: 400, code: 'ValidationFailed', field: 'cursor' },
  { name: 'a history cursor with a bad id', method: 'get', path: `/api/v1/applications/a/history?cursor=${cursor(['2026-01-01T00:00:00.000Z', '-'.repeat(36)])}`, status: 400, code: 'ValidationFailed', field: 'cursor' },
  { name: 'a list cursor holding a NUL', method: 'get', path: `/api/v1/applications?cursor=${cursor(['a\u0000'])}`, status: 400, code: 'ValidationFailed', field: 'cursor' },
];

describe('hostile input at the edge gets a 4xx naming the field, and persists nothing', () => {
  let hub: TestHub;
  let auth: Record<string, string>;

  beforeAll(async () => {
    hub = await startTestHub();
    auth = bearer(hub.adminToken);
  });

  afterAll(async () => {
    await hub.close();
  });

  const rowCounts = async () => {
    const counts: Record<string, number> = {};
    for (const table of TABLES) counts[table] = Number((await hub.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n);
    return counts;
  };

  it.each(rows)('$method $name → $status', async ({ method, path, contentType, body, status, code, field }) => {
    const before = await rowCounts();
    let call = hub.http[method](path).set(auth);
    if (body !== undefined) call = call.set('Content-Type', contentType ?? 'application/json').send(body);
    const response = await call;

    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(response.status).toBe(status);
    expect(response.body).toMatchObject({ statusCode: status, code, message: expect.any(String) });
    if (field) expect(response.body.details.map((detail: { field: string }) => detail.field)).toContainEqual(typeof field === 'string' ? field : expect.stringMatching(field));
    expect(response.text).not.toContain(SECRET);
    expect(await rowCounts()).toEqual(before);
    await hub.http.get('/healthz').expect(200);
  });

  it('still accepts YAML anchors used sensibly, and an existing repository by its UUID', async () => {
    const body = yamlCluster('labels: &labels {env: prod}\nannotations: *labels\n').replace('c1', 'anchored');
    const created = await hub.http.post('/api/v1/clusters').set(auth).set('Content-Type', 'application/yaml').send(body).expect(201);
    expect(created.body).toMatchObject({ name: 'anchored', labels: { env: 'prod' }, annotations: { env: 'prod' } });

    const repository = await hub.http.post('/api/v1/repositories').set(auth).send({ url: 'https://127.0.0.1:8443/fleet.git', token: SECRET }).expect(201);
    await hub.http.get(`/api/v1/repositories/${repository.body.id}`).set(auth).expect(200);
    await hub.http.delete(`/api/v1/repositories/${repository.body.id}`).set(auth).expect(204);
    await hub.http.get(`/api/v1/repositories/${repository.body.id}`).set(auth).expect(404);
  });
});
