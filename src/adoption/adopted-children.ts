import { Inject, Injectable } from '@nestjs/common';
import { ApplicationChecks } from '../applications/application-checks';
import { hasResourcesFinalizer } from '../applicationsets/engine';
import { ApplicationSetsService } from '../applicationsets/application-sets.service';
import { Clock } from '../clock/clock';
import { conflict } from '../common/errors/domain-error';
import { uniqueViolation } from '../database/pg-errors';
import type { AppProject } from '../domain/app-project';
import { NEW_APPLICATION_STATUS } from '../domain/application';
import { FleetEvents } from '../events/fleet-events';
import { ProjectsService } from '../projects/projects.service';
import type { HubKind } from '../reconcile/hub-objects';
import { ApplicationSetRepository } from '../repositories/application-set.repository';
import { AdoptionRepository } from '../repositories/adoption.repository';
import { ApplicationRepository } from '../repositories/application.repository';
import { ProjectRepository } from '../repositories/project.repository';

/** What a parent owns of one kind: each child's manifest as stored. */
export type OwnedChildren = Map<string, unknown>;

/**
 * Each kind's half of adoption, through the services the REST API uses: who holds a name, what the parent owns,
 * how a manifest is checked (throwing the REST API's DomainError), written and deleted.
 */
@Injectable()
export class AdoptedChildren {
  constructor(
    private readonly projects: ProjectsService,
    private readonly projectRows: ProjectRepository,
    private readonly sets: ApplicationSetsService,
    private readonly setRows: ApplicationSetRepository,
    private readonly checks: ApplicationChecks,
    private readonly applications: ApplicationRepository,
    private readonly adopted: AdoptionRepository,
    private readonly events: FleetEvents,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async ownedBy(parent: string): Promise<Record<HubKind, OwnedChildren>> {
    const owned: Record<HubKind, OwnedChildren> = { AppProject: new Map(), ApplicationSet: new Map(), Application: new Map() };
    for (const row of await this.adopted.ownedBy(parent)) owned[row.kind].set(row.name, row.manifest);
    return owned;
  }

  /** Why `parent` may not take this name (held over REST, by a set or by another parent); undefined when free. */
  async heldElsewhere(kind: HubKind, name: string, parent: string): Promise<string | undefined> {
    if (kind === 'AppProject') {
      const row = await this.projectRows.findByName(name);
      return row && row.parentApplication !== parent ? `${kind} "${name}" exists and is ${ownerText(row.parentApplication)}` : undefined;
    }
    if (kind === 'ApplicationSet') {
      const row = await this.setRows.findByName(name);
      return row && row.parentApplication !== parent ? `${kind} "${name}" exists and is ${ownerText(row.parentApplication)}` : undefined;
    }
    const row = await this.applications.findByName(name);
    if (!row || (row.origin === 'Application' && row.parentApplication === parent)) return undefined;
    if (row.origin === 'ApplicationSet') return `Application "${name}" exists and is managed by ApplicationSet "${row.applicationSet ?? row.orphanedFrom ?? 'unknown'}"`;
    return `Application "${name}" exists and is ${ownerText(row.parentApplication)}`;
  }

  /** The manifest as it would be stored; throws a DomainError naming the field. Nothing is written. */
  async checked(kind: HubKind, body: unknown, pendingProjects: ReadonlyMap<string, AppProject>): Promise<unknown> {
    if (kind === 'AppProject') return this.projects.validate(body);
    if (kind === 'ApplicationSet') {
      await this.sets.validate(body);
      return body;
    }
    return (await this.checks.checked(body, pendingProjects)).manifest;
  }

  async write(kind: HubKind, parent: string, body: unknown, pendingProjects: ReadonlyMap<string, AppProject>): Promise<void> {
    if (kind === 'AppProject') await this.projects.adopt(parent, body);
    else if (kind === 'ApplicationSet') await this.sets.adopt(parent, body);
    else await this.writeApplication(parent, body, pendingProjects);
  }

  /** Deletes a child as the REST API would; throws its DomainError when a guard refuses (a project still in use). */
  async remove(kind: HubKind, parent: string, name: string): Promise<string> {
    if (kind === 'AppProject') {
      await this.projects.delete(name, parent);
      return 'pruned';
    }
    // A set's own applications go with it, as the REST API's cascading deletion takes them.
    if (kind === 'ApplicationSet') return `pruned with its ${(await this.sets.delete(name, true, false, parent)).deleted.length} application(s)`;
    return this.removeApplication(parent, name);
  }

  private async writeApplication(parent: string, body: unknown, pendingProjects: ReadonlyMap<string, AppProject>): Promise<void> {
    const change = await this.checks.checked(body, pendingProjects);
    const name = change.manifest.metadata.name;
    if (!(await this.applications.replaceAdopted(name, parent, change))) {
      try {
        await this.applications.insertAdopted({ name, ...change, status: NEW_APPLICATION_STATUS }, parent);
      } catch (error) {
        if (!uniqueViolation(error)) throw error;
        throw conflict(`Application "${name}" exists and is not managed by Application "${parent}" (or is being deleted)`, [{ field: 'metadata.name', reason: 'already exists' }]);
      }
    }
    // Reconciled now by the holder of its cluster's shard (the periodic pass is the safety net).
    this.events.emit({ kind: 'application', name, cluster: change.cluster });
  }

  /**
   * An application with the resources finalizer is marked, so the holder of its cluster's shard deletes its objects
   * first and then the row, as for a set's cascading deletion; without the finalizer its objects stay.
   */
  private async removeApplication(parent: string, name: string): Promise<string> {
    const found = await this.applications.findByName(name);
    const row = found?.origin === 'Application' && found.parentApplication === parent ? found : undefined;
    if (!row) return 'pruned';
    if (row.deletionRequestedAt) return 'being deleted: its resources are deleted first';
    if (!hasResourcesFinalizer(row.manifest.metadata.finalizers)) {
      await this.applications.deleteAdopted(name, parent);
      return 'pruned';
    }
    const marked = await this.applications.transaction((manager) => this.applications.markForDeletion(manager, [name], this.clock.now()));
    for (const app of marked) this.events.emit({ kind: 'application', name: app.name, cluster: app.cluster });
    return 'marked for deletion: its resources are deleted first';
  }
}

function ownerText(parent: string | null): string {
  return parent ? `managed by Application "${parent}"` : 'not managed by an Application (made through the API)';
}
