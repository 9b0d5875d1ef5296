import { type Principal, projectRoleSubject } from '../domain/roles';
import type { PolicyRule } from './policy-rules';
import { ADMIN_ONLY_RESOURCES, BUILTIN_ROLES, RESOURCES } from './vocabulary';

const SHARED_RESOURCES = RESOURCES.filter((resource) => !ADMIN_ONLY_RESOURCES.includes(resource));

/**
 * The hub's built-in roles, modelled on Argo CD's builtin-policy.csv, keeping what the token roles meant before the
 * policy engine: a viewer reads everything but tokens and settings, an operator does everything else too, an admin
 * does everything. Written with wildcards in both match modes' terms: `.*` is a wildcard only in regex mode, `*` only
 * in glob mode, so the lines are built for the mode in force.
 */
export function builtinRules(mode: 'glob' | 'regex'): PolicyRule[] {
  const any = mode === 'regex' ? '.*' : '*';
  const exactly = (name: string) => (mode === 'regex' ? `^${name}$` : name);
  const allow = (subject: string, resource: string, action: string): PolicyRule => ({
    kind: 'p',
    subject,
    resource: exactly(resource),
    action,
    object: any,
    effect: 'allow',
  });
  return [
    ...SHARED_RESOURCES.map((resource) => allow(BUILTIN_ROLES.readonly, resource, exactly('get'))),
    ...SHARED_RESOURCES.map((resource) => allow(BUILTIN_ROLES.operator, resource, any)),
    ...ADMIN_ONLY_RESOURCES.map((resource) => allow(BUILTIN_ROLES.admin, resource, any)),
    { kind: 'g', subject: BUILTIN_ROLES.admin, role: BUILTIN_ROLES.operator },
    { kind: 'g', subject: BUILTIN_ROLES.operator, role: BUILTIN_ROLES.readonly },
  ];
}

const TOKEN_ROLE_SUBJECT = { admin: BUILTIN_ROLES.admin, operator: BUILTIN_ROLES.operator, viewer: BUILTIN_ROLES.readonly } as const;

/**
 * The policy subjects a caller acts as. A built-in-role token: its role. A project token: its project role only
 * (no default role: it acts within its project and nowhere else). A signed-in person: the person, each group the ID
 * token named, and the default role (`RBAC_POLICY_DEFAULT`), as Argo CD enforces for SSO users.
 */
export function subjectsOf(principal: Principal, defaultRole: string | undefined): string[] {
  switch (principal.kind) {
    case 'token':
      return [TOKEN_ROLE_SUBJECT[principal.role]];
    case 'project-token':
      return [projectRoleSubject(principal.project, principal.projectRole)];
    case 'sso':
      return [...new Set([principal.name, ...principal.groups, ...(defaultRole ? [defaultRole] : [])])];
  }
}
