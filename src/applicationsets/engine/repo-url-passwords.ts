import { isPlainObject } from '../../common/json';
import { embeddedPasswordIssue } from '../../projects/rules';
import type { Application, FieldIssue } from './types';

// A set whose every application leaks the same password would otherwise list thousands of identical issues.
const MAX_GENERATED_ISSUES = 5;

/**
 * Every `repoURL` field under `value` that embeds a password, with its path (`path` '' for a root object). The whole tree is searched, not
 * only `template.spec.source(s)`: generator template overrides (at any depth) and list elements are stored
 * with the set, so a password anywhere in them would be kept in clear and shown back. Iterative, so a deeply
 * nested body cannot exhaust the stack.
 */
export function repoUrlsWithPasswords(value: unknown, path: string): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const pending: { value: unknown; path: string }[] = [{ value, path }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { value: current, path: at } = next;
    if (Array.isArray(current)) {
      current.forEach((item, index) => pending.push({ value: item, path: `${at}[${index}]` }));
    } else if (isPlainObject(current)) {
      for (const [key, child] of Object.entries(current)) {
        const childPath = at === '' ? key : `${at}.${key}`;
        const issue = key === 'repoURL' && typeof child === 'string' ? embeddedPasswordIssue(childPath, child) : undefined;
        if (issue) issues.push(issue);
        else pending.push({ value: child, path: childPath });
      }
    }
  }
  return issues.sort((a, b) => a.path.localeCompare(b.path));
}

/**
 * The same check on rendered Applications: a generator parameter (a list element, a cluster annotation) or a
 * templatePatch can put a password into a repoURL that the template did not show. Paths name the template
 * field the value landed in; the message names the application.
 */
export function generatedRepoUrlsWithPasswords(applications: readonly Application[]): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const app of applications) {
    if (!mayEmbedPassword(app.spec)) continue;
    for (const issue of repoUrlsWithPasswords(app.spec, 'spec.template.spec')) {
      issues.push({ path: issue.path, message: `application "${app.metadata.name}": ${issue.message}` });
      if (issues.length === MAX_GENERATED_ISSUES) return issues;
    }
  }
  return issues;
}

/**
 * Whether any `repoURL` under `value` could embed a password: one with an `@` (both URL forms put the userinfo before
 * one). A walk that builds no paths, so the thousands of clean applications of a large set are checked for a fraction
 * of the full walk's cost, which then runs only for the rare one that needs it.
 */
function mayEmbedPassword(value: unknown): boolean {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const current = pending.pop();
    if (Array.isArray(current)) {
      for (const item of current) pending.push(item);
    } else if (isPlainObject(current)) {
      for (const key of Object.keys(current)) {
        const child = current[key];
        if (key === 'repoURL' && typeof child === 'string') {
          if (child.includes('@')) return true;
        } else if (typeof child === 'object' && child !== null) {
          pending.push(child);
        }
      }
    }
  }
  return false;
}
