import { Injectable } from '@nestjs/common';
import { conflict, DomainError, notFound } from '../common/errors/domain-error';
import { fieldIssuesError } from '../common/errors/field-issues';
import { uniqueViolation } from '../database/pg-errors';
import { managedByParentMessage } from '../domain/adoption';
import { FleetEvents } from '../events/fleet-events';
import { ApplicationRepository } from '../repositories/application.repository';
import type { ProjectEntity } from '../database/entities/project.entity';
import { ProjectRepository } from '../repositories/project.repository';
import { type AppProject, DEFAULT_PROJECT_NAME, parseAppProjectManifest } from './rules';

export interface ProjectView extends AppProject {
  metadata: AppProject['metadata'] & { creationTimestamp: string };
}

@Injectable()
export class ProjectsService {
  constructor(
    private readonly projects: ProjectRepository,
    private readonly events: FleetEvents,
    private readonly applications: ApplicationRepository,
  ) {}

  async create(body: unknown): Promise<ProjectView> {
    const project = parse(body);
    try {
      const saved = await this.projects.insert(project.metadata.name, project);
      this.events.emit({ kind: 'project', name: saved.name });
      return toView(saved);
    } catch (error) {
      if (uniqueViolation(error)) throw conflict(`Project "${project.metadata.name}" already exists`, [{ field: 'metadata.name', reason: 'already exists' }]);
      throw error;
    }
  }

  /** Creates or replaces (PUT semantics); the name in the path must match the manifest. */
  async replace(name: string, body: unknown): Promise<ProjectView> {
    const project = parse(body);
    if (project.metadata.name !== name) {
      throw new DomainError('ValidationFailed', 'metadata.name must match the name in the path', [{ field: 'metadata.name', reason: `must be "${name}"` }]);
    }
    await this.refuseAdopted(await this.projects.findByName(name));
    const saved = await this.projects.replace(name, project, roleNames(project));
    this.events.emit({ kind: 'project', name });
    return toView(saved);
  }

  async get(name: string): Promise<ProjectView> {
    const project = await this.projects.findByName(name);
    if (!project) throw notFound('Project', name);
    return toView(project);
  }

  async list(): Promise<{ items: ProjectView[] }> {
    return { items: (await this.projects.list()).map(toView) };
  }

  /**
   * The REST API's deletion, and an app of apps pruning its own project (`parent`): either way the default project
   * and a project still in use stay.
   */
  async delete(name: string, parent?: string): Promise<void> {
    if (name === DEFAULT_PROJECT_NAME) throw conflict('The default project cannot be deleted');
    const existing = await this.projects.findByName(name);
    if (existing?.parentApplication !== parent) await this.refuseAdopted(existing);
    const users = await this.projects.countApplicationsUsing(name, parent);
    if (users > 0) throw conflict(`Project "${name}" is used by ${users} application(s); delete or move them first`);
    if (!(await this.projects.deleteByName(name))) throw notFound('Project', name);
    this.events.emit({ kind: 'project', name });
  }

  /** The manifest as it would be stored, or a DomainError naming the fields (nothing is written). */
  validate(body: unknown): AppProject {
    return parse(body);
  }

  /** Creates or replaces a project an app of apps owns; a name held by anyone else is a conflict and stays as it is. */
  async adopt(parent: string, body: unknown): Promise<AppProject> {
    const project = parse(body);
    const name = project.metadata.name;
    if (!(await this.projects.upsertAdopted(name, project, parent, roleNames(project)))) throw conflict(`Project "${name}" exists and is not managed by Application "${parent}"`, [{ field: 'metadata.name', reason: 'already exists' }]);
    this.events.emit({ kind: 'project', name });
    return project;
  }


  /** A project whose app of apps still exists changes only through that application's Git. */
  private async refuseAdopted(project: ProjectEntity | null): Promise<void> {
    const parent = project?.parentApplication;
    if (parent && (await this.applications.findByName(parent))) throw conflict(managedByParentMessage('AppProject', project.name, parent));
  }

  /** Every project by name, for the expansion engine's permission checks. */
  async projectsByName(): Promise<Map<string, AppProject>> {
    return new Map((await this.projects.list()).map((project) => [project.name, project.manifest]));
  }
}

function parse(body: unknown): AppProject {
  const result = parseAppProjectManifest(body);
  if (result.ok) return result.project;
  if (result.code === 'InvalidManifest') throw fieldIssuesError(result.issues);
  const details = result.issues.map((issue) => ({ field: issue.path, reason: issue.message }));
  throw new DomainError('Unprocessable', `${result.code}: ${details.map((d) => `${d.field}: ${d.reason}`).join('; ')}`, details);
}

/** The roles whose tokens survive an update: a role the manifest no longer names loses its tokens with it. */
function roleNames(project: AppProject): string[] {
  return (project.spec.roles ?? []).map((role) => role.name);
}

function toView(project: ProjectEntity): ProjectView {
  return { ...project.manifest, metadata: { ...project.manifest.metadata, creationTimestamp: project.createdAt.toISOString() } };
}
