import type { MissingKey } from '../../../gotemplate';
import type { Params } from '../types';

/**
 * What generators and the expansion need from a template engine: fasttemplate (`TemplateRenderer`) or Go
 * templates (`GoTemplateRenderer`), chosen per set by `spec.goTemplate`. Both throw `TemplateRenderError`
 * naming the field.
 */
export interface ParamRenderer {
  /**
   * Renders one string; `path` names the field in errors. `missingKey` overrides the set's Go template option
   * for this call (fasttemplate ignores it: an unknown tag always stays as written).
   */
  render(text: string, params: Params, path: string, missingKey?: MissingKey): string;
  /** Renders every string inside a JSON-like value into a fresh copy. */
  renderDeep<T>(value: T, params: Params, path: string): T;
}
