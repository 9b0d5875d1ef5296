import { parse } from 'yaml';
import { findEndpointProblems, type ClusterCredentials, type ClusterEndpoint, type ClusterTls } from './cluster-connection';
import { normalizePem, PemError, type PemLabel } from './pem';

export type KubeconfigFailure =
  | 'TooLarge'
  | 'InvalidYaml'
  | 'NoContext'
  | 'ContextNotFound'
  | 'ClusterNotFound'
  | 'UserNotFound'
  | 'UnsupportedAuth'
  | 'UnsupportedField'
  | 'NoCredentials'
  | 'AmbiguousCredentials'
  | 'InvalidData'
  | 'InvalidEndpoint';

/** Messages name fields and entries, never their values: a kubeconfig is mostly secrets. */
export class KubeconfigError extends Error {
  override readonly name = 'KubeconfigError';

  constructor(
    readonly failure: KubeconfigFailure,
    message: string,
  ) {
    super(message);
  }
}

export interface ParsedKubeconfig extends ClusterEndpoint {
  /** The context that was used (the requested one or `current-context`). */
  readonly context: string;
}

type YamlMap = Record<string, unknown>;

const MAX_KUBECONFIG_BYTES = 1024 * 1024;

// The hub runs no plugins and reads no files on behalf of a user: each of these would need one.
const UNSUPPORTED_USER_FIELDS: Record<string, string> = {
  exec: 'uses an exec credential plugin, which the hub cannot run; use a service-account token or client certificate',
  'auth-provider': 'uses an auth-provider plugin, which the hub cannot run; use a service-account token or client certificate',
  tokenFile: 'reads the token from a file; paste the token inline as "token"',
  'client-certificate': 'reads the client certificate from a file; use client-certificate-data',
  'client-key': 'reads the client key from a file; use client-key-data',
  username: 'uses basic authentication, which is not supported',
  as: 'uses impersonation, which is not supported',
};
const UNSUPPORTED_CLUSTER_FIELDS: Record<string, string> = {
  'certificate-authority': 'reads the CA from a file; use certificate-authority-data',
  'proxy-url': 'needs a proxy, which is not supported',
};

/**
 * Converts a kubeconfig into a connection endpoint at registration time, so only plain data
 * (server, TLS, one inline credential) is ever stored.
 */
export function parseKubeconfig(yamlText: string, context?: string): ParsedKubeconfig {
  if (Buffer.byteLength(yamlText, 'utf8') > MAX_KUBECONFIG_BYTES) {
    throw new KubeconfigError('TooLarge', `kubeconfig is larger than ${MAX_KUBECONFIG_BYTES} bytes`);
  }
  const root = parseRoot(yamlText);
  const contextName = context ?? optionalString(root, 'current-context', 'current-context');
  if (contextName === undefined || contextName === '') {
    throw new KubeconfigError('NoContext', 'no context was given and the kubeconfig has no current-context');
  }
  const contextEntry = findNamed(root, 'contexts', 'context', contextName, 'ContextNotFound');
  const clusterName = requiredString(contextEntry, 'cluster', `context "${contextName}"`);
  const userName = requiredString(contextEntry, 'user', `context "${contextName}"`);
  const cluster = findNamed(root, 'clusters', 'cluster', clusterName, 'ClusterNotFound');
  const user = findNamed(root, 'users', 'user', userName, 'UserNotFound');

  const endpoint: ClusterEndpoint = {
    server: requiredString(cluster, 'server', `cluster "${clusterName}"`),
    tls: readTls(cluster, clusterName),
    credentials: readCredentials(user, userName),
  };
  const problems = findEndpointProblems(endpoint);
  if (problems.length > 0) {
    throw new KubeconfigError('InvalidEndpoint', `cluster "${clusterName}": ${problems.join('; ')}`);
  }
  return { ...endpoint, context: contextName };
}

function parseRoot(yamlText: string): YamlMap {
  let root: unknown;
  try {
    root = parse(yamlText);
  } catch (error) {
    // yaml's messages quote the offending line, which may hold a token: keep the position only.
    const position = (error as { linePos?: { line: number }[] }).linePos?.[0]?.line;
    throw new KubeconfigError('InvalidYaml', `kubeconfig is not valid YAML${position ? ` (line ${position})` : ''}`);
  }
  if (!isMap(root)) {
    throw new KubeconfigError('InvalidYaml', 'kubeconfig must be a YAML mapping');
  }
  return root;
}

function findNamed(
  root: YamlMap,
  listKey: 'contexts' | 'clusters' | 'users',
  itemKey: 'context' | 'cluster' | 'user',
  name: string,
  failure: KubeconfigFailure,
): YamlMap {
  const list = root[listKey] ?? [];
  if (!Array.isArray(list)) {
    throw new KubeconfigError('InvalidYaml', `"${listKey}" must be a list`);
  }
  const entry: unknown = list.find((item) => isMap(item) && item.name === name);
  if (entry === undefined) {
    throw new KubeconfigError(failure, `${itemKey} "${name}" is not defined in "${listKey}"`);
  }
  const body = (entry as YamlMap)[itemKey];
  if (!isMap(body)) {
    throw new KubeconfigError('InvalidYaml', `${itemKey} "${name}" has no "${itemKey}" mapping`);
  }
  return body;
}

function readTls(cluster: YamlMap, clusterName: string): ClusterTls {
  const where = `cluster "${clusterName}"`;
  rejectFields(cluster, UNSUPPORTED_CLUSTER_FIELDS, where);
  const caData = optionalString(cluster, 'certificate-authority-data', where);
  const serverName = optionalString(cluster, 'tls-server-name', where);
  const insecure = cluster['insecure-skip-tls-verify'];
  if (insecure !== undefined && typeof insecure !== 'boolean') {
    throw new KubeconfigError('InvalidData', `${where}: insecure-skip-tls-verify must be true or false`);
  }
  return {
    ...(caData !== undefined && { caData: pemField(caData, 'CERTIFICATE', where, 'certificate-authority-data') }),
    ...(serverName !== undefined && { serverName }),
    ...(insecure === true && { insecureSkipTLSVerify: true }),
  };
}

function readCredentials(user: YamlMap, userName: string): ClusterCredentials {
  const where = `user "${userName}"`;
  rejectFields(user, UNSUPPORTED_USER_FIELDS, where);
  const token = optionalString(user, 'token', where);
  const certData = optionalString(user, 'client-certificate-data', where);
  const keyData = optionalString(user, 'client-key-data', where);
  const hasCert = certData !== undefined || keyData !== undefined;
  if (token !== undefined && hasCert) {
    throw new KubeconfigError('AmbiguousCredentials', `${where} has both a token and a client certificate; keep one`);
  }
  if (token !== undefined) {
    return { type: 'bearerToken', bearerToken: token.trim() };
  }
  if (certData === undefined || keyData === undefined) {
    const detail = hasCert ? 'client-certificate-data and client-key-data must both be set' : 'it has no token or client certificate';
    throw new KubeconfigError('NoCredentials', `${where} cannot authenticate: ${detail}`);
  }
  return {
    type: 'clientCertificate',
    clientCertificateData: pemField(certData, 'CERTIFICATE', where, 'client-certificate-data'),
    clientKeyData: pemField(keyData, 'PRIVATE KEY', where, 'client-key-data'),
  };
}

function rejectFields(map: YamlMap, unsupported: Record<string, string>, where: string): void {
  for (const [field, reason] of Object.entries(unsupported)) {
    if (map[field] !== undefined && map[field] !== null && map[field] !== '') {
      const failure = field === 'exec' || field === 'auth-provider' ? 'UnsupportedAuth' : 'UnsupportedField';
      throw new KubeconfigError(failure, `${where} ${reason}`);
    }
  }
}

function pemField(value: string, label: PemLabel, where: string, field: string): string {
  try {
    return normalizePem(value, label);
  } catch (error) {
    const reason = error instanceof PemError ? error.message : 'unreadable';
    throw new KubeconfigError('InvalidData', `${where}: ${field} is invalid: ${reason}`);
  }
}

function requiredString(map: YamlMap, key: string, where: string): string {
  const value = optionalString(map, key, where);
  if (value === undefined || value === '') {
    throw new KubeconfigError('InvalidData', `${where} has no "${key}"`);
  }
  return value;
}

function optionalString(map: YamlMap, key: string, where: string): string | undefined {
  const value = map[key];
  if (value === undefined || value === null) {
    return undefined;
  }
  if (typeof value !== 'string') {
    throw new KubeconfigError('InvalidData', `${where}: "${key}" must be a string`);
  }
  return value;
}

function isMap(value: unknown): value is YamlMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
