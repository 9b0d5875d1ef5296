export const ROLES = ['admin', 'operator', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/**
 * The caller behind a request, attached by the auth guard. `name` is who acts, as the audit log, `requestedBy` and
 * `triggeredBy` record it; what the caller may do is the access policy's answer for its subjects (`src/access/`).
 */
export type Principal = TokenPrincipal | ProjectTokenPrincipal | SsoPrincipal;

/** A hub API token with one of the built-in roles. */
export interface TokenPrincipal {
  kind: 'token';
  name: string;
  role: Role;
}

/** A token issued for a role of an AppProject (`spec.roles`): its policy subject is `proj:<project>:<role>`. */
export interface ProjectTokenPrincipal {
  kind: 'project-token';
  name: string;
  project: string;
  projectRole: string;
}

/** A person signed in through the OIDC provider: the subject and the groups its ID token named. */
export interface SsoPrincipal {
  kind: 'sso';
  name: string;
  groups: readonly string[];
}

/** What the audit log records as the caller's role: the built-in role, the project role's subject, or `sso`. */
export function roleLabel(principal: Principal): string {
  switch (principal.kind) {
    case 'token':
      return principal.role;
    case 'project-token':
      return projectRoleSubject(principal.project, principal.projectRole);
    case 'sso':
      return 'sso';
  }
}

/** Argo CD's subject for a project role, as its policies name it: `proj:<project>:<role>`. */
export function projectRoleSubject(project: string, role: string): string {
  return `proj:${project}:${role}`;
}
