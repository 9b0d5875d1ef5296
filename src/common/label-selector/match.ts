import type { SelectorRequirement } from './types';

/**
 * True when every requirement holds for `labels`. An empty list matches everything, and NotIn matches a
 * missing key — both as in Kubernetes.
 */
export function matchesSelector(requirements: SelectorRequirement[], labels: Record<string, string>): boolean {
  return requirements.every((requirement) => matchesRequirement(requirement, labels));
}

function matchesRequirement(requirement: SelectorRequirement, labels: Record<string, string>): boolean {
  const present = Object.prototype.hasOwnProperty.call(labels, requirement.key);
  switch (requirement.operator) {
    case 'In':
      return present && requirement.values.includes(labels[requirement.key]);
    case 'NotIn':
      return !present || !requirement.values.includes(labels[requirement.key]);
    case 'Exists':
      return present;
    case 'DoesNotExist':
      return !present;
  }
}
