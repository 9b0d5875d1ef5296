/**
 * Go's Template.Option for the option strings Argo CD takes from `spec.goTemplateOptions`
 * (e.g. `missingkey=error`). Later options win, as repeated Option calls do in Go.
 */
import { GoTemplateOptionError } from './errors';
import type { MissingKey } from './exec';
import type { ExecuteOptions } from './template';

const MISSING_KEY_VALUES: Record<string, MissingKey> = { default: 'default', invalid: 'invalid', zero: 'zero', error: 'error' };

export function executeOptionsFromGo(options: readonly string[]): ExecuteOptions {
  const result: ExecuteOptions = {};
  for (const option of options) {
    if (option === '') throw new GoTemplateOptionError('empty option string');
    const [key, value] = splitOnce(option, '=');
    const missingKey = key === 'missingkey' && value !== undefined ? MISSING_KEY_VALUES[value] : undefined;
    if (!missingKey) throw new GoTemplateOptionError(`unrecognized option: ${option}`);
    result.missingKey = missingKey;
  }
  return result;
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}
