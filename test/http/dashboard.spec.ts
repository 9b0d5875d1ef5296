import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DASHBOARD_DIR } from '../../src/dashboard/dashboard-assets';
import { bearer, startTestHub, type TestHub } from '../support/test-hub';

describe('the dashboard files served at /', () => {
  let hub: TestHub;

  beforeAll(async () => {
    hub = await startTestHub();
  });

  afterAll(async () => {
    await hub.close();
  });

  it('serves the page at / with its type, no stale caching and a same-origin content policy', async () => {
    const response = await hub.http.get('/').expect(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['cache-control']).toBe('no-cache');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.text).toContain('<script type="module" src="/dashboard/main.js">');
  });

  it('serves every script and style with its content type, byte for byte', async () => {
    const files = fs.readdirSync(DASHBOARD_DIR).filter((name) => name !== 'index.html');
    expect(files).toEqual(expect.arrayContaining(['main.js', 'api.js', 'style.css']));
    for (const file of files) {
      const response = await hub.http.get(`/dashboard/${file}`).expect(200);
      expect(response.headers['content-type']).toBe(file.endsWith('.css') ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8');
      expect(response.text).toBe(fs.readFileSync(path.join(DASHBOARD_DIR, file), 'utf8'));
    }
  });

  it('answers 404 for a file it does not have, however the name is spelled', async () => {
    for (const name of ['nothing.js', '..%2Fdashboard.module.ts', '%2E%2E%2F%2E%2E%2Fpackage.json', 'index.html']) {
      const response = await hub.http.get(`/dashboard/${name}`);
      expect(response.status, name).toBeGreaterThanOrEqual(400);
      expect(response.status, name).toBeLessThan(500);
      expect(response.text).not.toContain('"dependencies"');
    }
    await hub.http.get('/dashboard/../package.json').expect(404);
  });

  it('leaves the API, sign-in, probes, metrics and API docs as they were', async () => {
    await hub.http.get('/api/v1/applications').expect(401);
    await hub.http.get('/api/v1/applications').set(bearer(hub.adminToken)).expect(200);
    await hub.http.get('/auth/config').expect(200, { enabled: false });
    await hub.http.get('/healthz').expect(200);
    await hub.http.get('/readyz').expect(200);
    expect((await hub.http.get('/metrics').expect(200)).text).toContain('flotilla_http_requests_total');
    await hub.http.get('/api/docs/').expect(200);
    const document = (await hub.http.get('/api/openapi.json').expect(200)).body as { paths: Record<string, unknown> };
    expect(Object.keys(document.paths).filter((route) => !route.startsWith('/api/') && !route.startsWith('/auth/'))).not.toContain('/');
  });
});
