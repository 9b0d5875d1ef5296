import { argoCdFunctions } from '../../../gotemplate/functions';
import { GoTemplateExecError, GoTemplateParseError, parseGoTemplate, type GoTemplate, type GoValue, type MissingKey, type StepBudget } from '../../../gotemplate';
import type { Params } from '../types';
import type { ParamRenderer } from './param-renderer';
import { TemplateRenderError } from './renderer';

/*
 * Argo CD's Go template mode (`goTemplate: true`): every string of the template, its map keys included, is its
 * own Go `text/template` named "base", with sprig and Argo CD's functions, executed over the parameter set.
 * Parameters keep their JSON types. Each distinct string is parsed once per expansion and reused for every
 * parameter set. One renderer serves one expansion, and its strings share one step budget.
 */

const TEMPLATE_NAME = 'base';
const functions = argoCdFunctions();
/**
 * Steps (walked nodes, loop iterations) one expansion may spend on all its strings together: legitimate
 * templates spend tens per string (10,000 Applications of 20 strings: a few million), while a hostile loop is
 * stopped after a second or two instead of running once per Application.
 */
export const EXPANSION_STEP_BUDGET = 10_000_000;

export class GoTemplateRenderer implements ParamRenderer {
  private readonly parsed = new Map<string, GoTemplate | null>();
  private readonly budget: StepBudget = { remaining: EXPANSION_STEP_BUDGET };

  constructor(private readonly missingKey: MissingKey = 'default') {}

  render(text: string, params: Params, path: string, missingKey: MissingKey = this.missingKey): string {
    const template = this.parse(text, path);
    if (template === null) return text;
    try {
      return template.execute(params as GoValue, { missingKey, budget: this.budget });
    } catch (error) {
      if (error instanceof GoTemplateExecError) throw new TemplateRenderError(path, `${path}: ${error.message}`, { cause: error });
      throw error;
    }
  }

  renderDeep<T>(value: T, params: Params, path: string): T {
    if (typeof value === 'string') return this.render(value, params, path) as T;
    if (Array.isArray(value)) return value.map((item, index) => this.renderDeep(item, params, `${path}[${index}]`)) as T;
    if (value === null || typeof value !== 'object') return value;
    const rendered: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const fieldPath = `${path}.${key}`;
      rendered[this.render(key, params, fieldPath)] = this.renderDeep(item, params, fieldPath);
    }
    return rendered as T;
  }

  private parse(text: string, path: string): GoTemplate | null {
    let template = this.parsed.get(text);
    if (template === undefined) {
      template = null;
      if (text.includes('{{')) {
        try {
          template = parseGoTemplate(TEMPLATE_NAME, text, functions);
        } catch (error) {
          if (error instanceof GoTemplateParseError) throw new TemplateRenderError(path, `${path}: ${error.message}`, { cause: error });
          throw error;
        }
      }
      this.parsed.set(text, template);
    }
    return template;
  }
}
