import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, startTestHub, type TestHub } from '../support/test-hub';

describe('operations endpoints', () => {
  let hub: TestHub;

  beforeAll(async () => {
    hub = await startTestHub();
  });

  afterAll(async () => {
    await hub.close();
  });

  it('GET /healthz answers without a token', async () => {
    await hub.http.get('/healthz').expect(200, { status: 'ok' });
  });

  it('GET /readyz reports the database reachable and migrations applied', async () => {
    const response = await hub.http.get('/readyz').expect(200);
    expect(response.body).toEqual({ ready: true, checks: { database: 'ok', migrations: 'applied' } });
  });

  it('GET /metrics has process metrics and HTTP requests by route template and status', async () => {
    await hub.http.get('/api/v1/clusters/some-name').set(bearer(hub.adminToken)).expect(404);
    await hub.http.get('/api/v1/clusters').expect(401);
    const response = await hub.http.get('/metrics').expect(200);
    expect(response.headers['content-type']).toContain('text/plain');
    expect(response.text).toContain('process_cpu_user_seconds_total');
    expect(response.text).toContain('nodejs_heap_size_used_bytes');
    expect(response.text).toMatch(/flotilla_http_requests_total\{method="GET",route="\/api\/v1\/clusters\/:name",status="404"\} 1/);
    expect(response.text).toMatch(/flotilla_http_requests_total\{method="GET",route="\/api\/v1\/clusters",status="401"\} 1/);
    expect(response.text).toMatch(/flotilla_http_request_duration_seconds_bucket\{le="0.005",method="GET",route="\/api\/v1\/clusters\/:name",status="404"\}/);
    expect(response.text).not.toContain('some-name');
  });

  it('serves the OpenAPI document with the cluster and token routes', async () => {
    const response = await hub.http.get('/api/openapi.json').expect(200);
    expect(response.body.openapi).toMatch(/^3\./);
    expect(Object.keys(response.body.paths)).toEqual(
      expect.arrayContaining(['/api/v1/clusters', '/api/v1/clusters/{name}', '/api/v1/clusters/{name}/check', '/api/v1/tokens', '/api/v1/tokens/{name}']),
    );
    const registerBody = response.body.paths['/api/v1/clusters'].post.requestBody.content['application/json'].schema;
    expect(registerBody.required).toEqual(expect.arrayContaining(['name', 'credentials']));
  });

  it('serves Swagger UI', async () => {
    const response = await hub.http.get('/api/docs/').expect(200);
    expect(response.text).toContain('swagger-ui');
  });

  it('echoes a safe X-Request-Id and generates one otherwise', async () => {
    const echoed = await hub.http.get('/healthz').set('X-Request-Id', 'abc-123').expect(200);
    expect(echoed.headers['x-request-id']).toBe('abc-123');
    const generated = await hub.http.get('/healthz').set('X-Request-Id', 'bad id with spaces').expect(200);
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
