import { projectRoleSubject } from '../domain/roles';
import { compilePattern, type MatchMode } from './pattern-match';
import type { PolicyRule } from './policy-rules';
import { checkLine } from './policy-validation';

/**
 * The policy lines an AppProject's `spec.roles` give: each role's `policies` (Argo CD's
 * `p, proj:<project>:<role>, <resource>, <action>, <project>/<object>, allow|deny`) and, for each of its `groups`,
 * `g, <group>, proj:<project>:<role>`. Projects are validated when written (src/projects); this reads them
 * defensively all the same, so one bad entry (stored before validation existed, or adopted from Git) costs only its
 * own line: a line that does not parse, names another subject than its role's, or reaches outside the project is
 * skipped, never thrown on, and never widens anyone's access. As in Argo CD, every role may also read its own
 * project (`projects, get, <project>`): a token of the role can see the rules it works under; and, the hub's own
 * addition, its project's audit trail (`audit, get, <project>/*`), so it can see what was done under them.
 */
export function projectRoleRules(project: string, roles: unknown, mode: MatchMode): PolicyRule[] {
  if (!Array.isArray(roles)) return [];
  const rules: PolicyRule[] = [];
  for (const role of roles as unknown[]) {
    if (!isRecord(role) || typeof role.name !== 'string' || role.name === '') continue;
    const subject = projectRoleSubject(project, role.name);
    rules.push(...ownProjectReads(project, subject, mode));
    for (const line of stringsIn(role.policies)) {
      const checked = checkLine(line.trim(), mode);
      if ('reason' in checked || checked.rule.kind !== 'p') continue;
      const object = withinProject(project, checked.rule.object, mode);
      if (checked.rule.subject !== subject || object === undefined) continue;
      rules.push({ ...checked.rule, object });
    }
    for (const group of stringsIn(role.groups)) {
      if (group.trim() !== '' && group.trim() !== subject) rules.push({ kind: 'g', subject: group.trim(), role: subject });
    }
  }
  return rules;
}

function ownProjectReads(project: string, subject: string, mode: MatchMode): PolicyRule[] {
  const exactly = (text: string) => (mode === 'regex' ? `^${escapeRegex(text)}$` : text);
  const get = (resource: string, object: string): PolicyRule => ({ kind: 'p', subject, resource: exactly(resource), action: exactly('get'), object, effect: 'allow' });
  return [get('projects', exactly(project)), get('audit', mode === 'regex' ? `^${escapeRegex(project)}/.*$` : `${project}/*`)];
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The object pattern, held inside `<project>/`: a glob must start with it literally; a regex (searched, not anchored,
 * in regex mode) is anchored to the project, so that neither `p1/.*` matching `xp1/app` nor an alternation such as
 * `p1/a|.*` can reach another project's objects. undefined: the line names no object of this project.
 */
function withinProject(project: string, object: string, mode: MatchMode): string | undefined {
  const prefix = `${project}/`;
  const rest = object.startsWith(prefix) ? object.slice(prefix.length) : object.startsWith(`^${prefix}`) ? object.slice(prefix.length + 1) : undefined;
  if (rest === undefined || (mode === 'glob' && !object.startsWith(prefix))) return undefined;
  if (mode === 'glob') return object;
  const body = rest.endsWith('$') && !rest.endsWith('\\$') ? rest.slice(0, -1) : rest;
  // Only a body that compiles on its own has balanced groups, so wrapping it keeps every branch inside the anchors.
  if (!compilePattern('regex', body).ok) return undefined;
  return `^${escapeRegex(prefix)}(?:${body})$`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringsIn(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}
