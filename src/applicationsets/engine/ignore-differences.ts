import type { Application } from './types';

/*
 * `spec.ignoreApplicationDifferences` (Argo CD): fields named by JSON pointers (RFC 6901) keep their live
 * values when an Application is updated, so people can change them by hand. A rule without `name` applies to
 * every Application of the set. `jqPathExpressions` are not supported and are rejected at validation.
 */

export interface IgnoreApplicationDifference {
  name?: string;
  jsonPointers?: string[];
  jqPathExpressions?: string[];
}

type Container = Record<string, unknown> | unknown[];

function isContainer(value: unknown): value is Container {
  return value !== null && typeof value === 'object';
}

/** Splits a JSON pointer into unescaped reference tokens; returns undefined for a malformed pointer. */
export function parseJsonPointer(pointer: string): string[] | undefined {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) return undefined;
  return pointer
    .slice(1)
    .split('/')
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function lookup(value: unknown, tokens: string[]): { found: boolean; value?: unknown } {
  let current = value;
  for (const token of tokens) {
    if (!isContainer(current) || !Object.prototype.hasOwnProperty.call(current, token)) return { found: false };
    current = (current as Record<string, unknown>)[token];
  }
  return { found: true, value: current };
}

// Writes (or, when the live object lacks the field, removes) one field of `target`, creating parents as needed.
function assign(target: Record<string, unknown>, tokens: string[], live: { found: boolean; value?: unknown }): void {
  let current: Container = target;
  for (const token of tokens.slice(0, -1)) {
    const next: unknown = (current as Record<string, unknown>)[token];
    if (!isContainer(next)) {
      if (!live.found) return;
      (current as Record<string, unknown>)[token] = {};
    }
    current = (current as Record<string, unknown>)[token] as Container;
  }
  const last = tokens[tokens.length - 1];
  if (live.found) (current as Record<string, unknown>)[last] = structuredClone(live.value);
  else if (Array.isArray(current)) current.splice(Number(last), 1);
  else delete current[last];
}

export function applyIgnoredDifferences(desired: Application, live: Application, rules: IgnoreApplicationDifference[]): Application {
  const pointers = rules
    .filter((rule) => rule.name === undefined || rule.name === '' || rule.name === desired.metadata.name)
    .flatMap((rule) => rule.jsonPointers ?? []);
  if (pointers.length === 0) return desired;
  const result = structuredClone(desired) as unknown as Record<string, unknown>;
  for (const pointer of pointers) {
    const tokens = parseJsonPointer(pointer);
    if (tokens === undefined || tokens.length === 0) continue;
    assign(result, tokens, lookup(live, tokens));
  }
  return result as unknown as Application;
}
