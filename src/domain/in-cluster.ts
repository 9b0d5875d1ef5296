/**
 * Argo CD's implicit local cluster: the hub's own cluster, reachable as the destination name `in-cluster` or the
 * server `https://kubernetes.default.svc`. Expansion, reconcile and the cluster registry all recognise it.
 */
export const IN_CLUSTER_NAME = 'in-cluster';
export const IN_CLUSTER_SERVER = 'https://kubernetes.default.svc';
