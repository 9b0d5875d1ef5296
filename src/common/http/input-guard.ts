import type { ErrorDetail } from '../errors/error-codes';

/** How deep a request body may nest: far deeper than any manifest, shallow enough for every recursive walker. */
export const MAX_BODY_DEPTH = 64;

/** The key that would replace an object's prototype when a merge helper assigns it onto a plain object. */
const PROTOTYPE_KEY = '__proto__';
// In UTF-16 mode only an unpaired surrogate matches \p{Cs}; a well-formed pair is one code point outside it.
const LONE_SURROGATE = /\p{Cs}/u;
const CONTROL_CHARACTER = /\p{Cc}/u;

export type InputPath = readonly (string | number)[];

/**
 * What makes a piece of request text unusable, or undefined when it is fine. NUL never is (PostgreSQL refuses it
 * in text and jsonb) and neither is an unpaired surrogate (not Unicode text; jsonb refuses its escape). Names, ids,
 * selectors and cursors are single-line text, so `singleLine` also refuses every other control character, while
 * body strings keep their newlines and tabs.
 */
export function unusableTextReason(text: string, singleLine: boolean): string | undefined {
  if (text.includes('\u0000')) return 'contains a NUL character';
  if (LONE_SURROGATE.test(text)) return 'contains an unpaired UTF-16 surrogate (not valid Unicode)';
  if (singleLine && CONTROL_CHARACTER.test(text)) return 'contains a control character';
  return undefined;
}

/** A field path as the API names it (`spec.template.metadata.name`), with unprintable characters escaped. */
export function fieldName(path: InputPath): string {
  return path.map((part) => String(part).replace(/[\p{Cc}\p{Cs}]/gu, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)).join('.');
}

export type BodyProblem = { kind: 'invalid'; detail: ErrorDetail } | { kind: 'too-large'; limitBytes: number };

/**
 * The first thing wrong with a parsed body: too deep, a prototype key, unusable text in a key or a value, or more
 * data than `maxExpandedBytes` once YAML aliases are expanded (their targets are shared objects, so this walk is
 * where the expansion would happen). Iterative: the body may be nested 100,000 levels deep, and it stops as soon as
 * it passes either limit, so a hostile body costs at most the budget.
 */
export function findBodyProblem(body: unknown, maxExpandedBytes: number): BodyProblem | undefined {
  const pending: { value: unknown; path: InputPath }[] = [{ value: body, path: [] }];
  let bytes = 0;
  while (pending.length > 0) {
    const { value, path } = pending.pop()!;
    if (typeof value === 'string') {
      bytes += value.length;
      const reason = unusableTextReason(value, false);
      if (reason) return invalid(path, reason);
    } else if (value !== null && typeof value === 'object') {
      if (path.length >= MAX_BODY_DEPTH) return invalid(path, `is nested deeper than ${MAX_BODY_DEPTH} levels`);
      const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((item, index) => [index, item]) : Object.entries(value);
      for (let index = entries.length - 1; index >= 0; index--) {
        const [key, child] = entries[index];
        if (typeof key === 'string') {
          if (key === PROTOTYPE_KEY) return invalid([...path, key], 'is a reserved key (it would change an object prototype)');
          const reason = unusableTextReason(key, false);
          if (reason) return invalid([...path, key], `key ${reason}`);
          bytes += key.length;
        }
        pending.push({ value: child, path: [...path, key] });
      }
      bytes += 2;
    } else {
      bytes += 8;
    }
    if (bytes > maxExpandedBytes) return { kind: 'too-large', limitBytes: maxExpandedBytes };
  }
  return undefined;
}

/**
 * The first path or query parameter (`part`) whose name or value is unusable. Values are strings, or arrays of
 * them for a repeated query parameter.
 */
export function findParameterProblem(part: 'path' | 'query', parameters: Record<string, unknown> | undefined): ErrorDetail | undefined {
  for (const [name, value] of Object.entries(parameters ?? {})) {
    const nameReason = unusableTextReason(name, true);
    if (nameReason) return { field: fieldName([part, name]), reason: `name ${nameReason}` };
    for (const text of Array.isArray(value) ? value : [value]) {
      const reason = typeof text === 'string' ? unusableTextReason(text, true) : undefined;
      if (reason) return { field: fieldName([part, name]), reason };
    }
  }
  return undefined;
}

function invalid(path: InputPath, reason: string): BodyProblem {
  return { kind: 'invalid', detail: { field: path.length > 0 ? fieldName(path) : '(body)', reason } };
}
