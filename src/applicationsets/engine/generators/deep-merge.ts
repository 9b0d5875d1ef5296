import type { Params } from '../types';

/**
 * `base` overlaid with `override` the way Argo CD merges Go template parameters (mergo with WithOverride):
 * maps merge key by key, recursively; any other value of `override` replaces the base's, except an empty one
 * (mergo leaves a value alone when the override is its type's zero value: "", 0, false, nil, an empty list).
 */
export function deepMerge(base: Params, override: Params): Params {
  const merged: Params = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const current = merged[key];
    if (isMap(current) && isMap(value)) merged[key] = deepMerge(current, value);
    else if (!isEmpty(value)) merged[key] = value;
    else if (!(key in merged)) merged[key] = value;
  }
  return merged;
}

function isMap(value: unknown): value is Params {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isEmpty(value: unknown): boolean {
  if (Array.isArray(value)) return value.length === 0;
  return value === '' || value === 0 || value === false || value === null || value === undefined;
}
