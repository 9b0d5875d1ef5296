import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startKubeApiServer, type KubeApiServer } from '../support/kube-api';
import { decideFault, NO_FAULTS, type FaultSettings } from '../support/kube-api/faults';
import { configMap } from './builders';
import { call } from './http';

describe('fault decisions', () => {
  const cases: { name: string; settings: Partial<FaultSettings>; roll: number; want: string }[] = [
    { name: 'no faults', settings: {}, roll: 0, want: 'none' },
    { name: 'hang wins over everything', settings: { hang: true, errorRate: 1 }, roll: 0, want: 'hang' },
    { name: 'error when the roll is under errorRate', settings: { errorRate: 0.5 }, roll: 0.4, want: 'error' },
    { name: 'no error when the roll is over errorRate', settings: { errorRate: 0.5 }, roll: 0.6, want: 'none' },
    { name: 'reset while resets are owed, before errors', settings: { resetRequests: 1, errorRate: 1 }, roll: 0, want: 'reset' },
    { name: 'throttle when the roll is under throttleRate', settings: { throttleRate: 0.3 }, roll: 0.1, want: 'throttle' },
  ];
  it.each(cases)('$name → $want', ({ settings, roll, want }) => {
    expect(decideFault({ ...NO_FAULTS, ...settings }, () => roll).kind).toBe(want);
  });
});

describe('kube-api test server: fault injection and counters', () => {
  let server: KubeApiServer;

  beforeAll(async () => {
    server = await startKubeApiServer({ name: 'faults' });
  });

  beforeEach(() => {
    server.faults.clear();
    server.counters.reset();
  });

  afterAll(async () => {
    await server.stop();
  });

  it('adds latency', async () => {
    server.faults.set({ latencyMs: 150 });
    const started = Date.now();
    expect((await call(server, '/version')).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('answers 500 InternalError for the errorRate share', async () => {
    server.faults.set({ errorRate: 1 });
    const res = await call(server, '/api/v1/namespaces');
    expect(res.status).toBe(500);
    expect(res.json).toMatchObject({ kind: 'Status', reason: 'InternalError', code: 500 });
  });

  it('answers 429 with Retry-After for the throttleRate share', async () => {
    server.faults.set({ throttleRate: 1, retryAfterSeconds: 7 });
    const res = await call(server, '/api/v1/namespaces');
    expect(res.status).toBe(429);
    expect(res.headers['retry-after']).toBe('7');
    expect(res.json).toMatchObject({ reason: 'TooManyRequests', details: { retryAfterSeconds: 7 } });
  });

  it('resets the connection of the next resetRequests requests, unanswered, then serves again', async () => {
    server.faults.set({ resetRequests: 2 });
    await expect(call(server, '/version')).rejects.toThrow(/socket hang up|ECONNRESET/);
    await expect(call(server, '/version')).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect(server.faults.current().resetRequests).toBe(0);
    expect((await call(server, '/version')).status).toBe(200);
  });

  it('hangs requests until the client gives up', async () => {
    server.faults.set({ hang: true });
    await expect(call(server, '/version', { timeoutMs: 200 })).rejects.toThrow('timed out');
  });

  it('refuses connections while offline and serves the same port again when back online', async () => {
    await server.faults.goOffline();
    expect(server.faults.offline).toBe(true);
    await expect(call(server, '/version')).rejects.toThrow(/ECONNREFUSED/);
    await server.faults.goOnline();
    expect((await call(server, '/version')).status).toBe(200);
  });

  it('counts requests per verb and resource', async () => {
    await call(server, '/api/v1/namespaces/default/configmaps', { method: 'POST', body: configMap('counted') });
    await call(server, '/api/v1/namespaces/default/configmaps/counted');
    await call(server, '/api/v1/namespaces/default/configmaps/counted');
    await call(server, '/apis/apps/v1/namespaces/default/deployments');
    await call(server, '/apis/apps/v1/namespaces/default/deployments/x?fieldManager=f', { method: 'PATCH', contentType: 'application/apply-patch+yaml', rawBody: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\n' });
    await call(server, '/apis');
    expect(server.counters.snapshot()).toEqual({
      total: 6,
      byVerb: { create: 1, get: 3, list: 1, apply: 1 },
      byResource: { configmaps: 3, 'deployments.apps': 2, discovery: 1 },
      byVerbAndResource: { 'create configmaps': 1, 'get configmaps': 2, 'list deployments.apps': 1, 'apply deployments.apps': 1, 'get discovery': 1 },
    });
    expect(server.counters.count({ verb: 'get', resource: 'configmaps' })).toBe(2);
    expect(server.counters.count({ resource: 'deployments.apps' })).toBe(2);
  });
});
