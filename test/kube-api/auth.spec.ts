import https from 'node:https';
import type { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKubeApiServer, type KubeApiServer } from '../support/kube-api';
import { at, call, type CallOptions } from './http';

describe('kube-api test server: TLS and authentication', () => {
  let server: KubeApiServer;
  let other: KubeApiServer;

  beforeAll(async () => {
    [server, other] = await Promise.all([startKubeApiServer({ name: 'auth' }), startKubeApiServer({ name: 'other' })]);
    await call(server, '/api/v1/namespaces', { method: 'POST', body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } } });
  });

  afterAll(async () => {
    await Promise.all([server.stop(), other.stop()]);
  });

  it('returns the handle with PEM material and a kubeconfig for a loopback HTTPS URL', () => {
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(server.caData).toContain('-----BEGIN CERTIFICATE-----');
    expect(server.clientCertificateData).toContain('-----BEGIN CERTIFICATE-----');
    expect(server.clientKeyData).toContain('-----BEGIN PRIVATE KEY-----');
    expect(server.kubeconfig).toContain(`server: ${server.url}`);
    expect(server.kubeconfig).toContain(`token: ${server.token}`);
  });

  const versionCases: { name: string; options: () => CallOptions; status: number; reason?: string }[] = [
    { name: 'right CA and admin token', options: () => ({}), status: 200 },
    { name: 'client certificate signed by the CA', options: () => ({ token: null, cert: server.clientCertificateData, key: server.clientKeyData }), status: 200 },
    { name: 'bad token', options: () => ({ token: 'not-a-token' }), status: 401, reason: 'Unauthorized' },
    { name: 'no credentials', options: () => ({ token: null }), status: 401, reason: 'Unauthorized' },
    { name: 'client certificate of another instance', options: () => ({ token: null, cert: other.clientCertificateData, key: other.clientKeyData }), status: 401, reason: 'Unauthorized' },
    { name: 'bad token next to a valid certificate (the certificate wins)', options: () => ({ token: 'nope', cert: server.clientCertificateData, key: server.clientKeyData }), status: 200 },
  ];

  it.each(versionCases)('GET /version with $name → $status', async ({ options, status, reason }) => {
    const res = await call(server, '/version', options());
    expect(res.status).toBe(status);
    if (reason) expect(res.json).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason, code: 401 });
    else expect(at(res.json, 'gitVersion')).toMatch(/^v1\.\d+/);
  });

  describe('a resumed TLS session', () => {
    /** GET /version on a new connection through `agent` (which keeps TLS sessions); whether the session was resumed. */
    const versionThrough = (agent: https.Agent, token?: string) =>
      new Promise<{ status: number; resumed: boolean }>((resolve, reject) => {
        const req = https.get(`${server.url}/version`, { agent, headers: { Connection: 'close', ...(token && { Authorization: `Bearer ${token}` }) } }, (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode ?? 0, resumed: (req.socket as TLSSocket).isSessionReused() }));
        });
        req.on('error', reject);
      });

    it('authenticates by the certificate the connection carries, not by a session that had none', async () => {
      const agent = new https.Agent({ keepAlive: true, ca: server.caData });
      const token = server.addToken();
      try {
        expect(await versionThrough(agent, token)).toEqual({ status: 200, resumed: false });
        server.revokeToken(token);
        expect(await versionThrough(agent, token)).toEqual({ status: 401, resumed: true });
        expect(await versionThrough(agent)).toEqual({ status: 401, resumed: true });
      } finally {
        agent.destroy();
      }
    });

    it('still knows the client certificate of the session it resumes', async () => {
      const agent = new https.Agent({ keepAlive: true, ca: server.caData, cert: server.clientCertificateData, key: server.clientKeyData });
      try {
        expect(await versionThrough(agent)).toEqual({ status: 200, resumed: false });
        expect(await versionThrough(agent)).toEqual({ status: 200, resumed: true });
      } finally {
        agent.destroy();
      }
    });
  });

  it('rejects the TLS handshake when the client trusts another CA', async () => {
    await expect(call(server, '/version', { ca: other.caData })).rejects.toThrow(/self-signed|unable to verify|certificate/i);
  });

  it('serves a certificate valid for both 127.0.0.1 and localhost', async () => {
    const viaLocalhost = await call({ ...server, url: server.url.replace('127.0.0.1', 'localhost') }, '/version');
    expect(viaLocalhost.status).toBe(200);
  });

  describe('authorization of limited tokens', () => {
    const cases: { name: string; token: () => string; method: string; path: string; body?: unknown; status: number }[] = [
      { name: 'namespace token reads its namespace', token: () => server.addToken({ namespaces: ['team-a'] }), method: 'GET', path: '/api/v1/namespaces/team-a/configmaps', status: 200 },
      { name: 'namespace token reads another namespace', token: () => server.addToken({ namespaces: ['team-a'] }), method: 'GET', path: '/api/v1/namespaces/default/configmaps', status: 403 },
      { name: 'namespace token lists across namespaces', token: () => server.addToken({ namespaces: ['team-a'] }), method: 'GET', path: '/api/v1/configmaps', status: 403 },
      { name: 'namespace token reads a cluster-scoped kind', token: () => server.addToken({ namespaces: ['team-a'] }), method: 'GET', path: '/apis/rbac.authorization.k8s.io/v1/clusterroles', status: 403 },
      { name: 'read-only token creates', token: () => server.addToken({ verbs: ['get', 'list', 'watch'] }), method: 'POST', path: '/api/v1/namespaces/team-a/configmaps', body: { metadata: { name: 'x' } }, status: 403 },
      { name: 'read-only token lists', token: () => server.addToken({ verbs: ['get', 'list'] }), method: 'GET', path: '/api/v1/namespaces/team-a/configmaps', status: 200 },
      { name: 'limited token still reads discovery', token: () => server.addToken({ namespaces: ['team-a'], verbs: ['get'] }), method: 'GET', path: '/apis', status: 200 },
      { name: 'revoked token', token: () => { const t = server.addToken(); server.revokeToken(t); return t; }, method: 'GET', path: '/version', status: 401 },
      { name: 'token with a chosen value', token: () => server.addToken({ token: 'chosen-token-value' }), method: 'GET', path: '/api', status: 200 },
    ];

    it.each(cases)('$name → $status', async ({ token, method, path, body, status }) => {
      const res = await call(server, path, { method, body, token: token() });
      expect(res.status).toBe(status);
      if (status === 403) expect(res.json).toMatchObject({ kind: 'Status', reason: 'Forbidden', code: 403, details: { kind: expect.any(String) } });
    });

    it('names the user, verb, resource and namespace in a 403', async () => {
      const token = server.addToken({ namespaces: ['team-a'], user: 'deployer' });
      const res = await call(server, '/apis/apps/v1/namespaces/default/deployments/web', { token });
      expect(at(res.json, 'message')).toBe('deployments.apps "web" is forbidden: User "deployer" cannot get resource "deployments" in API group "apps" in the namespace "default"');
    });
  });
});
