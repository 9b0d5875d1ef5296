import { stringify } from 'yaml';

let sequence = 0;

/** A cluster registration body with defaults; every call gets its own name and loopback port. */
export function clusterBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  sequence += 1;
  return {
    name: `cluster-${sequence}`,
    server: `https://127.0.0.1:${20000 + sequence}`,
    labels: { env: 'staging' },
    credentials: { bearerToken: `secret-token-${sequence}-do-not-leak` },
    ...overrides,
  };
}

/** A kubeconfig with one context, in the shape kubectl writes. */
export function kubeconfigYaml(options: {
  server: string;
  token?: string;
  caData?: string;
  insecure?: boolean;
  user?: Record<string, unknown>;
  contextName?: string;
}): string {
  const contextName = options.contextName ?? 'test';
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': contextName,
    clusters: [
      {
        name: 'c',
        cluster: {
          server: options.server,
          ...(options.caData ? { 'certificate-authority-data': Buffer.from(options.caData).toString('base64') } : {}),
          ...(options.insecure ? { 'insecure-skip-tls-verify': true } : {}),
        },
      },
    ],
    users: [{ name: 'u', user: options.user ?? { token: options.token ?? 'kubeconfig-token-do-not-leak' } }],
    contexts: [{ name: contextName, context: { cluster: 'c', user: 'u' } }],
  });
}

/** An AppProject open to every repository and destination, whose roles may each read the project's applications. */
export function projectWithReaders(name: string, ...roles: string[]) {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AppProject',
    metadata: { name },
    spec: {
      sourceRepos: ['*'],
      destinations: [{ server: '*', namespace: '*' }],
      roles: roles.map((role) => ({ name: role, policies: [`p, proj:${name}:${role}, applications, get, ${name}/*, allow`] })),
    },
  };
}
