import { beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { KubeconfigError, parseKubeconfig, type KubeconfigFailure, type ParsedKubeconfig } from './kubeconfig';
import { createTestPki, type TestPki } from './testing/test-pki';

const TOKEN = 'kubeconfig-token-0123456789abcdef';
const SERVER = 'https://10.1.2.3:6443';

let pki: TestPki;

beforeAll(async () => {
  pki = await createTestPki();
});

const b64 = (text: string): string => Buffer.from(text).toString('base64');

interface KubeconfigParts {
  cluster?: Record<string, unknown>;
  user?: Record<string, unknown>;
  currentContext?: string | null;
  extraContexts?: { name: string; cluster: string; user: string }[];
}

/** A one-cluster kubeconfig with overridable parts; `null` values delete a default field. */
function kubeconfig(parts: KubeconfigParts = {}): string {
  const cluster = withoutNulls({ server: SERVER, 'certificate-authority-data': b64(pki.ca.cert), ...parts.cluster });
  const user = withoutNulls({ token: TOKEN, ...parts.user });
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'prod', cluster }],
    users: [{ name: 'admin', user }],
    contexts: [{ name: 'prod-admin', context: { cluster: 'prod', user: 'admin' } }, ...(parts.extraContexts ?? []).map(({ name, ...context }) => ({ name, context }))],
    ...(parts.currentContext !== null && { 'current-context': parts.currentContext ?? 'prod-admin' }),
  });
}

function withoutNulls(map: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(map).filter(([, value]) => value !== null));
}

function certUser(): Record<string, unknown> {
  return { token: null, 'client-certificate-data': b64(pki.client.cert), 'client-key-data': b64(pki.client.key) };
}

describe('parseKubeconfig', () => {
  const good: { name: string; yaml: () => string; context?: string; expected: () => Partial<ParsedKubeconfig> }[] = [
    {
      name: 'token kubeconfig',
      yaml: () => kubeconfig(),
      expected: () => ({ context: 'prod-admin', server: SERVER, tls: { caData: pki.ca.cert }, credentials: { type: 'bearerToken', bearerToken: TOKEN } }),
    },
    {
      name: 'client certificate kubeconfig',
      yaml: () => kubeconfig({ user: certUser() }),
      expected: () => ({
        credentials: { type: 'clientCertificate', clientCertificateData: pki.client.cert, clientKeyData: pki.client.key },
      }),
    },
    {
      name: 'explicit context overrides current-context',
      yaml: () => kubeconfig({ currentContext: 'missing', extraContexts: [{ name: 'second', cluster: 'prod', user: 'admin' }] }),
      context: 'second',
      expected: () => ({ context: 'second' }),
    },
    {
      name: 'tls-server-name and insecure-skip-tls-verify',
      yaml: () => kubeconfig({ cluster: { 'certificate-authority-data': null, 'tls-server-name': 'api.internal', 'insecure-skip-tls-verify': true } }),
      expected: () => ({ tls: { serverName: 'api.internal', insecureSkipTLSVerify: true } }),
    },
    {
      name: 'plain http with insecure-skip-tls-verify',
      yaml: () => kubeconfig({ cluster: { server: 'http://127.0.0.1:8080', 'certificate-authority-data': null, 'insecure-skip-tls-verify': true } }),
      expected: () => ({ server: 'http://127.0.0.1:8080' }),
    },
  ];
  it.each(good)('parses $name', ({ yaml, context, expected }) => {
    expect(parseKubeconfig(yaml(), context)).toMatchObject(expected());
  });

  const bad: { name: string; yaml: () => string; context?: string; failure: KubeconfigFailure; message: RegExp }[] = [
    { name: 'no context anywhere', yaml: () => kubeconfig({ currentContext: null }), failure: 'NoContext', message: /no current-context/ },
    { name: 'unknown context', yaml: () => kubeconfig(), context: 'staging', failure: 'ContextNotFound', message: /context "staging" is not defined/ },
    { name: 'context pointing at a missing cluster', yaml: () => kubeconfig({ currentContext: 'x', extraContexts: [{ name: 'x', cluster: 'gone', user: 'admin' }] }), failure: 'ClusterNotFound', message: /cluster "gone"/ },
    { name: 'context pointing at a missing user', yaml: () => kubeconfig({ currentContext: 'x', extraContexts: [{ name: 'x', cluster: 'prod', user: 'gone' }] }), failure: 'UserNotFound', message: /user "gone"/ },
    { name: 'exec plugin', yaml: () => kubeconfig({ user: { token: null, exec: { apiVersion: 'client.authentication.k8s.io/v1', command: 'aws' } } }), failure: 'UnsupportedAuth', message: /exec credential plugin, which the hub cannot run/ },
    { name: 'auth-provider plugin', yaml: () => kubeconfig({ user: { token: null, 'auth-provider': { name: 'gcp' } } }), failure: 'UnsupportedAuth', message: /auth-provider/ },
    { name: 'token file', yaml: () => kubeconfig({ user: { token: null, tokenFile: '/var/run/token' } }), failure: 'UnsupportedField', message: /token from a file/ },
    { name: 'client certificate file', yaml: () => kubeconfig({ user: { token: null, 'client-certificate': '/tmp/c.crt' } }), failure: 'UnsupportedField', message: /client-certificate-data/ },
    { name: 'CA file', yaml: () => kubeconfig({ cluster: { 'certificate-authority-data': null, 'certificate-authority': '/tmp/ca.crt' } }), failure: 'UnsupportedField', message: /certificate-authority-data/ },
    { name: 'basic auth', yaml: () => kubeconfig({ user: { token: null, username: 'admin', password: 'hunter2' } }), failure: 'UnsupportedField', message: /basic authentication/ },
    { name: 'bad base64 in client-key-data', yaml: () => kubeconfig({ user: { ...certUser(), 'client-key-data': 'c2VjcmV0!!' } }), failure: 'InvalidData', message: /client-key-data is invalid: input is neither PEM nor base64/ },
    { name: 'certificate in client-key-data', yaml: () => kubeconfig({ user: { ...certUser(), 'client-key-data': b64(pki.client.cert) } }), failure: 'InvalidData', message: /client-key-data is invalid: expected a PRIVATE KEY block/ },
    { name: 'bad base64 in certificate-authority-data', yaml: () => kubeconfig({ cluster: { 'certificate-authority-data': 'not base64 at all' } }), failure: 'InvalidData', message: /certificate-authority-data is invalid/ },
    { name: 'token and certificate together', yaml: () => kubeconfig({ user: { ...certUser(), token: TOKEN } }), failure: 'AmbiguousCredentials', message: /both a token and a client certificate/ },
    { name: 'no credentials', yaml: () => kubeconfig({ user: { token: null } }), failure: 'NoCredentials', message: /no token or client certificate/ },
    { name: 'certificate without key', yaml: () => kubeconfig({ user: { ...certUser(), 'client-key-data': null } }), failure: 'NoCredentials', message: /must both be set/ },
    { name: 'plain http without insecure-skip-tls-verify', yaml: () => kubeconfig({ cluster: { server: 'http://10.1.2.3:8080' } }), failure: 'InvalidEndpoint', message: /only allowed with insecureSkipTLSVerify/ },
    { name: 'CA together with insecure-skip-tls-verify', yaml: () => kubeconfig({ cluster: { 'insecure-skip-tls-verify': true } }), failure: 'InvalidEndpoint', message: /cannot be used together/ },
    { name: 'server without scheme', yaml: () => kubeconfig({ cluster: { server: '10.1.2.3:6443' } }), failure: 'InvalidEndpoint', message: /not a valid absolute URL/ },
    { name: 'server with another scheme', yaml: () => kubeconfig({ cluster: { server: 'ftp://10.1.2.3' } }), failure: 'InvalidEndpoint', message: /server scheme must be https \(got ftp\)/ },
    { name: 'server URL with credentials', yaml: () => kubeconfig({ cluster: { server: 'https://admin:hunter2@10.1.2.3' } }), failure: 'InvalidEndpoint', message: /must not contain credentials/ },
    { name: 'missing server', yaml: () => kubeconfig({ cluster: { server: null } }), failure: 'InvalidData', message: /cluster "prod" has no "server"/ },
    { name: 'numeric token', yaml: () => kubeconfig({ user: { token: 12345 } }), failure: 'InvalidData', message: /"token" must be a string/ },
    { name: 'broken YAML', yaml: () => `users:\n- name: a\n  user:\n    token: ${TOKEN}\n   bad: [`, failure: 'InvalidYaml', message: /not valid YAML/ },
    { name: 'YAML that is not a mapping', yaml: () => '- a\n- b\n', failure: 'InvalidYaml', message: /mapping/ },
    { name: 'oversized input', yaml: () => `# ${'x'.repeat(1024 * 1024)}`, failure: 'TooLarge', message: /larger than/ },
  ];
  it.each(bad)('rejects $name ($failure) without echoing secrets', ({ yaml, context, failure, message }) => {
    let caught: unknown;
    try {
      parseKubeconfig(yaml(), context);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(KubeconfigError);
    const error = caught as KubeconfigError;
    expect(error.failure).toBe(failure);
    expect(error.message).toMatch(message);
    for (const secret of [TOKEN, 'hunter2', b64(pki.client.key), ...pki.client.key.split('\n').filter((line) => line.length > 20)]) {
      expect(error.message).not.toContain(secret);
    }
  });
});
