import type { MissingKey } from '../../../gotemplate';

const MISSING_KEY_VALUES: readonly MissingKey[] = ['default', 'invalid', 'zero', 'error'];

/** `missingkey=error` → 'error'; undefined for anything Go's `Template.Option` would refuse. */
export function parseMissingKeyOption(option: string): MissingKey | undefined {
  const match = /^missingkey=(.*)$/.exec(option);
  const value = match?.[1] as MissingKey | undefined;
  return value !== undefined && MISSING_KEY_VALUES.includes(value) ? value : undefined;
}

/** The `missingkey` behaviour a set's `goTemplateOptions` ask for: the last option wins, as each call to Option does. */
export function missingKeyOf(options: readonly string[] | undefined): MissingKey {
  let missingKey: MissingKey = 'default';
  for (const option of options ?? []) missingKey = parseMissingKeyOption(option) ?? missingKey;
  return missingKey;
}
