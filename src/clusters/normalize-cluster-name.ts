const INVALID_DNS_CHARACTERS = /[^-a-z0-9.]/g;
const MAX_DNS_NAME_LENGTH = 253;

/**
 * Argo CD's `nameNormalized` (applicationset utils.SanitizeName): lower-case, every character outside
 * [-a-z0-9.] becomes "-", at most 253 characters, leading and trailing "-" and "." trimmed.
 */
export function normalizeClusterName(name: string): string {
  const replaced = name.toLowerCase().replace(INVALID_DNS_CHARACTERS, '-').slice(0, MAX_DNS_NAME_LENGTH);
  return replaced.replace(/^[-.]+|[-.]+$/g, '');
}
