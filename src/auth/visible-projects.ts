import { Injectable } from '@nestjs/common';
import { ProjectRepository } from '../repositories/project.repository';
import type { RequestAccess } from './request-access';

/**
 * For what is read a project at a time (fleet history, DORA figures, the audit log): the projects all of whose
 * `resource` the caller may get — `<project>/*` allowed (a project role's `<project>/*` policy, a built-in role's
 * `*\/*`) and no deny line that could single out a name in it, since a project's figures would show that name.
 * A policy naming single applications does not open its project's fleet history; the application's own history
 * route checks the application itself.
 */
@Injectable()
export class VisibleProjects {
  constructor(private readonly projects: ProjectRepository) {}

  /** undefined: every project, with no per-project check (the policy allows every object of the kind). */
  async of(access: RequestAccess, resource: string): Promise<string[] | undefined> {
    if (access.canEveryObject(resource, 'get')) return undefined;
    return (await this.projects.list()).map((project) => project.name).filter((name) => access.canEveryObjectIn(resource, 'get', name));
  }
}
