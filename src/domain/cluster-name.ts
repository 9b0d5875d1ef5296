const INVALID_DNS_CHARS = /[^-a-z0-9.]/gu;
const MAX_DNS_NAME_LENGTH = 253;

/**
 * Argo CD's `nameNormalized` rule (applicationset/utils SanitizeName): lower-case, replace every character
 * outside `[-a-z0-9.]` with '-', cut to 253 characters, then trim leading and trailing '-' and '.'.
 */
export function normalizeClusterName(name: string): string {
  const replaced = name.toLowerCase().replace(INVALID_DNS_CHARS, '-').slice(0, MAX_DNS_NAME_LENGTH);
  return replaced.replace(/^[-.]+|[-.]+$/g, '');
}
