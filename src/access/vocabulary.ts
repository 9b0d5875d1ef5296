/**
 * The resources and actions of the hub's policy, in Argo CD's terms (see `Authorizer`). A policy line naming a
 * resource outside this list can never match a request, so validation reports it.
 */
export const PROJECT_SCOPED_RESOURCES = ['applications', 'applicationsets', 'rollouts'] as const;

export const RESOURCES = [
  ...PROJECT_SCOPED_RESOURCES,
  'clusters',
  'projects',
  'repositories',
  'audit',
  'tokens',
  'sessions',
  'notifications',
  'generator-plugins',
  'settings',
  'shards',
] as const;

/**
 * Kinds only `role:admin` may touch: token management, the single sign-on sessions of everyone, and the hub's own
 * settings (`/api/v1/admin/*`, key rotation).
 */
export const ADMIN_ONLY_RESOURCES: readonly string[] = ['tokens', 'sessions', 'settings'];

export const BUILTIN_ROLES = { admin: 'role:admin', operator: 'role:operator', readonly: 'role:readonly' } as const;
