/*
 * Kubernetes name rules (apimachinery `validation.IsQualifiedName`, `IsValidLabelValue`,
 * `IsDNS1123Subdomain`). Each validator returns a reason, or undefined when the input is valid, so callers
 * can collect every problem instead of stopping at the first exception.
 */

const DNS1123_LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_SUBDOMAIN_RE = new RegExp(`^${DNS1123_LABEL}(\\.${DNS1123_LABEL})*$`);
const DNS1123_SUBDOMAIN_MAX = 253;
const DNS1123_LABEL_RE = new RegExp(`^${DNS1123_LABEL}$`);
const DNS1123_LABEL_MAX = 63;

const QUALIFIED_NAME_RE = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const QUALIFIED_NAME_MAX = 63;

const LABEL_VALUE_RE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const LABEL_VALUE_MAX = 63;

/** Validates a DNS-1123 subdomain (object names, label-key prefixes). */
export function validateDns1123Subdomain(value: string): string | undefined {
  if (value.length === 0) return 'must not be empty';
  if (value.length > DNS1123_SUBDOMAIN_MAX) return `must be no more than ${DNS1123_SUBDOMAIN_MAX} characters`;
  if (!DNS1123_SUBDOMAIN_RE.test(value)) {
    return "must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
  }
  return undefined;
}

/** Validates a DNS-1123 label (namespace names). */
export function validateDns1123Label(value: string): string | undefined {
  if (value.length === 0) return 'must not be empty';
  if (value.length > DNS1123_LABEL_MAX) return `must be no more than ${DNS1123_LABEL_MAX} characters`;
  if (!DNS1123_LABEL_RE.test(value)) {
    return "must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
  }
  return undefined;
}

/** Validates a label (or annotation) key: an optional DNS-1123 subdomain prefix, '/', and a name of ≤ 63 characters. */
export function validateLabelKey(key: string): string | undefined {
  const parts = key.split('/');
  if (parts.length > 2) return `key "${key}" must contain at most one '/'`;
  const name = parts.length === 2 ? parts[1] : parts[0];
  if (parts.length === 2) {
    const prefix = parts[0];
    if (prefix.length === 0) return `key "${key}" has an empty prefix`;
    const prefixReason = validateDns1123Subdomain(prefix);
    if (prefixReason !== undefined) return `key "${key}" prefix ${prefixReason}`;
  }
  if (name.length === 0) return `key "${key}" has an empty name part`;
  if (name.length > QUALIFIED_NAME_MAX) return `key "${key}" name part must be no more than ${QUALIFIED_NAME_MAX} characters`;
  if (!QUALIFIED_NAME_RE.test(name)) {
    return `key "${key}" name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`;
  }
  return undefined;
}

/** Validates a label value: empty, or ≤ 63 characters of `[A-Za-z0-9-_.]` starting and ending alphanumeric. */
export function validateLabelValue(value: string): string | undefined {
  if (value.length > LABEL_VALUE_MAX) return `value "${value}" must be no more than ${LABEL_VALUE_MAX} characters`;
  if (!LABEL_VALUE_RE.test(value)) {
    return `value "${value}" must be empty or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`;
  }
  return undefined;
}
