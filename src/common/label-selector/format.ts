import type { SelectorRequirement } from './types';

/**
 * Requirements in the text form the API server's `labelSelector` query parameter takes, as apimachinery prints a
 * selector: sorted by key, set values sorted (`env in (a,b)`, `tier notin (db)`, `app`, `!legacy`).
 * `parseLabelSelector` reads the text back into the same requirements.
 */
export function formatLabelSelector(requirements: readonly SelectorRequirement[]): string {
  return [...requirements]
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((requirement) => {
      const values = [...requirement.values].sort().join(',');
      switch (requirement.operator) {
        case 'In':
          return `${requirement.key} in (${values})`;
        case 'NotIn':
          return `${requirement.key} notin (${values})`;
        case 'Exists':
          return requirement.key;
        case 'DoesNotExist':
          return `!${requirement.key}`;
      }
    })
    .join(',');
}
