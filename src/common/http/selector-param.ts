import { DomainError } from '../errors/domain-error';
import { LabelSelectorError, parseLabelSelector, type SelectorRequirement } from '../label-selector';

/** A `?selector=` query parameter parsed, or a 400 naming the field and what is wrong with it. */
export function parseSelectorParam(text: string | undefined): SelectorRequirement[] {
  try {
    return parseLabelSelector(text ?? '');
  } catch (error) {
    if (!(error instanceof LabelSelectorError)) throw error;
    throw new DomainError('InvalidSelector', `Invalid label selector: ${error.message}`, [{ field: 'selector', reason: error.message }]);
  }
}
