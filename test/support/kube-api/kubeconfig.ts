import { stringify } from 'yaml';

export interface KubeconfigInput {
  name: string;
  server: string;
  caData: string;
  token: string;
}

const b64 = (pem: string): string => Buffer.from(pem).toString('base64');

/** A kubeconfig with one cluster, one token user and one current context, all named `name`. */
export function buildKubeconfig(input: KubeconfigInput): string {
  return stringify(
    {
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: input.name, cluster: { server: input.server, 'certificate-authority-data': b64(input.caData) } }],
      users: [{ name: input.name, user: { token: input.token } }],
      contexts: [{ name: input.name, context: { cluster: input.name, user: input.name } }],
      'current-context': input.name,
      preferences: {},
    },
    { version: '1.1' },
  );
}

/** The same cluster with the client-certificate user instead of the token (for certificate-auth tests). */
export function buildCertKubeconfig(input: Omit<KubeconfigInput, 'token'> & { certData: string; keyData: string }): string {
  return stringify(
    {
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: input.name, cluster: { server: input.server, 'certificate-authority-data': b64(input.caData) } }],
      users: [{ name: input.name, user: { 'client-certificate-data': b64(input.certData), 'client-key-data': b64(input.keyData) } }],
      contexts: [{ name: input.name, context: { cluster: input.name, user: input.name } }],
      'current-context': input.name,
      preferences: {},
    },
    { version: '1.1' },
  );
}
