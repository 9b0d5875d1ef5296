import { DomainError, validationFailed } from '../common/errors/domain-error';
import type { ErrorDetail } from '../common/errors/error-codes';
import { findEndpointProblems, type ClusterCredentials, type ClusterEndpoint, type ClusterTls } from '../kubernetes/cluster-connection';
import { KubeconfigError, parseKubeconfig } from '../kubernetes/kubeconfig';
import { normalizePem, PemError } from '../kubernetes/pem';
import type { CredentialsType } from '../database/entities/cluster.entity';
import type { CredentialsInput } from './cluster.schemas';

export interface ResolvedEndpoint {
  endpoint: ClusterEndpoint;
  credentialsType: CredentialsType;
}

interface EndpointInput {
  server?: string;
  credentials: CredentialsInput;
  tls: ClusterTls;
}

/**
 * Turns what a user posted into plain connection data (server, TLS, one inline credential). A kubeconfig is
 * read once here and never stored: only its server, CA and credential survive, encrypted like the others.
 */
export function resolveEndpoint(input: EndpointInput): ResolvedEndpoint {
  const details: ErrorDetail[] = [];
  let credentialsType: CredentialsType;
  let credentials: ClusterCredentials | undefined;
  let server = input.server;
  let tls = input.tls;
  if ('kubeconfig' in input.credentials) {
    credentialsType = 'kubeconfig';
    try {
      const parsed = parseKubeconfig(input.credentials.kubeconfig, input.credentials.context);
      credentials = parsed.credentials;
      if (server !== undefined && normalizeServer(server) !== normalizeServer(parsed.server)) {
        details.push({ field: 'server', reason: 'differs from the server of the kubeconfig context; omit it' });
      }
      server = parsed.server;
      tls = { ...parsed.tls, ...definedOnly(input.tls) };
    } catch (error) {
      if (!(error instanceof KubeconfigError)) throw error;
      details.push({ field: 'credentials.kubeconfig', reason: error.message });
    }
  } else if ('bearerToken' in input.credentials) {
    credentialsType = 'bearerToken';
    credentials = { type: 'bearerToken', bearerToken: input.credentials.bearerToken.trim() };
  } else {
    credentialsType = 'clientCertificate';
    const certificate = pemOrDetail(input.credentials.clientCertificateData, 'CERTIFICATE', 'credentials.clientCertificateData', details);
    const key = pemOrDetail(input.credentials.clientKeyData, 'PRIVATE KEY', 'credentials.clientKeyData', details);
    if (certificate && key) credentials = { type: 'clientCertificate', clientCertificateData: certificate, clientKeyData: key };
  }
  if (tls.caData !== undefined) tls = { ...tls, caData: pemOrDetail(tls.caData, 'CERTIFICATE', 'tls.caData', details) };
  if (server === undefined && !details.some((d) => d.field === 'credentials.kubeconfig')) {
    details.push({ field: 'server', reason: 'is required (unless the credentials are a kubeconfig)' });
  }
  if (details.length > 0 || !credentials || server === undefined) throw validationFailed(details);
  const endpoint: ClusterEndpoint = { server: normalizeServer(server), tls, credentials };
  const problems = findEndpointProblems(endpoint);
  if (problems.length > 0) throw validationFailed(problems.map((reason) => ({ field: fieldOfProblem(reason), reason })));
  return { endpoint, credentialsType };
}

/** One spelling per server, so the uniqueness check catches `https://h:6443/` and `https://h:6443`. */
export function normalizeServer(server: string): string {
  try {
    const url = new URL(server);
    return url.toString().replace(/\/+$/, '');
  } catch {
    throw new DomainError('ValidationFailed', 'server is not a valid URL', [{ field: 'server', reason: 'not a valid URL' }]);
  }
}

function pemOrDetail(input: string, label: 'CERTIFICATE' | 'PRIVATE KEY', field: string, details: ErrorDetail[]): string | undefined {
  try {
    return normalizePem(input, label);
  } catch (error) {
    if (!(error instanceof PemError)) throw error;
    details.push({ field, reason: error.message });
    return undefined;
  }
}

function fieldOfProblem(reason: string): string {
  if (reason.startsWith('server') || reason.startsWith('plain http')) return 'server';
  if (reason.includes('bearer token')) return 'credentials.bearerToken';
  return 'tls';
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
