import { SetMetadata } from '@nestjs/common';

export const PERMISSION = 'flotilla:permission';

/**
 * Where the object of a permission comes from (Argo CD's third policy field):
 * - `hub`: the hub-wide `*` (a kind's list or create, token management, settings, shards);
 * - `listed`: none at the route: the list is filtered row by row (`get` on each row's object);
 * - `name`: the path parameter as is (projects, subscriptions, plugins, tokens);
 * - `application` / `applicationset` / `rollout` / `cluster` / `repository`: the stored object the path parameter
 *   names, resolved to `<project>/<app>`, `<project>/<set>`, `<project>/<set of the rollout>`, the server URL, the URL;
 * - `body`: what the request body would create (`<project>/<name>` of a manifest, a cluster's server, a repository's url).
 */
export type ObjectSource =
  | { from: 'hub' }
  | { from: 'listed' }
  /** `label` names the kind as its service's 404 does (`Project "x" not found`). */
  | { from: 'name'; param: string; label: string }
  | { from: 'application' | 'applicationset' | 'rollout' | 'cluster' | 'repository'; param: string }
  /** An application's sync history: the application's object, or once it is deleted, its newest run's project. */
  | { from: 'application-history'; param: string }
  | { from: 'body'; shape: CreatedShape }
  /** A PUT that replaces the stored object the parameter names, or creates what the body describes when there is none. */
  | { from: 'upsert'; param: string; shape: 'applicationset' | 'project' };

export type CreatedShape = 'application' | 'applicationset' | 'cluster' | 'repository' | 'project';

/** What a route asks of the caller: `action` on `resource`, on the object `object` names. */
export interface Permission {
  resource: string;
  action: string;
  object: ObjectSource;
}

/** Declares the permission a route needs; the auth guard refuses every /api/v1 route without one (or `@PublicRoute`). */
export const Access = (resource: string, action: string, object: ObjectSource) => SetMetadata(PERMISSION, { resource, action, object } satisfies Permission);

/** Object sources by name, so decorators read as sentences: `@Access('applications', 'sync', stored.application('name'))`. */
export const HUB_WIDE: ObjectSource = { from: 'hub' };
export const EACH_ROW: ObjectSource = { from: 'listed' };
export const pathName = (param: string, label: string): ObjectSource => ({ from: 'name', param, label });
export const stored = {
  application: (param: string): ObjectSource => ({ from: 'application', param }),
  applicationHistory: (param: string): ObjectSource => ({ from: 'application-history', param }),
  applicationSet: (param: string): ObjectSource => ({ from: 'applicationset', param }),
  rollout: (param: string): ObjectSource => ({ from: 'rollout', param }),
  cluster: (param: string): ObjectSource => ({ from: 'cluster', param }),
  repository: (param: string): ObjectSource => ({ from: 'repository', param }),
};
export const createdBy = (shape: CreatedShape): ObjectSource => ({ from: 'body', shape });
export const replacedOrCreated = (param: string, shape: 'applicationset' | 'project'): ObjectSource => ({ from: 'upsert', param, shape });
