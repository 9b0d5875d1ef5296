import { Injectable } from '@nestjs/common';
import { conflict, DomainError, notFound } from '../common/errors/domain-error';
import { fieldIssuesError } from '../common/errors/field-issues';
import { uniqueViolation } from '../database/pg-errors';
import { FleetEvents } from '../events/fleet-events';
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
    const saved = await this.projects.replace(name, project);
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

  async delete(name: string): Promise<void> {
    if (name === DEFAULT_PROJECT_NAME) throw conflict('The default project cannot be deleted');
    const users = await this.projects.countApplicationsUsing(name);
    if (users > 0) throw conflict(`Project "${name}" is used by ${users} application(s); delete or move them first`);
    if (!(await this.projects.deleteByName(name))) throw notFound('Project', name);
    this.events.emit({ kind: 'project', name });
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

function toView(project: ProjectEntity): ProjectView {
  return { ...project.manifest, metadata: { ...project.manifest.metadata, creationTimestamp: project.createdAt.toISOString() } };
}
