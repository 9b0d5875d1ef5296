import type { Params } from '../types';
import type { ParamRenderer } from './param-renderer';
import { isTemplated, scanTemplate, UnclosedTagError, type TemplatePiece } from './fasttemplate-scan';
import { compilePieces, createEnvironment, type CompiledTemplate } from './handlebars-program';
import { buildValue, planValue, type ValuePlan } from './value-plan';

/*
 * Renders templates with Argo CD's default (fasttemplate) semantics, on handlebars (see handlebars-program.ts):
 *  - `{{key}}` and `{{ key }}` are replaced by the parameter whose flat name is the trimmed tag, so keys with
 *    dots and slashes work (`{{metadata.labels.app.kubernetes.io/name}}`);
 *  - a tag naming no parameter is left verbatim, spaces included;
 *  - output is not HTML-escaped; map keys are never rendered, only values (as in Argo CD).
 * One renderer serves one expansion. Each distinct string and each template object is compiled once; all
 * strings of a template object render in a single handlebars call (joined by a separator no parameter
 * contains), because handlebars' fixed cost per call dominates with thousands of Applications.
 */

const SLOT_SEPARATOR = '\u0000';

export class TemplateRenderError extends Error {
  constructor(
    readonly path: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'TemplateRenderError';
  }
}

interface CompiledValue {
  plan: ValuePlan;
  /** All slots in one program, or null when the template text itself contains the separator. */
  combined: CompiledTemplate | null;
  singles: CompiledTemplate[];
}

function invalidTemplate(path: string, error: unknown): never {
  const detail = error instanceof UnclosedTagError ? error.message : String(error);
  throw new TemplateRenderError(path, `${path}: invalid template: ${detail}`, { cause: error });
}

function containsSeparator(params: Params): boolean {
  for (const key in params) {
    const value = params[key];
    if (typeof value === 'string' && value.includes(SLOT_SEPARATOR)) return true;
  }
  return false;
}

function piecesContainSeparator(pieces: TemplatePiece[]): boolean {
  return pieces.some((piece) => ('literal' in piece ? piece.literal : piece.tag).includes(SLOT_SEPARATOR));
}

/** Argo CD's default (fasttemplate) mode: only string parameters are substituted. */
export class TemplateRenderer implements ParamRenderer {
  private readonly env = createEnvironment();
  private readonly strings = new Map<string, CompiledTemplate | null>();
  // Keyed by the template object itself: templates are not modified while an expansion runs.
  private readonly values = new WeakMap<object, CompiledValue>();

  /** Renders one string; `path` names the field in errors. Throws `TemplateRenderError`. */
  render(text: string, params: Params, path: string): string {
    let compiled = this.strings.get(text);
    if (compiled === undefined) {
      compiled = null;
      if (isTemplated(text)) {
        try {
          compiled = compilePieces(this.env, scanTemplate(text));
        } catch (error) {
          invalidTemplate(path, error);
        }
      }
      this.strings.set(text, compiled);
    }
    return compiled === null ? text : compiled(params);
  }

  /** Renders every string inside a JSON-like value into a fresh copy. Throws `TemplateRenderError`. */
  renderDeep<T>(value: T, params: Params, path: string): T {
    if (typeof value === 'string') return this.render(value, params, path) as T;
    if (value === null || typeof value !== 'object') return value;
    let compiled = this.values.get(value);
    if (compiled === undefined) {
      compiled = this.compileValue(value, path);
      this.values.set(value, compiled);
    }
    return buildValue(compiled.plan.root, this.renderSlots(compiled, params)) as T;
  }

  private compileValue(value: object, path: string): CompiledValue {
    const plan = planValue(value, path, invalidTemplate);
    const singles = plan.slots.map((pieces) => compilePieces(this.env, pieces));
    if (plan.slots.length === 0 || plan.slots.some(piecesContainSeparator)) return { plan, combined: null, singles };
    const joined = plan.slots.flatMap((pieces, index) => (index === 0 ? pieces : [{ literal: SLOT_SEPARATOR }, ...pieces]));
    return { plan, combined: compilePieces(this.env, joined), singles };
  }

  private renderSlots(compiled: CompiledValue, params: Params): string[] {
    if (compiled.combined !== null && !containsSeparator(params)) return compiled.combined(params).split(SLOT_SEPARATOR);
    return compiled.singles.map((template) => template(params));
  }
}
