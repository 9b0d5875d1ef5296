import { effectiveProject } from '../domain/app-project';
import { Injectable } from '@nestjs/common';
import { type DomainError, notFound } from '../common/errors/domain-error';
import { isPlainObject } from '../common/json';
import { maskRepoUrl } from '../git/repo-url';
import { ApplicationRepository } from '../repositories/application.repository';
import { ApplicationSetRepository } from '../repositories/application-set.repository';
import { ClusterRepository } from '../repositories/cluster.repository';
import { GitRemoteRepository } from '../repositories/git-remote.repository';
import { ProjectRepository } from '../repositories/project.repository';
import { RolloutRepository } from '../repositories/rollout.repository';
import { SyncRunRepository } from '../repositories/sync-run.repository';
import type { CreatedShape, ObjectSource } from './permission.decorator';
import { isUuid } from '../common/http/uuid-param.pipe';

/**
 * What a request is about, resolved before any decision:
 * - `hub`: the hub-wide `*`; `listed`: nothing at the route (rows are filtered);
 * - `named`: the path's name as the object, not looked up (projects, the hub's own kinds);
 * - `stored`: an object that exists, with the objects the body would move it to (a PUT changing the project);
 * - `missing`: the path names nothing, and `missing` is the service's own 404 for it;
 * - `created`: what the body would create, decided with `create`.
 * `scoped` marks a project-scoped kind (applications, sets, rollouts), whose existence must never leak.
 */
export type Target =
  | { kind: 'hub' }
  | { kind: 'listed' }
  | { kind: 'named'; object: string; missing: DomainError }
  | { kind: 'stored'; object: string; scoped: boolean; movedTo: string[]; missing: DomainError }
  | { kind: 'missing'; scoped: boolean; missing: DomainError }
  | { kind: 'created'; object: string };

export interface RequestParts {
  method: string;
  params: Record<string, unknown>;
  body: unknown;
}

/** Resolves a route's object source against the stored objects (one indexed read at most, by name or id). */
@Injectable()
export class AccessObjects {
  constructor(
    private readonly applications: ApplicationRepository,
    private readonly sets: ApplicationSetRepository,
    private readonly rollouts: RolloutRepository,
    private readonly clusters: ClusterRepository,
    private readonly remotes: GitRemoteRepository,
    private readonly projects: ProjectRepository,
    private readonly runs: SyncRunRepository,
  ) {}

  async resolve(source: ObjectSource, request: RequestParts): Promise<Target> {
    switch (source.from) {
      case 'hub':
      case 'listed':
        return { kind: source.from };
      case 'name': {
        const name = param(request, source.param);
        return { kind: 'named', object: name, missing: notFound(source.label, name) };
      }
      case 'body':
        return { kind: 'created', object: createdObject(source.shape, request.body) };
      case 'upsert':
        return this.upsert(source.param, source.shape, request);
      case 'application-history':
        return this.history(param(request, source.param));
      default:
        return this.stored(source.from, param(request, source.param), request);
    }
  }

  private async stored(from: 'application' | 'applicationset' | 'rollout' | 'cluster' | 'repository', name: string, request: RequestParts): Promise<Target> {
    switch (from) {
      case 'application': {
        const app = await this.applications.findByName(name);
        const missing = notFound('Application', name);
        // A PUT naming no application is decided on the body's project, then answered by the route as it always
        // has: a body naming another application 400, else 404.
        if (!app && request.method === 'PUT') return scopedTarget(createdObject('application', request.body, name), missing);
        if (!app) return { kind: 'missing', scoped: true, missing };
        return scopedTarget(`${app.project}/${app.name}`, missing, request.method === 'PUT' ? createdObject('application', request.body) : undefined);
      }
      case 'applicationset': {
        const set = await this.sets.findByName(name);
        const missing = notFound('ApplicationSet', name);
        if (!set) return { kind: 'missing', scoped: true, missing };
        return scopedTarget(`${projectOfSet(set.manifest)}/${set.name}`, missing);
      }
      case 'rollout': {
        const rollout = isUuid(name) ? await this.rollouts.findById(name) : null;
        const missing = notFound('Rollout', name);
        if (!rollout) return { kind: 'missing', scoped: true, missing };
        return scopedTarget(await this.rolloutObject(rollout.applicationSet), missing);
      }
      case 'cluster': {
        const cluster = await this.clusters.findByName(name);
        const missing = notFound('Cluster', name);
        if (!cluster) return { kind: 'missing', scoped: false, missing };
        return { kind: 'stored', object: cluster.server, scoped: false, movedTo: [], missing };
      }
      case 'repository': {
        const remote = isUuid(name) ? await this.remotes.findById(name) : null;
        const missing = notFound('Repository', name);
        if (!remote) return { kind: 'missing', scoped: false, missing };
        return { kind: 'stored', object: maskRepoUrl(remote.url), scoped: false, movedTo: [], missing };
      }
    }
  }

  private async history(name: string): Promise<Target> {
    const app = await this.applications.findByName(name);
    const project = app?.project ?? (await this.runs.lastProjectOf(name));
    // None ever existed: the history route answers itself, after checking its cursor, as it always has (404, or an
    // empty page past a cursor), and there is nothing to hide.
    return project === null ? { kind: 'listed' } : scopedTarget(`${project}/${name}`, notFound('Application', name));
  }

  /** A rollout is its set's: `<project>/<set>`; a set deleted since has no project, and `*` there matches only `*` policies. */
  private async rolloutObject(setName: string): Promise<string> {
    const set = await this.sets.findByName(setName);
    return `${set ? projectOfSet(set.manifest) : '*'}/${setName}`;
  }

  private async upsert(paramName: string, shape: 'applicationset' | 'project', request: RequestParts): Promise<Target> {
    const name = param(request, paramName);
    if (shape === 'project') {
      const exists = await this.projects.findByName(name);
      return exists ? { kind: 'stored', object: name, scoped: false, movedTo: [], missing: notFound('Project', name) } : { kind: 'created', object: name };
    }
    const set = await this.sets.findByName(name);
    const wanted = createdObject('applicationset', request.body, name);
    return set ? scopedTarget(`${projectOfSet(set.manifest)}/${set.name}`, notFound('ApplicationSet', name), wanted) : { kind: 'created', object: wanted };
  }
}

function scopedTarget(object: string, missing: DomainError, movedTo?: string): Target {
  return { kind: 'stored', object, scoped: true, movedTo: movedTo !== undefined && movedTo !== object ? [movedTo] : [], missing };
}

function param(request: RequestParts, name: string): string {
  const value = request.params[name];
  return typeof value === 'string' ? value : '';
}

/**
 * The object a body would create, as Argo CD checks a create: `<spec.project>/<metadata.name>` for an Application,
 * `<spec.template.spec.project>/<metadata.name>` for an ApplicationSet, a cluster's server, a repository's URL, a
 * project's name. A part the body lacks is empty, which no project's `<project>/*` matches; validation then answers
 * those allowed to create at all.
 */
export function createdObject(shape: CreatedShape, body: unknown, pathName?: string): string {
  const manifest = isPlainObject(body) ? body : {};
  const name = pathName ?? text(field(manifest, 'metadata', 'name'));
  switch (shape) {
    case 'application':
      return `${effectiveProject(field(manifest, 'spec', 'project'))}/${name}`;
    case 'applicationset':
      return `${projectOfSet(manifest)}/${name}`;
    case 'cluster':
      return text(manifest.server);
    case 'repository':
      return maskRepoUrl(text(manifest.url));
    case 'project':
      return name;
  }
}

/** A set's project is its template's (`spec.template.spec.project`, empty meaning `default`), as Argo CD's `RBACName` reads it. */
export function projectOfSet(manifest: Record<string, unknown>): string {
  return effectiveProject(field(manifest, 'spec', 'template', 'spec', 'project'));
}

function field(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path) current = isPlainObject(current) ? current[key] : undefined;
  return current;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
