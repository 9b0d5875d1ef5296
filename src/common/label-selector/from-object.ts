import { LabelSelectorError, type LabelSelectorObject, type SelectorRequirement } from './types';
import { validateLabelKey, validateLabelValue } from './validation';

/*
 * Converts a `metav1.LabelSelector` object (`matchLabels` + `matchExpressions`) into requirements, with the
 * checks of apimachinery `LabelSelectorAsSelector`: known operators only, values required for In/NotIn and
 * forbidden for Exists/DoesNotExist, valid keys and values.
 */
export function fromLabelSelector(selector: LabelSelectorObject): SelectorRequirement[] {
  const requirements: SelectorRequirement[] = [];
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    checkKey(key, `matchLabels.${key}`);
    checkValue(value, `matchLabels.${key}`);
    requirements.push({ key, operator: 'In', values: [value] });
  }
  (selector.matchExpressions ?? []).forEach((expression, index) => {
    const field = `matchExpressions[${index}]`;
    checkKey(expression.key, `${field}.key`);
    const values = expression.values ?? [];
    switch (expression.operator) {
      case 'In':
      case 'NotIn':
        if (values.length === 0) {
          throw new LabelSelectorError(`${field}.values: operator ${expression.operator} requires at least one value`);
        }
        values.forEach((value, valueIndex) => checkValue(value, `${field}.values[${valueIndex}]`));
        requirements.push({ key: expression.key, operator: expression.operator, values: [...new Set(values)] });
        return;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length > 0) {
          throw new LabelSelectorError(`${field}.values: operator ${expression.operator} must not have values`);
        }
        requirements.push({ key: expression.key, operator: expression.operator, values: [] });
        return;
      default:
        throw new LabelSelectorError(
          `${field}.operator: unknown operator "${expression.operator}" (expected In, NotIn, Exists or DoesNotExist)`,
        );
    }
  });
  return requirements;
}

function checkKey(key: string, field: string): void {
  const reason = typeof key === 'string' ? validateLabelKey(key) : 'key must be a string';
  if (reason !== undefined) throw new LabelSelectorError(`${field}: invalid label key: ${reason}`);
}

function checkValue(value: string, field: string): void {
  const reason = typeof value === 'string' ? validateLabelValue(value) : 'value must be a string';
  if (reason !== undefined) throw new LabelSelectorError(`${field}: invalid label value: ${reason}`);
}
