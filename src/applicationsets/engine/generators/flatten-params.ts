import { formatValue, type GoValue } from '../../../gotemplate/value';
import type { Params } from '../types';

/**
 * Go template parameters flattened the way Argo CD does before a post `selector` matches them: nested map keys
 * and list indexes joined with dots (`metadata.labels.env`, `items.0`), every leaf printed as a string.
 * Leaves print as Go's %v prints them (a JSON number is a float64: 1e+06).
 */
export function flattenParams(params: Params): Record<string, string> {
  const flat: Record<string, string> = {};
  const visit = (value: unknown, key: string): void => {
    if (value !== null && typeof value === 'object') {
      const entries = Array.isArray(value) ? value.map((item, index) => [String(index), item] as const) : Object.entries(value);
      // An empty map or list is a leaf of its own, as in the flatten library Argo CD uses.
      if (entries.length === 0) {
        if (key !== '') flat[key] = Array.isArray(value) ? '[]' : 'map[]';
        return;
      }
      for (const [child, item] of entries) visit(item, key === '' ? child : `${key}.${child}`);
      return;
    }
    flat[key] = formatValue(value as GoValue);
  };
  visit(params, '');
  return flat;
}
