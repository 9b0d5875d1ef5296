import type { Params } from '../types';

/**
 * What generators and the expansion need from a template engine: fasttemplate (`TemplateRenderer`) or Go
 * templates (`GoTemplateRenderer`), chosen per set by `spec.goTemplate`. Both throw `TemplateRenderError`
 * naming the field.
 */
export interface ParamRenderer {
  /** Renders one string; `path` names the field in errors. */
  render(text: string, params: Params, path: string): string;
  /** Renders every string inside a JSON-like value into a fresh copy. */
  renderDeep<T>(value: T, params: Params, path: string): T;
}
