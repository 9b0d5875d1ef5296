import { PROJECT_SCOPED_RESOURCES } from '../access/vocabulary';
import { DomainError } from '../common/errors/domain-error';
import type { Target } from './access-objects';
import type { Permission } from './permission.decorator';
import type { RequestAccess } from './request-access';

/** The hub-wide object: a kind's list or create, and the probe for "may this caller do this anywhere". */
const HUB_WIDE = '*';

/** The kinds whose objects are `<project>/<name>`: one project's caller must not learn that another's exist. */
export const PROJECT_SCOPED: ReadonlySet<string> = new Set(PROJECT_SCOPED_RESOURCES);

/**
 * Argo CD's check, with the hub's answers:
 * - the caller may not `get` the object, or there is none → the 404 of a missing one, identical, so existence never
 *   leaks. For a kind that is not project-scoped (clusters, repositories, projects, the hub's own kinds) and an
 *   action other than get, the answer is 403 instead when
 *   the caller may not do that action on `*` at all — decided on the policy alone, never on existence, so it leaks
 *   nothing, and a viewer deleting a cluster is refused as such rather than told it is missing;
 * - it may get it but not do the action → 403 `permission denied: <resource>, <action>, <object>`;
 * - a create (or a PUT that creates) is decided on the object the body would create; a PUT that moves an object to
 *   another project needs the action there too (Argo CD's update checks both projects).
 * Returns the error to throw, or undefined when allowed.
 */
export function refusal(access: RequestAccess, permission: Permission, target: Target): DomainError | undefined {
  const { resource, action } = permission;
  switch (target.kind) {
    case 'listed':
      return undefined;
    case 'hub':
      return access.can(resource, action, HUB_WIDE) ? undefined : denied(resource, action, HUB_WIDE);
    case 'created':
      return allows(access, resource, 'create', target.object) ? undefined : denied(resource, 'create', target.object);
    case 'named':
      if (!access.can(resource, 'get', target.object)) return hidden(access, permission, false, target.missing);
      return access.can(resource, action, target.object) ? undefined : denied(resource, action, target.object);
    case 'missing':
      return hidden(access, permission, target.scoped, target.missing);
    case 'stored': {
      if (!access.can(resource, 'get', target.object)) return hidden(access, permission, target.scoped, target.missing);
      const refused = [target.object, ...target.movedTo].find((object) => !allows(access, resource, action, object));
      return refused === undefined ? undefined : denied(resource, action, refused);
    }
  }
}

/**
 * A templated project (an ApplicationSet's `spec.template.spec.project: '{{…}}'`) may render to any project, so it is
 * allowed only to a caller allowed every object of the kind. Argo CD's API refuses such sets outright; the hub lets
 * those who could create them in every project keep them (a few real-world sets are written so).
 */
function allows(access: RequestAccess, resource: string, action: string, object: string): boolean {
  return object.slice(0, object.indexOf('/')).includes('{{') ? access.canEveryObject(resource, action) : access.can(resource, action, object);
}

/** The answer for an object the caller may not see or that does not exist: the same either way. */
function hidden(access: RequestAccess, { resource, action }: Permission, scoped: boolean, missing: DomainError): DomainError {
  if (!scoped && action !== 'get' && !access.can(resource, action, HUB_WIDE)) return denied(resource, action, HUB_WIDE);
  return missing;
}

export function denied(resource: string, action: string, object: string): DomainError {
  return new DomainError('Forbidden', `permission denied: ${resource}, ${action}, ${object}`);
}
