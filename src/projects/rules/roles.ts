import { projectRoleSubject } from '../../domain/roles';
import type { ProjectRole } from '../../domain/app-project';
import type { FieldIssue } from '../../domain/field-issue';

/*
 * Argo CD's checks of `spec.roles` (ValidateProject with validateRoleName, validatePolicy and validateGroupName in
 * pkg/apis/application/v1alpha1): the same rules, so a manifest Argo CD accepts is accepted here and one it refuses is
 * refused, except that every problem is reported with its field path instead of only the first. The one addition is
 * the hub's own project-scoped resource, `rollouts`, with its own actions.
 */

const ROLE_NAME = /^[a-zA-Z0-9]([-_a-zA-Z0-9]*[a-zA-Z0-9])?$/;

/** Argo CD's rbac.ProjectScoped: the resources a project role's policy may name. */
const ARGO_PROJECT_RESOURCES = ['applications', 'applicationsets', 'repositories', 'exec', 'logs', 'clusters'];
/** The hub's rollouts are scoped to a project by their ApplicationSet (`<project>/<set>`). */
const HUB_PROJECT_RESOURCES: Record<string, readonly string[]> = { rollouts: ['pause', 'resume', 'abort', 'approve'] };
const PROJECT_ROLE_RESOURCES = [...ARGO_PROJECT_RESOURCES, ...Object.keys(HUB_PROJECT_RESOURCES)];

const ARGO_ACTIONS = new Set(['get', 'create', 'update', 'delete', 'sync', 'override', 'rollback', '*']);
// Unanchored, as Argo CD's regexp.MatchString reads them: an action containing `action/` is accepted there too.
const ARGO_ACTION_PATTERNS = [/action\/.*/, /update\/.*/, /delete\/.*/];

/** Argo CD quotes a group name in its policy file; these characters would break out of the quotes. */
const GROUP_INVALID_CHARS = /["\n\r\t]/;

function validateRoleName(name: string): string | undefined {
  return ROLE_NAME.test(name) ? undefined : "must consist of alphanumeric characters, '-' or '_', and must start and end with an alphanumeric character";
}

function validateGroupName(raw: string): string | undefined {
  let name = raw.trim();
  if (name.length > 1 && name.startsWith('"') && name.endsWith('"')) name = name.slice(1, -1);
  else if (name.includes(',')) return 'a group name with a comma must be quoted';
  if (name === '') return 'must not be empty';
  if (GROUP_INVALID_CHARS.test(name)) return 'must not contain ", a newline, a carriage return or a tab';
  const chars = [...raw];
  if (chars.length > 1 && /^\s$/u.test(chars[0])) return 'must not start with a space';
  if (chars.length > 1 && /^\s$/u.test(chars[chars.length - 1])) return 'must not end with a space';
  return undefined;
}

/** The reason a policy line of role `role` in project `project` is refused, or undefined. */
function validatePolicy(project: string, role: string, policy: string): string | undefined {
  const parts = policy.split(',').map((part) => trimSpaces(part));
  if (parts.length !== 6 || parts[0] !== 'p') return "must be of the form 'p, sub, res, act, obj, eft'";
  const [, subject, resource, action, object, effect] = parts;
  const expectedSubject = projectRoleSubject(project, role);
  if (subject !== expectedSubject) return `the subject must be '${expectedSubject}', not '${subject}'`;
  if (!PROJECT_ROLE_RESOURCES.includes(resource)) return `the resource must be one of ${PROJECT_ROLE_RESOURCES.map((r) => `'${r}'`).join(', ')}, not '${resource}'`;
  if (!isValidAction(resource, action)) return `'${action}' is not a valid action${resource in HUB_PROJECT_RESOURCES ? ` for ${resource}` : ''}`;
  if (!isValidObject(project, object)) return `the object must be of the form '${project}/*', '${project}/<name>' or '${project}/<namespace>/<name>', not '${object}'`;
  if (effect !== 'allow' && effect !== 'deny') return `the effect must be 'allow' or 'deny', not '${effect}'`;
  return undefined;
}

/** Every problem of a project's roles, with the field path (`spec.roles[1].policies[0]`). */
export function roleIssues(project: string, roles: readonly ProjectRole[] | undefined): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const firstOfName = new Map<string, number>();
  for (const [index, role] of (roles ?? []).entries()) {
    const path = `spec.roles[${index}]`;
    const first = firstOfName.get(role.name);
    if (first !== undefined) issues.push({ path: `${path}.name`, message: `role '${role.name}' already exists (spec.roles[${first}])` });
    else firstOfName.set(role.name, index);
    const nameProblem = validateRoleName(role.name);
    if (nameProblem) issues.push({ path: `${path}.name`, message: `invalid role name '${role.name}': ${nameProblem}` });
    issues.push(...listIssues(`${path}.policies`, 'policy', role.policies, (policy) => validatePolicy(project, role.name, policy)));
    issues.push(...listIssues(`${path}.groups`, 'group', role.groups, validateGroupName));
  }
  return issues;
}

function listIssues(path: string, what: string, items: readonly string[] | undefined, validate: (item: string) => string | undefined): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const firstIndex = new Map<string, number>();
  for (const [index, item] of (items ?? []).entries()) {
    const first = firstIndex.get(item);
    if (first !== undefined) {
      issues.push({ path: `${path}[${index}]`, message: `${what} '${item}' duplicates ${path}[${first}]` });
      continue;
    }
    firstIndex.set(item, index);
    const problem = validate(item);
    if (problem) issues.push({ path: `${path}[${index}]`, message: `invalid ${what} '${item}': ${problem}` });
  }
  return issues;
}

function isValidAction(resource: string, action: string): boolean {
  if (HUB_PROJECT_RESOURCES[resource]?.includes(action)) return true;
  return ARGO_ACTIONS.has(action) || ARGO_ACTION_PATTERNS.some((pattern) => pattern.test(action));
}

/** `<project>[/<namespace>]/<name>`, each part made of word characters, `*`, `-` and `.` (Argo CD's isValidObject). */
function isValidObject(project: string, object: string): boolean {
  if (!object.startsWith(`${project}/`)) return false;
  return /^(\/[*\w.-]+)?\/[*\w.-]+$/.test(object.slice(project.length));
}

/** Go's strings.Trim(s, " "): spaces only, not tabs or newlines. */
function trimSpaces(text: string): string {
  return text.replace(/^ +| +$/g, '');
}
