export { formatLabelSelector } from './format';
export { fromLabelSelector } from './from-object';
export { matchesSelector } from './match';
export { parseLabelSelector } from './parse';
export {
  LabelSelectorError,
  type LabelSelectorExpression,
  type LabelSelectorObject,
  type SelectorOperator,
  type SelectorRequirement,
} from './types';
export { validateDns1123Label, validateDns1123Subdomain, validateLabelKey, validateLabelValue } from './validation';
