import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterConnection } from './cluster-connection';
import { KubernetesClientFactory } from './kubernetes-client.factory';
import { FakeApiServer, startBlackHole, unusedPort, type FakeBehaviour } from './testing/fake-api-server';
import { createTestPki, type TestPki } from './testing/test-pki';
import type { ProbeFailureReason } from './probe-errors';

const TOKEN = 'flotilla-test-token-0123456789abcdef';

let pki: TestPki;
let server: FakeApiServer;
let factory: KubernetesClientFactory;

function tokenConnection(overrides: Partial<ClusterConnection> = {}): ClusterConnection {
  return {
    id: 'c1',
    server: server.url,
    credentialsVersion: '1',
    tls: { caData: pki.ca.cert },
    credentials: { type: 'bearerToken', bearerToken: TOKEN },
    ...overrides,
  };
}

function certConnection(client = pki.client): ClusterConnection {
  return tokenConnection({
    credentials: { type: 'clientCertificate', clientCertificateData: client.cert, clientKeyData: client.key },
  });
}

/** Every string that must never show up in a probe message for this connection. */
function secretsOf(conn: ClusterConnection): string[] {
  const { credentials } = conn;
  if (credentials.type === 'bearerToken') {
    return [credentials.bearerToken];
  }
  const keyLines = credentials.clientKeyData.split('\n').filter((line) => line.length > 0 && !line.startsWith('-----'));
  return [credentials.clientKeyData, credentials.clientCertificateData, ...keyLines];
}

beforeAll(async () => {
  pki = await createTestPki();
  server = await FakeApiServer.startHttps(pki);
  server.validTokens.add(TOKEN);
});

afterAll(async () => {
  await server.stop();
});

afterEach(() => {
  factory?.close();
  server.behaviour = 'normal';
});

describe('probeVersion against a real HTTPS server', () => {
  const rows: {
    name: string;
    conn: () => ClusterConnection;
    behaviour?: FakeBehaviour;
    reason: ProbeFailureReason | 'ok';
    message?: RegExp;
  }[] = [
    { name: 'right CA and token', conn: () => tokenConnection(), reason: 'ok' },
    { name: 'client certificate', conn: () => certConnection(), reason: 'ok' },
    { name: 'right CA, serverName matching a SAN', conn: () => tokenConnection({ tls: { caData: pki.ca.cert, serverName: 'localhost' } }), reason: 'ok' },
    { name: 'server path prefix is kept', conn: () => tokenConnection({ server: `${server.url}/k8s/clusters/c-1/` }), reason: 'ok' },
    { name: 'insecureSkipTLSVerify without a CA', conn: () => tokenConnection({ tls: { insecureSkipTLSVerify: true } }), reason: 'ok' },
    { name: 'wrong CA', conn: () => tokenConnection({ tls: { caData: pki.otherCa.cert } }), reason: 'CertificateError', message: /certificate was not accepted/ },
    { name: 'no CA (system roots)', conn: () => tokenConnection({ tls: {} }), reason: 'CertificateError' },
    { name: 'serverName not in the certificate', conn: () => tokenConnection({ tls: { caData: pki.ca.cert, serverName: 'api.example.test' } }), reason: 'CertificateError', message: /ALTNAME/ },
    { name: 'bad token', conn: () => tokenConnection({ credentials: { type: 'bearerToken', bearerToken: 'not-the-token-0123456789' } }), reason: 'Unauthorized', message: /401/ },
    { name: 'client certificate from an untrusted CA', conn: () => certConnection(pki.foreignClient), reason: 'Unauthorized' },
    { name: 'forbidden', conn: () => tokenConnection(), behaviour: 'forbidden', reason: 'Forbidden', message: /403/ },
    { name: 'server error echoing the Authorization header', conn: () => tokenConnection(), behaviour: 'echoAuthIn500', reason: 'HttpError', message: /HTTP 500.*\[redacted\]/ },
    { name: 'oversized response', conn: () => tokenConnection(), behaviour: 'hugeBody', reason: 'HttpError', message: /larger than 65536 bytes/ },
    { name: 'not a version document', conn: () => tokenConnection(), behaviour: 'notJson', reason: 'HttpError', message: /version document/ },
    { name: 'https to a plain http port', conn: () => tokenConnection({ server: httpServer.url.replace('http:', 'https:') }), reason: 'TLSError' },
  ];

  let httpServer: FakeApiServer;
  beforeAll(async () => {
    httpServer = await FakeApiServer.startHttp();
  });
  afterAll(async () => {
    await httpServer.stop();
  });

  it.each(rows)('$name → $reason', async ({ conn: build, behaviour, reason, message }) => {
    factory = new KubernetesClientFactory();
    server.behaviour = behaviour ?? 'normal';
    const conn = build();
    const result = await factory.probeVersion(conn, { timeoutMs: 5_000 });
    if (reason === 'ok') {
      expect(result).toEqual({ ok: true, serverVersion: server.gitVersion });
      return;
    }
    expect(result.ok).toBe(false);
    if (result.ok) {
      return;
    }
    expect(result.reason).toBe(reason);
    if (message !== undefined) {
      expect(result.message).toMatch(message);
    }
    for (const secret of secretsOf(conn)) {
      expect(result.message).not.toContain(secret);
    }
  });

  it('works over plain http when insecureSkipTLSVerify is set', async () => {
    httpServer.validTokens.add(TOKEN);
    factory = new KubernetesClientFactory();
    const conn = tokenConnection({ server: httpServer.url, tls: { insecureSkipTLSVerify: true } });
    await expect(factory.probeVersion(conn, { timeoutMs: 5_000 })).resolves.toEqual({ ok: true, serverVersion: httpServer.gitVersion });
  });

  it('refuses plain http without insecureSkipTLSVerify before connecting', async () => {
    factory = new KubernetesClientFactory();
    const before = httpServer.connections;
    const result = await factory.probeVersion(tokenConnection({ server: httpServer.url, tls: {} }), { timeoutMs: 5_000 });
    expect(result).toMatchObject({ ok: false, message: expect.stringMatching(/only allowed with insecureSkipTLSVerify/) });
    expect(httpServer.connections).toBe(before);
  });
});

describe('probeVersion when the server is unreachable or slow', () => {
  it('times out within the limit when the server accepts the request and never answers', async () => {
    factory = new KubernetesClientFactory();
    server.behaviour = 'silent';
    const started = Date.now();
    const result = await factory.probeVersion(tokenConnection(), { timeoutMs: 300 });
    const elapsed = Date.now() - started;
    expect(result).toMatchObject({ ok: false, reason: 'Timeout', message: expect.stringMatching(/300 ms/) });
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(2_000);
  });

  it('times out within the limit when the TLS handshake never completes', async () => {
    const hole = await startBlackHole();
    try {
      factory = new KubernetesClientFactory();
      const started = Date.now();
      const result = await factory.probeVersion(tokenConnection({ server: hole.url }), { timeoutMs: 300 });
      expect(result).toMatchObject({ ok: false, reason: 'Timeout' });
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      await hole.stop();
    }
  });

  it('reports a refused connection', async () => {
    factory = new KubernetesClientFactory();
    const port = await unusedPort();
    const result = await factory.probeVersion(tokenConnection({ server: `https://127.0.0.1:${port}` }), { timeoutMs: 5_000 });
    expect(result).toMatchObject({ ok: false, reason: 'ConnectionRefused', message: expect.stringMatching(/ECONNREFUSED/) });
  });
});
