import { createHash } from 'node:crypto';
import type { ResourceType } from './catalogue';
import { isObject, type JsonObject, str } from './json';

/**
 * A small share of kube-apiserver's defaulting: the fields clients commonly see appear after a write
 * (and `kubectl diff` shows), not the full defaulting of every type.
 */
function defaultPorts(ports: unknown, withTargetPort: boolean): void {
  if (!Array.isArray(ports)) return;
  for (const port of ports) {
    if (!isObject(port)) continue;
    port.protocol ??= 'TCP';
    if (withTargetPort && port.targetPort === undefined && port.port !== undefined) port.targetPort = port.port;
  }
}

function defaultPodSpec(spec: unknown): void {
  if (!isObject(spec)) return;
  for (const list of ['containers', 'initContainers']) {
    const containers = spec[list];
    if (!Array.isArray(containers)) continue;
    for (const container of containers) if (isObject(container)) defaultPorts(container.ports, false);
  }
}

// A stable pseudo-allocation in 10.96.0.0/16 derived from namespace/name, so repeated runs agree.
function clusterIpFor(obj: JsonObject): string {
  const metadata = obj.metadata as JsonObject;
  const digest = createHash('sha256').update(`${str(metadata.namespace)}/${str(metadata.name)}`).digest();
  return `10.96.${digest[0]}.${(digest[1] % 253) + 1}`;
}

export function applyDefaults(type: ResourceType, obj: JsonObject): JsonObject {
  if (type.crdName) return obj;
  const spec = isObject(obj.spec) ? obj.spec : undefined;
  switch (type.resource) {
    case 'namespaces': {
      obj.spec = { finalizers: ['kubernetes'], ...(spec ?? {}) };
      const status = isObject(obj.status) ? obj.status : {};
      obj.status = { ...status, phase: status.phase ?? 'Active' };
      break;
    }
    case 'services':
      if (spec) {
        spec.type ??= 'ClusterIP';
        spec.sessionAffinity ??= 'None';
        if (spec.type !== 'ExternalName' && spec.clusterIP === undefined) spec.clusterIP = clusterIpFor(obj);
        if (spec.clusterIP !== undefined && spec.clusterIPs === undefined) spec.clusterIPs = [spec.clusterIP];
        defaultPorts(spec.ports, true);
      }
      break;
    case 'deployments':
    case 'statefulsets':
    case 'daemonsets':
    case 'replicasets':
      if (spec) {
        if (type.resource !== 'daemonsets') spec.replicas ??= 1;
        if (type.resource === 'deployments') {
          spec.revisionHistoryLimit ??= 10;
          spec.progressDeadlineSeconds ??= 600;
        }
        if (isObject(spec.template)) defaultPodSpec(spec.template.spec);
      }
      break;
    case 'jobs':
      if (spec && isObject(spec.template)) defaultPodSpec(spec.template.spec);
      break;
    default:
      break;
  }
  return obj;
}
