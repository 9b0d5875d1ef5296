import type { ResourceType } from './catalogue';
import { deepEqual, isObject, str, type Json, type JsonObject } from './json';
import { errors, type StatusCause } from './status-errors';

/**
 * The validation that catches the usual mistakes in rendered manifests: names, label syntax, workload
 * selectors vs template labels, containers, Service ports, ConfigMap/Secret data, immutable selectors.
 * It is not kube-apiserver's full validation (no schemas, no cross-field rules beyond these).
 */
const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
// Kinds whose names must be DNS labels (no dots), as in kube-apiserver.
const LABEL_NAMED = new Set(['namespaces', 'services']);
const WORKLOADS = new Set(['deployments', 'statefulsets', 'daemonsets', 'replicasets']);

type Causes = StatusCause[];

function invalid(causes: Causes, field: string, message: string): void {
  causes.push({ type: 'FieldValueInvalid', message: `Invalid value: ${message}`, field });
}

function required(causes: Causes, field: string): void {
  causes.push({ type: 'FieldValueRequired', message: 'Required value', field });
}

function checkName(causes: Causes, type: ResourceType, name: string): void {
  if (LABEL_NAMED.has(type.resource) && !type.crdName) {
    if (name.length > 63 || !LABEL.test(name)) {
      invalid(causes, 'metadata.name', `"${name}": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character`);
    }
  } else if (name.length > 253 || !SUBDOMAIN.test(name)) {
    invalid(causes, 'metadata.name', `"${name}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character`);
  }
}

function validKey(key: string): boolean {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : '';
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  return (slash < 0 || (prefix.length <= 253 && SUBDOMAIN.test(prefix))) && name.length <= 63 && QUALIFIED_NAME.test(name);
}

function checkLabels(causes: Causes, field: string, labels: Json | undefined, values: boolean): void {
  if (!isObject(labels)) return;
  for (const [key, value] of Object.entries(labels)) {
    if (!validKey(key)) invalid(causes, field, `"${key}": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`);
    if (values && (typeof value !== 'string' || value.length > 63 || (value !== '' && !QUALIFIED_NAME.test(value)))) {
      invalid(causes, `${field}.${key}`, `"${str(value)}": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`);
    }
  }
}

function checkContainers(causes: Causes, field: string, podSpec: Json | undefined): void {
  const containers = isObject(podSpec) ? podSpec.containers : undefined;
  if (!Array.isArray(containers) || containers.length === 0) {
    required(causes, `${field}.containers`);
    return;
  }
  containers.forEach((c, i) => {
    if (!isObject(c) || typeof c.name !== 'string' || !LABEL.test(c.name)) required(causes, `${field}.containers[${i}].name`);
    if (!isObject(c) || typeof c.image !== 'string' || c.image.trim() === '') required(causes, `${field}.containers[${i}].image`);
  });
}

function checkWorkload(causes: Causes, type: ResourceType, spec: JsonObject, before: JsonObject | undefined): void {
  const template = isObject(spec.template) ? spec.template : {};
  const templateLabels = isObject(template.metadata) && isObject(template.metadata.labels) ? template.metadata.labels : {};
  const selector = isObject(spec.selector) ? spec.selector : undefined;
  if (!selector) required(causes, 'spec.selector');
  const matchLabels = selector && isObject(selector.matchLabels) ? selector.matchLabels : {};
  if (Object.entries(matchLabels).some(([k, v]) => templateLabels[k] !== v)) {
    invalid(causes, 'spec.template.metadata.labels', '`selector` does not match template `labels`');
  }
  checkContainers(causes, 'spec.template.spec', template.spec);
  const oldSpec = before && isObject(before.spec) ? before.spec : undefined;
  if (type.resource !== 'replicasets' && oldSpec && !deepEqual(oldSpec.selector, spec.selector)) {
    invalid(causes, 'spec.selector', 'field is immutable');
  }
}

function checkService(causes: Causes, spec: JsonObject): void {
  if (spec.type === 'ExternalName' || spec.clusterIP === 'None') return;
  if (!Array.isArray(spec.ports) || spec.ports.length === 0) {
    required(causes, 'spec.ports');
    return;
  }
  spec.ports.forEach((p, i) => {
    const port = isObject(p) ? p.port : undefined;
    if (typeof port !== 'number' || port < 1 || port > 65535) invalid(causes, `spec.ports[${i}].port`, `${str(port)}: must be between 1 and 65535, inclusive`);
  });
}

// kube-apiserver's PodDisruptionBudget rules: one of the two bounds, each a non-negative count or a percentage.
function checkDisruptionBudget(causes: Causes, spec: JsonObject): void {
  if (spec.minAvailable !== undefined && spec.maxUnavailable !== undefined) invalid(causes, 'spec', 'minAvailable and maxUnavailable cannot be both set');
  for (const field of ['minAvailable', 'maxUnavailable']) {
    const value = spec[field];
    if (value === undefined) continue;
    const percent = typeof value === 'string' ? /^(\d+)%$/.exec(value) : null;
    const ok = (typeof value === 'number' && Number.isInteger(value) && value >= 0) || (percent !== null && Number(percent[1]) <= 100);
    if (!ok) invalid(causes, `spec.${field}`, `${str(value)}: must be a non-negative integer or a percentage between 0% and 100%`);
  }
}

function checkData(causes: Causes, obj: JsonObject, base64: boolean): void {
  for (const field of ['data', 'binaryData', 'stringData']) {
    const data = obj[field];
    if (!isObject(data)) continue;
    for (const [key, value] of Object.entries(data)) {
      if (!CONFIG_KEY.test(key)) invalid(causes, `${field}`, `"${key}": a valid config key must consist of alphanumeric characters, '-', '_' or '.'`);
      const encoded = field === 'binaryData' || (base64 && field === 'data');
      if (typeof value !== 'string' || (encoded && !BASE64.test(value))) invalid(causes, `${field}[${key}]`, encoded ? 'illegal base64 data' : 'must be a string');
    }
  }
}

/** Throws 422 Invalid listing every problem found, like kube-apiserver. */
export function validate(type: ResourceType, obj: JsonObject, before: JsonObject | undefined): void {
  const causes: Causes = [];
  const metadata = isObject(obj.metadata) ? obj.metadata : {};
  const name = str(metadata.name);
  if (name === '') causes.push({ type: 'FieldValueRequired', message: 'Required value: name or generateName is required', field: 'metadata.name' });
  else checkName(causes, type, name);
  checkLabels(causes, 'metadata.labels', metadata.labels, true);
  checkLabels(causes, 'metadata.annotations', metadata.annotations, false);
  const spec = isObject(obj.spec) ? obj.spec : {};
  if (!type.crdName) {
    if (WORKLOADS.has(type.resource)) checkWorkload(causes, type, spec, before);
    if (type.resource === 'jobs') checkContainers(causes, 'spec.template.spec', isObject(spec.template) ? spec.template.spec : undefined);
    if (type.resource === 'services') checkService(causes, spec);
    if (type.resource === 'poddisruptionbudgets') checkDisruptionBudget(causes, spec);
    if (type.resource === 'configmaps') checkData(causes, obj, false);
    if (type.resource === 'secrets') checkData(causes, obj, true);
  }
  if (causes.length > 0) {
    const kind = type.group ? `${type.kind}.${type.group}` : type.kind;
    throw errors.invalid({ group: type.group, resource: type.resource, name, kind }, causes);
  }
}
