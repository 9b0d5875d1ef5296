/** Errors shaped like Go's text/template messages, so ApplicationSet authors see what Argo CD would show. */

/** `template: name:line: message`, as text/template/parse reports. */
export class GoTemplateParseError extends Error {
  override name = 'GoTemplateParseError';
}

/** `template: name:line:col: executing "name" at <node>: message`, as text/template's exec reports. */
export class GoTemplateExecError extends Error {
  override name = 'GoTemplateExecError';
}

/** Go's ErrorContext location: line and the byte column (0-based) of an offset in the template text. */
export function lineAndColumn(text: string, pos: number): { line: number; column: number } {
  const before = text.slice(0, pos);
  const lineStart = before.lastIndexOf('\n') + 1;
  let line = 1;
  for (let i = 0; i < lineStart; i++) if (before.charCodeAt(i) === 10) line++;
  return { line, column: Buffer.byteLength(before.slice(lineStart), 'utf8') };
}

/** An option Go's Template.Option rejects (Go panics with the same text). */
export class GoTemplateOptionError extends Error {
  override name = 'GoTemplateOptionError';
}
