/**
 * A faithful Go text/template engine over JSON-shaped data, for ApplicationSets with `goTemplate: true`.
 * The function library (sprig, Argo CD extras) is passed in as a FuncMap built on the value model.
 */
import { FuncMap } from './value';
import { GoTemplate } from './template';

export { GoTemplateExecError, GoTemplateOptionError, GoTemplateParseError } from './errors';
export { executeOptionsFromGo } from './options';
export type { ExecLimits, MissingKey, StepBudget } from './exec';
export { fmtPrint, fmtSprintf } from './format';
export { goQuote } from './quote';
export { DEFAULT_LIMITS, GoTemplate } from './template';
export type { ExecuteOptions } from './template';
export * from './value';

/** Parses a template (Go's template.New(name).Funcs(funcs).Parse(text)). */
export function parseGoTemplate(name: string, text: string, funcs: FuncMap = {}): GoTemplate {
  return GoTemplate.parse(name, text, funcs);
}
