import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClusterHttp, ClusterHttpError } from './cluster-http';
import type { ClusterConnection } from './cluster-connection';

interface Seen {
  method: string;
  url: string;
  authorization?: string;
  contentLength?: string;
  body: string;
}

// A plain HTTP API server on the IPv6 loopback, behind a path prefix (as a proxy such as Rancher's serves clusters).
let server: http.Server;
let base: string;
const seen: Seen[] = [];
// Answers the server holds back until the test releases them.
const held: (() => void)[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, authorization: req.headers.authorization, contentLength: req.headers['content-length'], body });
      if (req.url === '/k8s/c1/apis/example.flotilla.io/v1') {
        return json(res, 200, { resources: [{ name: 'widgets/status', kind: 'Widget', namespaced: true }, { name: 'widgets', kind: 'Widget', namespaced: true }] });
      }
      // Served: apps/v1 and autoscaling/v2, and the custom group; not batch/v1.
      const groups = [{ name: 'apps', versions: [{ groupVersion: 'apps/v1' }] }, { name: 'autoscaling', versions: [{ groupVersion: 'autoscaling/v2' }] }, { name: 'example.flotilla.io', versions: [{ groupVersion: 'example.flotilla.io/v1' }] }];
      if (req.url === '/k8s/c1/apis') return json(res, 200, { kind: 'APIGroupList', apiVersion: 'v1', groups });
      if (req.url === '/k8s/c1/apis/batch/v1') return json(res, 404, { kind: 'Status', message: 'the server could not find the requested resource' });
      // A server that does not answer the list of group versions: each group version's discovery still does.
      if (req.url === '/k8s/c2/apis') return json(res, 503, { kind: 'Status', message: 'unavailable' });
      if (req.url === '/k8s/c2/apis/apps/v1') return json(res, 200, { resources: [{ name: 'deployments', kind: 'Deployment', namespaced: true }] });
      if (req.url === '/k8s/c1/apis/missing.io/v1') return json(res, 404, { kind: 'Status', message: 'the server could not find the requested resource' });
      if (req.url!.startsWith('/k8s/c1/api/v1/namespaces/a/pods/missing')) return json(res, 404, { kind: 'Status', message: 'pods "missing" not found' });
      if (req.url!.startsWith('/k8s/c1/api/v1/namespaces/a/pods/busy')) return json(res, 429, { kind: 'Status', message: 'slow down' }, { 'Retry-After': '3' });
      if (req.url!.startsWith('/k8s/c1/api/v1/namespaces/a/pods/held')) return void held.push(() => json(res, 200, { kind: 'Pod' }));
      if (req.url!.startsWith('/k8s/c1/api/v1/namespaces/a/pods/silent')) return;
      json(res, 200, { kind: 'Pod' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '::1', resolve));
  base = `http://[::1]:${(server.address() as AddressInfo).port}/k8s/c1/`;
});

afterAll(() => {
  server.closeAllConnections();
  return new Promise<void>((resolve) => server.close(() => resolve()));
});

function json(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers }).end(JSON.stringify(body));
}

function clusterHttp(timeoutMs = 5_000, server = base): ClusterHttp {
  const conn: ClusterConnection = { id: 'c1', server, credentialsVersion: '1', tls: {}, credentials: { type: 'bearerToken', bearerToken: 'secret-token' } };
  return new ClusterHttp(conn, new http.Agent({ keepAlive: true }), timeoutMs);
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((resolve) => setImmediate(resolve));
  expect(condition()).toBe(true);
}

describe('ClusterHttp', () => {
  it('reaches a server named by an IPv6 address, below its path prefix, with the bearer token', async () => {
    await expect(clusterHttp().request({ method: 'GET', path: '/api/v1/namespaces/a/pods/web' })).resolves.toBe('{"kind":"Pod"}');
    expect(seen.at(-1)).toMatchObject({ method: 'GET', url: '/k8s/c1/api/v1/namespaces/a/pods/web', authorization: 'Bearer secret-token' });
  });

  it('sends a body with its length, a DELETE’s too', async () => {
    const body = JSON.stringify({ kind: 'DeleteOptions', propagationPolicy: 'Background' });
    await clusterHttp().request({ method: 'DELETE', path: '/api/v1/namespaces/a/pods/web', body });
    expect(seen.at(-1)).toMatchObject({ method: 'DELETE', contentLength: String(Buffer.byteLength(body)), body });
  });

  it('throws a non-2xx answer with its status, body and Retry-After', async () => {
    const failure = await clusterHttp()
      .request({ method: 'GET', path: '/api/v1/namespaces/a/pods/busy' })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ClusterHttpError);
    expect(failure).toMatchObject({ status: 429, retryAfter: '3', body: JSON.stringify({ kind: 'Status', message: 'slow down' }) });
  });

  const asked = (url: string) => seen.filter((s) => s.url === url).length;
  const WIDGETS = '/k8s/c1/apis/example.flotilla.io/v1';

  it('finds a kind in discovery, not its subresources, and reads a group version once', async () => {
    const cluster = clusterHttp();
    const before = asked(WIDGETS);
    await expect(cluster.resource('example.flotilla.io/v1', 'Widget')).resolves.toMatchObject({ name: 'widgets', namespaced: true });
    await expect(cluster.resource('example.flotilla.io/v1', 'Widget')).resolves.toMatchObject({ name: 'widgets' });
    expect(asked(WIDGETS) - before).toBe(1);
  });

  it('looks a group version up again for a kind its cached list lacks (a CRD made since)', async () => {
    const cluster = clusterHttp();
    const before = asked(WIDGETS);
    await cluster.resource('example.flotilla.io/v1', 'Widget');
    await expect(cluster.resource('example.flotilla.io/v1', 'Gadget')).resolves.toBeUndefined();
    expect(asked(WIDGETS) - before).toBe(2);
  });

  it("answers Kubernetes's own kinds without their discovery: the core ones at once, the others once the list of served group versions has it", async () => {
    const cluster = clusterHttp();
    const before = { groups: asked('/k8s/c1/apis'), all: seen.length };
    await expect(cluster.resource('v1', 'Pod')).resolves.toEqual({ name: 'pods', kind: 'Pod', namespaced: true });
    await expect(cluster.resource('v1', 'Namespace')).resolves.toEqual({ name: 'namespaces', kind: 'Namespace', namespaced: false });
    expect(seen.length - before.all).toBe(0);
    await expect(cluster.resource('apps/v1', 'Deployment')).resolves.toEqual({ name: 'deployments', kind: 'Deployment', namespaced: true });
    await expect(cluster.resource('autoscaling/v2', 'HorizontalPodAutoscaler')).resolves.toMatchObject({ name: 'horizontalpodautoscalers' });
    expect(asked('/k8s/c1/apis') - before.groups).toBe(1);
    expect(seen.length - before.all).toBe(1);
    // A group version the list lacks is asked for itself, and its 404 says it is not served, as before.
    await expect(cluster.resource('batch/v1', 'Job')).rejects.toMatchObject({ status: 404 });
    expect(asked('/k8s/c1/apis/batch/v1')).toBeGreaterThan(0);
  });

  it("falls back to a group version's discovery when the list of served group versions does not come", async () => {
    const cluster = clusterHttp(5_000, base.replace('/c1/', '/c2/'));
    await expect(cluster.resource('apps/v1', 'Deployment')).resolves.toMatchObject({ name: 'deployments', namespaced: true });
    expect(asked('/k8s/c2/apis/apps/v1')).toBe(1);
  });

  it('prefetches discovery before its first contact only, and the look-up that follows shares it', async () => {
    const cluster = clusterHttp();
    const before = { widgets: asked(WIDGETS), groups: asked('/k8s/c1/apis'), core: asked('/k8s/c1/api/v1') };
    cluster.prefetchDiscovery(['v1', 'apps/v1', 'example.flotilla.io/v1', 'example.flotilla.io/v1']);
    // Sent by the prefetch itself, once each: the served group versions and the custom group version's discovery;
    // nothing for the built-in group versions. The look-ups then share the answers.
    await until(() => asked(WIDGETS) - before.widgets === 1 && asked('/k8s/c1/apis') - before.groups === 1);
    await expect(cluster.resource('example.flotilla.io/v1', 'Widget')).resolves.toMatchObject({ name: 'widgets' });
    await expect(cluster.resource('apps/v1', 'Deployment')).resolves.toMatchObject({ name: 'deployments' });
    expect(asked(WIDGETS) - before.widgets).toBe(1);
    expect(asked('/k8s/c1/apis') - before.groups).toBe(1);
    expect(asked('/k8s/c1/api/v1') - before.core).toBe(0);
    // Contacted now: a prefetch sends nothing, even for a group version it has not read.
    cluster.prefetchDiscovery(['other.flotilla.io/v1']);
    await cluster.request({ method: 'GET', path: '/api/v1/namespaces/a/pods/p' });
    expect(seen.some((s) => s.url === '/k8s/c1/apis/other.flotilla.io/v1')).toBe(false);
  });

  it('leaves a failed prefetch to the look-up that needs it, which asks again', async () => {
    const cluster = clusterHttp();
    const before = seen.filter((s) => s.url === '/k8s/c1/apis/missing.io/v1').length;
    cluster.prefetchDiscovery(['missing.io/v1']);
    await until(() => seen.filter((s) => s.url === '/k8s/c1/apis/missing.io/v1').length > before);
    await expect(cluster.resource('missing.io/v1', 'Thing')).rejects.toBeInstanceOf(ClusterHttpError);
    expect(seen.filter((s) => s.url === '/k8s/c1/apis/missing.io/v1').length - before).toBe(2);
  });

  it('sends requests together over plain HTTP (there is no TLS session for them to wait for)', async () => {
    const cluster = clusterHttp();
    const heldPath = (i: number) => `/api/v1/namespaces/a/pods/held-${i}`;
    const answers = [0, 1, 2].map((i) => cluster.request({ method: 'GET', path: heldPath(i) }));
    await until(() => held.length === 3);
    held.splice(0).forEach((answer) => answer());
    await expect(Promise.all(answers)).resolves.toHaveLength(3);
  });

  it('cuts off a request the server does not answer, as a timeout', async () => {
    const failure = await clusterHttp(100)
      .request({ method: 'GET', path: '/api/v1/namespaces/a/pods/silent' })
      .catch((error: unknown) => error);
    expect(failure).toMatchObject({ name: 'TimeoutError' });
  });

  it('answers a 404 as missing when asked to', async () => {
    await expect(clusterHttp().requestUnlessMissing({ method: 'GET', path: '/api/v1/namespaces/a/pods/missing' })).resolves.toBeUndefined();
  });
});
