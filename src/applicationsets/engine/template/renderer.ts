import Handlebars from 'handlebars';
import type { Params } from '../types';
import { isTemplated, scanTemplate, UnclosedTagError, type TemplatePiece } from './fasttemplate-scan';

/*
 * Renders template strings with Argo CD's default (fasttemplate) semantics on top of handlebars:
 *  - `{{key}}` and `{{ key }}` are replaced by the parameter whose flat name is the trimmed tag, so keys with
 *    dots and slashes work (`{{metadata.labels.app.kubernetes.io/name}}`);
 *  - a tag naming no parameter is left verbatim, spaces included, as fasttemplate does;
 *  - output is never HTML-escaped (`noEscape`): manifests are not HTML.
 * Handlebars' own parser would split such keys on '.' and '/', treat `\{{` as an escape and reject tags like
 * `{{ .name }}`; so the string is scanned with fasttemplate's rules and the handlebars AST is built directly,
 * every tag becoming a call of one internal helper with the raw tag text. No other helpers are registered:
 * fasttemplate has none, and block helpers would change the meaning of strings Argo CD renders literally.
 */

const PARAM_HELPER = 'flotillaParam';

type CompiledTemplate = (params: Params) => string;

// Declaring the one helper as known lets handlebars call it directly instead of resolving it per render.
const COMPILE_OPTIONS: CompileOptions = {
  noEscape: true,
  data: false,
  knownHelpers: { [PARAM_HELPER]: true },
  knownHelpersOnly: true,
};

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

function joinPath(segments: string[]): string {
  return segments.join('');
}

function createEnvironment(): typeof Handlebars {
  const env = Handlebars.create();
  // Handlebars re-wraps every registered helper on each render call; the built-ins are never emitted here, so
  // dropping them keeps the per-call cost down.
  for (const name of Object.keys(env.helpers)) env.unregisterHelper(name);
  // `this` is the render context (the parameter set); `data: false` below skips handlebars' data frames.
  env.registerHelper(PARAM_HELPER, function (this: Params, tag: string) {
    const key = tag.trim();
    const value = key.length > 0 && Object.prototype.hasOwnProperty.call(this, key) ? this[key] : undefined;
    return typeof value === 'string' ? value : `{{${tag}}}`;
  });
  return env;
}

// The published AST typings do not match the runtime node shapes (e.g. ContentStatement.original is the
// raw text), so nodes are built as plain objects and the finished program is cast once.
function toProgram(pieces: TemplatePiece[]): hbs.AST.Program {
  const position = { line: 1, column: 0 };
  const loc = { source: '', start: position, end: position };
  const body = pieces.map((piece) => {
    if ('literal' in piece) return { type: 'ContentStatement', value: piece.literal, original: piece.literal, loc };
    return {
      type: 'MustacheStatement',
      path: { type: 'PathExpression', data: false, depth: 0, parts: [PARAM_HELPER], original: PARAM_HELPER, loc },
      params: [{ type: 'StringLiteral', value: piece.tag, original: piece.tag, loc }],
      escaped: false,
      strip: { open: false, close: false },
      loc,
    };
  });
  return { type: 'Program', body, blockParams: [], loc } as unknown as hbs.AST.Program;
}

/**
 * One renderer per expansion: each distinct template string is compiled once and reused for every parameter
 * set, which keeps 1,000 applications well under the 50 ms budget.
 */
export class TemplateRenderer {
  private readonly env = createEnvironment();
  private readonly cache = new Map<string, CompiledTemplate | null>();

  /** Renders one string; `path` names the field in errors. Throws `TemplateRenderError`. */
  render(text: string, params: Params, path: string): string {
    const compiled = this.compile(text, path);
    return compiled === null ? text : compiled(params);
  }

  /** Renders every string inside a JSON-like value (map keys stay as written, as in Argo CD). */
  renderDeep<T>(value: T, params: Params, path: string): T {
    return this.renderValue(value, params, [path]) as T;
  }

  // The field path is kept as a segment stack and joined only when a string fails to compile, so rendering
  // thousands of Applications builds no path strings.
  private renderValue(value: unknown, params: Params, segments: string[]): unknown {
    if (typeof value === 'string') {
      const cached = this.cache.get(value);
      const compiled = cached !== undefined ? cached : this.compile(value, joinPath(segments));
      return compiled === null ? value : compiled(params);
    }
    if (Array.isArray(value)) {
      return value.map((item, index) => {
        segments.push(`[${index}]`);
        const rendered = this.renderValue(item, params, segments);
        segments.pop();
        return rendered;
      });
    }
    if (value !== null && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(value)) {
        segments.push(`.${key}`);
        out[key] = this.renderValue((value as Record<string, unknown>)[key], params, segments);
        segments.pop();
      }
      return out;
    }
    return value;
  }

  private compile(text: string, path: string): CompiledTemplate | null {
    const cached = this.cache.get(text);
    if (cached !== undefined) return cached;
    let compiled: CompiledTemplate | null = null;
    if (isTemplated(text)) {
      try {
        compiled = this.env.compile<Params>(toProgram(scanTemplate(text)), COMPILE_OPTIONS);
      } catch (error) {
        const detail = error instanceof UnclosedTagError ? error.message : String(error);
        throw new TemplateRenderError(path, `${path}: invalid template: ${detail}`, { cause: error });
      }
    }
    this.cache.set(text, compiled);
    return compiled;
  }
}
