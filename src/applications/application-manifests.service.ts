import { Injectable } from '@nestjs/common';
import { hasResourcesFinalizer } from '../applicationsets/engine';
import { conflict, DomainError, notFound } from '../common/errors/domain-error';
import type { ApplicationEntity } from '../database/entities/application.entity';
import { uniqueViolation } from '../database/pg-errors';
import { managedByParentMessage } from '../domain/adoption';
import { NEW_APPLICATION_STATUS } from '../domain/application';
import { FleetEvents } from '../events/fleet-events';
import { ApplicationRunner } from '../reconcile/application-runner';
import { ApplicationRepository } from '../repositories/application.repository';
import { ApplicationChecks } from './application-checks';
import { type ApplicationView, toApplicationView } from './application.view';
import { shardHeldElsewhere } from './sync-requests.service';

export interface ApplicationDeletion {
  name: string;
  /** True when the resources finalizer asked for the cluster objects to be deleted too. */
  cascade: boolean;
  resources: { group: string; kind: string; namespace: string; name: string; action: string; message: string }[];
}

/**
 * Applications written by hand (`argocd app create`, an Application manifest in Git): created, replaced and deleted
 * through the API, held to the rules a generated application is held to (the engine's own checks, against the same
 * projects and clusters), and reconciled by the same workers. Generated applications belong to their set and are
 * refused here. An orphan (its set deleted without cascade) may be edited or deleted: no set owns it any more, and
 * Argo CD lets users change an orphaned Application too. Editing one makes it `manual`, so a set of its former
 * name no longer adopts it back over the user's change.
 */
@Injectable()
export class ApplicationManifestsService {
  constructor(
    private readonly applications: ApplicationRepository,
    private readonly checks: ApplicationChecks,
    private readonly runner: ApplicationRunner,
    private readonly events: FleetEvents,
  ) {}

  async create(body: unknown): Promise<ApplicationView> {
    const change = await this.checks.checked(body);
    const name = change.manifest.metadata.name;
    try {
      await this.applications.insertManual({ name, ...change, status: NEW_APPLICATION_STATUS });
    } catch (error) {
      if (!uniqueViolation(error)) throw error;
      throw conflict(`Application "${name}" already exists`, [{ field: 'metadata.name', reason: 'already exists' }]);
    }
    return this.announced(name, change.cluster);
  }

  /** Replaces the manifest (status and history stay); the path names the application and must match the body. */
  async replace(name: string, body: unknown): Promise<ApplicationView> {
    const change = await this.checks.checked(body);
    if (change.manifest.metadata.name !== name) {
      throw new DomainError('ValidationFailed', 'metadata.name must match the name in the path', [{ field: 'metadata.name', reason: `must be "${name}"` }]);
    }
    await this.refuseAdopted(await this.existing(name));
    // Only while no set owns it: a set may have adopted an orphan since it was read.
    if (!(await this.applications.replaceUnowned(name, change))) refuseManaged(await this.existing(name));
    return this.announced(name, change.cluster);
  }

  /**
   * Deletes the application as Argo CD does: with the resources finalizer its objects are deleted from the cluster
   * first (by the replica that holds the cluster's shard), without it they stay, untracked.
   */
  async delete(name: string): Promise<ApplicationDeletion> {
    await this.refuseAdopted(await this.existing(name));
    const outcome = await this.runner.deleteNow(name, cascades, managedMessage);
    const resources = (outcome.kind === 'deleted' || outcome.kind === 'failed' ? outcome.resources : []).map((r) => ({
      group: r.group,
      kind: r.kind,
      namespace: r.namespace,
      name: r.name,
      action: r.action,
      message: r.message,
    }));
    switch (outcome.kind) {
      case 'deleted':
        return { name, cascade: outcome.cascaded, resources };
      case 'missing':
        throw notFound('Application', name);
      case 'refused':
        throw conflict(outcome.reason);
      case 'not-owned':
        throw shardHeldElsewhere(outcome);
      case 'failed':
        throw new DomainError('Unprocessable', `Deleting the resources of "${name}" failed, so the application stays: ${outcome.message}`);
    }
  }

  private async existing(name: string): Promise<ApplicationEntity> {
    const row = await this.applications.findByName(name);
    if (!row) throw notFound('Application', name);
    return row;
  }

  /** A set's application, or one an existing app of apps owns (its Git is the truth), is not changed by hand. */
  private async refuseAdopted(row: ApplicationEntity): Promise<void> {
    refuseManaged(row);
    if (row.parentApplication !== null && (await this.applications.findByName(row.parentApplication))) throw conflict(managedByParentMessage('Application', row.name, row.parentApplication));
  }

  /** Reconciled now by the holder of the cluster's shard (the periodic pass is the safety net). */
  private async announced(name: string, cluster: string): Promise<ApplicationView> {
    this.events.emit({ kind: 'application', name, cluster });
    return toApplicationView(await this.existing(name));
  }
}

function managedMessage(row: ApplicationEntity): string | undefined {
  return row.applicationSet === null ? undefined : `application "${row.name}" is managed by ApplicationSet "${row.applicationSet}"`;
}

function refuseManaged(row: ApplicationEntity): void {
  const message = managedMessage(row);
  if (message !== undefined) throw conflict(message);
}

function cascades(row: ApplicationEntity): boolean {
  return hasResourcesFinalizer(row.manifest.metadata.finalizers);
}
