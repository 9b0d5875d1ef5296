/*
 * Splits a string into literal text and `{{tag}}` pieces exactly as Argo CD's fasttemplate mode sees them:
 * a tag runs from `{{` to the next `}}`, whatever it contains (spaces, dots, slashes, quotes), so handlebars
 * syntax such as `{{#if}}`, `{{!comment}}` or `\{{escape}}` has no special meaning here.
 */

export type TemplatePiece = { literal: string } | { tag: string };

export class UnclosedTagError extends Error {
  constructor(readonly offset: number) {
    super(`"{{" at offset ${offset} has no closing "}}"`);
    this.name = 'UnclosedTagError';
  }
}

// Argo CD only runs fasttemplate on strings in which some line holds `{{ ... }}`; others are kept verbatim.
const LOOKS_TEMPLATED = /\{\{.*\}\}/;

export function isTemplated(text: string): boolean {
  return LOOKS_TEMPLATED.test(text);
}

/** Throws `UnclosedTagError` for a `{{` without a closing `}}` (fasttemplate refuses such a template). */
export function scanTemplate(text: string): TemplatePiece[] {
  const pieces: TemplatePiece[] = [];
  let cursor = 0;
  for (;;) {
    const open = text.indexOf('{{', cursor);
    if (open === -1) break;
    const close = text.indexOf('}}', open + 2);
    if (close === -1) throw new UnclosedTagError(open);
    if (open > cursor) pieces.push({ literal: text.slice(cursor, open) });
    pieces.push({ tag: text.slice(open + 2, close) });
    cursor = close + 2;
  }
  if (cursor < text.length) pieces.push({ literal: text.slice(cursor) });
  return pieces;
}
