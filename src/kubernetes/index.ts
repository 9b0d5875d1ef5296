export { ClusterApis } from './cluster-apis';
export {
  ClusterConnectionError,
  findEndpointProblems,
  type BearerTokenCredentials,
  type ClientCertificateCredentials,
  type ClusterConnection,
  type ClusterCredentials,
  type ClusterEndpoint,
  type ClusterTls,
} from './cluster-connection';
export { KubeconfigError, parseKubeconfig, type KubeconfigFailure, type ParsedKubeconfig } from './kubeconfig';
export { KubernetesClientFactory, type KubernetesClientFactoryOptions } from './kubernetes-client.factory';
export { caFingerprint, normalizePem, PemError, type PemLabel } from './pem';
export { redactCredentials, type ProbeFailure, type ProbeFailureReason } from './probe-errors';
export type { VersionProbeOptions, VersionProbeResult } from './version-probe';
