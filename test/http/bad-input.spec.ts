import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterBody } from '../support/builders';
import { bearer, startTestHub, type TestHub } from '../support/test-hub';

const SECRET = 'super-secret-token-value';

interface BadRequestRow {
  name: string;
  status: number;
  code: string;
  contentType?: string;
  body: string | Record<string, unknown>;
  field?: string;
}

const rows: BadRequestRow[] = [
  { name: 'malformed JSON', status: 400, code: 'BadRequestBody', body: `{"name":"x","credentials":{"bearerToken":"${SECRET}"` },
  { name: 'JSON with a bare word', status: 400, code: 'BadRequestBody', body: `{"credentials": ${SECRET}}` },
  { name: 'malformed YAML', status: 400, code: 'BadRequestBody', contentType: 'application/yaml', body: `name: [x\ncredentials: {bearerToken: ${SECRET}` },
  { name: 'YAML with a duplicate key', status: 400, code: 'BadRequestBody', contentType: 'application/yaml', body: 'name: a\nname: b\n' },
  { name: 'a plain-text body', status: 415, code: 'UnsupportedMediaType', contentType: 'text/plain', body: 'name=x' },
  { name: 'an unknown field', status: 400, code: 'ValidationFailed', body: clusterBody({ region: 'eu' }), field: 'region' },
  { name: 'an unknown credentials field', status: 400, code: 'ValidationFailed', body: clusterBody({ credentials: { password: SECRET } }), field: 'credentials' },
  { name: 'two kinds of credentials', status: 400, code: 'ValidationFailed', body: clusterBody({ credentials: { bearerToken: SECRET, kubeconfig: 'x' } }), field: 'credentials' },
  { name: 'labels of the wrong type', status: 400, code: 'ValidationFailed', body: clusterBody({ labels: 'env=prod' }), field: 'labels' },
  { name: 'a label value that is too long', status: 400, code: 'ValidationFailed', body: clusterBody({ labels: { env: 'x'.repeat(64) } }), field: 'labels.env' },
  { name: 'a bad label key', status: 400, code: 'ValidationFailed', body: clusterBody({ labels: { 'bad key': 'x' } }), field: 'labels.bad key' },
  { name: 'a bad annotation key', status: 400, code: 'ValidationFailed', body: clusterBody({ annotations: { '/x': 'y' } }), field: 'annotations./x' },
  { name: 'a missing name', status: 400, code: 'ValidationFailed', body: clusterBody({ name: undefined }), field: 'name' },
  { name: 'a name with a control character', status: 400, code: 'ValidationFailed', body: clusterBody({ name: 'a\u0007b' }), field: 'name' },
  { name: 'a name over 253 characters', status: 400, code: 'ValidationFailed', body: clusterBody({ name: 'n'.repeat(254) }), field: 'name' },
  { name: 'a server that is not a URL', status: 400, code: 'ValidationFailed', body: clusterBody({ server: 'not a url' }), field: 'server' },
  { name: 'an ftp server', status: 400, code: 'ValidationFailed', body: clusterBody({ server: 'ftp://127.0.0.1:21' }), field: 'server' },
  { name: 'an http server without insecureSkipTLSVerify', status: 400, code: 'ValidationFailed', body: clusterBody({ server: 'http://127.0.0.1:8001' }), field: 'server' },
  { name: 'a server URL with credentials', status: 400, code: 'ValidationFailed', body: clusterBody({ server: `https://admin:${SECRET}@127.0.0.1:6443` }), field: 'server' },
  { name: 'a missing server', status: 400, code: 'ValidationFailed', body: clusterBody({ server: undefined }), field: 'server' },
  {
    name: 'a client certificate that is not PEM',
    status: 400,
    code: 'ValidationFailed',
    body: clusterBody({ credentials: { clientCertificateData: 'not-pem', clientKeyData: SECRET } }),
    field: 'credentials.clientCertificateData',
  },
  { name: 'a CA that is not PEM', status: 400, code: 'ValidationFailed', body: clusterBody({ tls: { caData: 'nope' } }), field: 'tls.caData' },
  { name: 'insecureSkipTLSVerify of the wrong type', status: 400, code: 'ValidationFailed', body: clusterBody({ tls: { insecureSkipTLSVerify: 'yes' } }), field: 'tls.insecureSkipTLSVerify' },
  { name: 'a kubeconfig that is not YAML', status: 400, code: 'ValidationFailed', body: clusterBody({ server: undefined, credentials: { kubeconfig: `: [${SECRET}` } }), field: 'credentials.kubeconfig' },
];

describe('bad input gets a clear 4xx and persists nothing', () => {
  let hub: TestHub;
  let auth: Record<string, string>;

  beforeAll(async () => {
    hub = await startTestHub({ env: { BODY_LIMIT: '8kb' } });
    auth = bearer(hub.adminToken);
  });

  afterAll(async () => {
    await hub.close();
  });

  const clusterCount = async () => Number((await hub.dataSource.query('SELECT count(*)::int AS n FROM clusters'))[0].n);

  it.each(rows)('POST /clusters with $name → $status', async ({ status, code, contentType, body, field }) => {
    const post = hub.http.post('/api/v1/clusters').set(auth);
    const payload = typeof body === 'string' ? body : JSON.stringify(body);
    const response = await post.set('Content-Type', contentType ?? 'application/json').send(payload);
    expect(response.status).toBe(status);
    expect(response.body).toMatchObject({ statusCode: status, code, message: expect.any(String) });
    if (field) expect(response.body.details.map((d: { field: string }) => d.field)).toContain(field);
    expect(JSON.stringify(response.body)).not.toContain(SECRET);
    expect(await clusterCount()).toBe(0);
  });

  it('refuses a body over BODY_LIMIT with 413', async () => {
    const response = await hub.http.post('/api/v1/clusters').set(auth).send(clusterBody({ annotations: { big: 'x'.repeat(9000) } }));
    expect(response.status).toBe(413);
    expect(response.body.code).toBe('PayloadTooLarge');
    expect(await clusterCount()).toBe(0);
  });

  it.each([
    { name: 'a bad selector', query: { selector: 'env in (a' }, code: 'InvalidSelector', field: 'selector' },
    { name: 'a selector with a bad operator', query: { selector: 'env ~ prod' }, code: 'InvalidSelector', field: 'selector' },
    { name: 'limit 0', query: { limit: '0' }, code: 'ValidationFailed', field: 'limit' },
    { name: 'a limit that is not a number', query: { limit: 'ten' }, code: 'ValidationFailed', field: 'limit' },
    { name: 'a forged cursor', query: { cursor: 'abc' }, code: 'ValidationFailed', field: 'cursor' },
    { name: 'an unknown query parameter', query: { sort: 'name' }, code: 'ValidationFailed', field: 'sort' },
  ])('GET /clusters with $name → 400', async ({ query, code, field }) => {
    const response = await hub.http.get('/api/v1/clusters').query(query).set(auth).expect(400);
    expect(response.body.code).toBe(code);
    expect(response.body.details.map((d: { field: string }) => d.field)).toContain(field);
  });

  it('answers unknown routes with the same error body', async () => {
    const response = await hub.http.get('/api/v1/nothing-here').set(auth).expect(404);
    expect(response.body).toMatchObject({ statusCode: 404, code: 'NotFound' });
  });
});
