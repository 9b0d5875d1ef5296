import type { DiscoveredResource } from './cluster-http';

/**
 * Kubernetes's own kinds whose REST mapping (plural, scope) every cluster serving their group version gives alike:
 * the API fixes them, so asking each cluster's discovery for them only repeats the table. A first contact with a
 * cluster then reads the list of its served group versions (`/apis`, one request) instead of one discovery document
 * per group version an application uses (three for a Deployment, a Service and an autoscaler).
 *
 * Only kinds that came with their group version are listed: a kind added to a group version later (batch/v1
 * CronJob in 1.21, networking.k8s.io/v1 Ingress in 1.19, the admission policies of admissionregistration.k8s.io/v1
 * in 1.30) is missing from older clusters that serve the same group version, so it is looked up in discovery as
 * every custom resource is.
 */
const BUILT_IN: Record<string, [kind: string, resource: string, scope: 'namespaced' | 'cluster'][]> = {
  v1: [
    ['ConfigMap', 'configmaps', 'namespaced'],
    ['Endpoints', 'endpoints', 'namespaced'],
    ['Event', 'events', 'namespaced'],
    ['LimitRange', 'limitranges', 'namespaced'],
    ['Namespace', 'namespaces', 'cluster'],
    ['Node', 'nodes', 'cluster'],
    ['PersistentVolume', 'persistentvolumes', 'cluster'],
    ['PersistentVolumeClaim', 'persistentvolumeclaims', 'namespaced'],
    ['Pod', 'pods', 'namespaced'],
    ['PodTemplate', 'podtemplates', 'namespaced'],
    ['ReplicationController', 'replicationcontrollers', 'namespaced'],
    ['ResourceQuota', 'resourcequotas', 'namespaced'],
    ['Secret', 'secrets', 'namespaced'],
    ['Service', 'services', 'namespaced'],
    ['ServiceAccount', 'serviceaccounts', 'namespaced'],
  ],
  'apps/v1': [
    ['ControllerRevision', 'controllerrevisions', 'namespaced'],
    ['DaemonSet', 'daemonsets', 'namespaced'],
    ['Deployment', 'deployments', 'namespaced'],
    ['ReplicaSet', 'replicasets', 'namespaced'],
    ['StatefulSet', 'statefulsets', 'namespaced'],
  ],
  'batch/v1': [['Job', 'jobs', 'namespaced']],
  'autoscaling/v1': [['HorizontalPodAutoscaler', 'horizontalpodautoscalers', 'namespaced']],
  'autoscaling/v2': [['HorizontalPodAutoscaler', 'horizontalpodautoscalers', 'namespaced']],
  'policy/v1': [['PodDisruptionBudget', 'poddisruptionbudgets', 'namespaced']],
  'networking.k8s.io/v1': [['NetworkPolicy', 'networkpolicies', 'namespaced']],
  'rbac.authorization.k8s.io/v1': [
    ['ClusterRole', 'clusterroles', 'cluster'],
    ['ClusterRoleBinding', 'clusterrolebindings', 'cluster'],
    ['Role', 'roles', 'namespaced'],
    ['RoleBinding', 'rolebindings', 'namespaced'],
  ],
  'storage.k8s.io/v1': [['StorageClass', 'storageclasses', 'cluster']],
  'apiextensions.k8s.io/v1': [['CustomResourceDefinition', 'customresourcedefinitions', 'cluster']],
  'admissionregistration.k8s.io/v1': [
    ['MutatingWebhookConfiguration', 'mutatingwebhookconfigurations', 'cluster'],
    ['ValidatingWebhookConfiguration', 'validatingwebhookconfigurations', 'cluster'],
  ],
  'scheduling.k8s.io/v1': [['PriorityClass', 'priorityclasses', 'cluster']],
  'coordination.k8s.io/v1': [['Lease', 'leases', 'namespaced']],
  'discovery.k8s.io/v1': [['EndpointSlice', 'endpointslices', 'namespaced']],
  'certificates.k8s.io/v1': [['CertificateSigningRequest', 'certificatesigningrequests', 'cluster']],
  'node.k8s.io/v1': [['RuntimeClass', 'runtimeclasses', 'cluster']],
  'apiregistration.k8s.io/v1': [['APIService', 'apiservices', 'cluster']],
};

const BY_GROUP_VERSION = new Map<string, ReadonlyMap<string, DiscoveredResource>>(
  Object.entries(BUILT_IN).map(([groupVersion, kinds]) => [
    groupVersion,
    new Map(kinds.map(([kind, name, scope]) => [kind, Object.freeze({ name, kind, namespaced: scope === 'namespaced' })])),
  ]),
);

/** The built-in kind's resource, should the cluster serve `apiVersion`; undefined for any other kind. */
export function builtInResource(apiVersion: string, kind: string): DiscoveredResource | undefined {
  return BY_GROUP_VERSION.get(apiVersion)?.get(kind);
}

/** Whether `apiVersion` has kinds in the table (its discovery document is then seldom needed). */
export function hasBuiltInKinds(apiVersion: string): boolean {
  return BY_GROUP_VERSION.has(apiVersion);
}

/** The core group version: every API server serves it (`/api/v1`), so its kinds need no look-up at all. */
export const CORE_GROUP_VERSION = 'v1';

/** Every listed kind, for checking the table against a server's discovery. */
export function builtInKinds(): { apiVersion: string; resource: DiscoveredResource }[] {
  return [...BY_GROUP_VERSION].flatMap(([apiVersion, kinds]) => [...kinds.values()].map((resource) => ({ apiVersion, resource })));
}
