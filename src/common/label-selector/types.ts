/**
 * One requirement of a Kubernetes label selector, in the normalized form Kubernetes uses internally:
 * `a=b` / `a==b` become `In [b]` and `a!=b` becomes `NotIn [b]`, so matching needs only four operators.
 */
export type SelectorOperator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';

export interface SelectorRequirement {
  key: string;
  operator: SelectorOperator;
  values: string[];
}

/**
 * The `metav1.LabelSelector` object shape (as used by ApplicationSet cluster generators). Null stands for an
 * absent field, as YAML writes an empty key.
 */
export interface LabelSelectorObject {
  matchLabels?: Record<string, string> | null;
  matchExpressions?: LabelSelectorExpression[] | null;
}

export interface LabelSelectorExpression {
  key: string;
  operator: string;
  values?: string[] | null;
}

/** Raised for any selector that Kubernetes would reject; the message names the offending token or field. */
export class LabelSelectorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LabelSelectorError';
  }
}
