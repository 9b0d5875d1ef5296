import type { Principal } from '../domain/roles';

/**
 * Who may do what, in Argo CD's terms: a `resource` (applications, applicationsets, clusters, projects,
 * repositories, ... and the hub's own: rollouts, audit, tokens, notifications, generator-plugins, settings, shards),
 * an `action` (get, create, update, delete, sync, override, and the hub's pause, resume, abort, approve) and an
 * `object`: `<project>/<name>` for applications, applicationsets and rollouts (a rollout's set), the server URL for
 * clusters, the URL for repositories, the name for projects and the hub's own kinds.
 */
export abstract class Authorizer {
  /**
   * The decisions of one caller, taken against the policy as it is when this is called: the hub-wide policy and
   * default role, the built-in roles, and the AppProject roles that apply to the caller. Valid for one request.
   */
  abstract decider(principal: Principal): Promise<AccessDecider>;
}

export interface AccessDecider {
  /** true when some policy allows the request and none denies it (Argo CD's effect). */
  can(resource: string, action: string, object: string): boolean;
  /**
   * true only when `can(resource, action, o)` holds for every object `o` there is or could be (an allow on `*` and no
   * deny that could match), so a list may skip its per-row checks. false whenever unsure: it is an optimisation only.
   */
  canEveryObject(resource: string, action: string): boolean;
  /**
   * true only when `can(resource, action, '<project>/<name>')` holds for every name, there or to come: `<project>/*`
   * is allowed and no deny line of the caller could single out a name in it. For what is read a project at a time.
   */
  canEveryObjectIn(resource: string, action: string, project: string): boolean;
}
