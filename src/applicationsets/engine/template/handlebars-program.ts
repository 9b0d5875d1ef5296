import Handlebars from 'handlebars';
import type { Params } from '../types';
import type { TemplatePiece } from './fasttemplate-scan';

/*
 * The handlebars side of rendering. Handlebars' own parser would split Argo CD's flat keys on '.' and '/',
 * treat `\{{` as an escape and reject tags like `{{ .name }}`; so strings are scanned with fasttemplate's rules
 * (fasttemplate-scan.ts) and the handlebars AST is built directly: literal text becomes content, and every tag
 * becomes a call of one internal helper with the raw tag text. That helper returns the parameter whose flat
 * name is the trimmed tag, or the tag verbatim (`{{` + tag + `}}`) when there is none, as fasttemplate does.
 * No other helpers exist: fasttemplate has none, and block helpers would change the meaning of strings Argo CD
 * renders literally. Output is never HTML-escaped (`noEscape`): manifests are not HTML.
 */

const PARAM_HELPER = 'flotillaParam';

export type CompiledTemplate = (params: Params) => string;

// Declaring the one helper as known lets handlebars call it directly instead of resolving it per render;
// `data: false` skips handlebars' data frames (the helper reads the parameters from `this`).
const COMPILE_OPTIONS: CompileOptions = {
  noEscape: true,
  data: false,
  knownHelpers: { [PARAM_HELPER]: true },
  knownHelpersOnly: true,
};

export function createEnvironment(): typeof Handlebars {
  const env = Handlebars.create();
  // Handlebars re-wraps every registered helper on each render call; the built-ins are never emitted here, so
  // dropping them keeps the per-call cost down.
  for (const name of Object.keys(env.helpers)) env.unregisterHelper(name);
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

export function compilePieces(env: typeof Handlebars, pieces: TemplatePiece[]): CompiledTemplate {
  return env.compile<Params>(toProgram(pieces), COMPILE_OPTIONS);
}
