import type { ApplicationTemplate } from '../types';
import { isPlainObject } from '../../../common/json';

/*
 * A generator's `template` is laid over the set's template the way Argo CD does it (mergo with override):
 * maps merge key by key, and a non-empty override value replaces the base value. Empty values ('', false,
 * 0, empty lists, null) in the override leave the base untouched, so `destination: {}` keeps the set's
 * destination.
 */
export function mergeTemplates(base: ApplicationTemplate, override: ApplicationTemplate | undefined): ApplicationTemplate {
  if (override === undefined) return base;
  return mergeValue(base, override) as ApplicationTemplate;
}


function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || value === '' || value === false || value === 0 || (Array.isArray(value) && value.length === 0);
}

function mergeValue(base: unknown, override: unknown): unknown {
  if (isPlainObject(base) && isPlainObject(override)) {
    const out: Record<string, unknown> = { ...base };
    for (const [key, value] of Object.entries(override)) out[key] = mergeValue(base[key], value);
    return out;
  }
  return isEmpty(override) ? base : override;
}
