import { Injectable } from '@nestjs/common';
import { checkApplication, hasResourcesFinalizer, repoUrlsWithPasswords } from '../applicationsets/engine';
import { destinationResolver, ExpansionContextService } from '../applicationsets/expansion-context.service';
import { fingerprintOf } from '../applicationsets/fingerprint';
import { conflict, DomainError, notFound } from '../common/errors/domain-error';
import { parseWith } from '../common/http/zod-validation.pipe';
import type { ApplicationEntity } from '../database/entities/application.entity';
import { uniqueViolation } from '../database/pg-errors';
import { type Application, NEW_APPLICATION_STATUS } from '../domain/application';
import { FleetEvents } from '../events/fleet-events';
import { ApplicationRunner } from '../reconcile/application-runner';
import { ApplicationRepository, type ApplicationChange } from '../repositories/application.repository';
import { applicationManifestBody } from './application.schemas';
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
    private readonly contexts: ExpansionContextService,
    private readonly runner: ApplicationRunner,
    private readonly events: FleetEvents,
  ) {}

  async create(body: unknown): Promise<ApplicationView> {
    const app = parsed(body);
    const change = await this.checked(app);
    try {
      await this.applications.insertManual({ name: app.metadata.name, ...change, status: NEW_APPLICATION_STATUS });
    } catch (error) {
      if (!uniqueViolation(error)) throw error;
      throw conflict(`Application "${app.metadata.name}" already exists`, [{ field: 'metadata.name', reason: 'already exists' }]);
    }
    return this.announced(app.metadata.name, change.cluster);
  }

  /** Replaces the manifest (status and history stay); the path names the application and must match the body. */
  async replace(name: string, body: unknown): Promise<ApplicationView> {
    const app = parsed(body);
    if (app.metadata.name !== name) {
      throw new DomainError('ValidationFailed', 'metadata.name must match the name in the path', [{ field: 'metadata.name', reason: `must be "${name}"` }]);
    }
    refuseManaged(await this.existing(name));
    const change = await this.checked(app);
    // Only while no set owns it: a set may have adopted an orphan since it was read.
    if (!(await this.applications.replaceUnowned(name, change))) refuseManaged(await this.existing(name));
    return this.announced(name, change.cluster);
  }

  /**
   * Deletes the application as Argo CD does: with the resources finalizer its objects are deleted from the cluster
   * first (by the replica that holds the cluster's shard), without it they stay, untracked.
   */
  async delete(name: string): Promise<ApplicationDeletion> {
    refuseManaged(await this.existing(name));
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

  /** The engine's checks against the projects and clusters as they are now; the row fields of a valid application. */
  private async checked(app: Application): Promise<ApplicationChange> {
    const context = await this.contexts.load();
    const problem = checkApplication(app, context);
    if (problem) {
      const code = problem.against === 'manifest' ? 'ValidationFailed' : 'Unprocessable';
      throw new DomainError(code, `Invalid Application: ${problem.message}`, [{ field: problem.path, reason: problem.message }]);
    }
    return {
      cluster: destinationResolver(context)(app.spec.destination),
      project: app.spec.project,
      labels: app.metadata.labels ?? {},
      manifest: app,
      fingerprint: fingerprintOf(app),
    };
  }

  /** Reconciled now by the holder of the cluster's shard (the periodic pass is the safety net). */
  private async announced(name: string, cluster: string): Promise<ApplicationView> {
    this.events.emit({ kind: 'application', name, cluster });
    return toApplicationView(await this.existing(name));
  }
}

/**
 * The manifest as given, unknown fields included, once its structure is valid. Passwords are looked for first, so
 * no later message can quote one; a repoURL that embeds one is refused as for sets (never stored, never shown).
 */
function parsed(body: unknown): Application {
  const leaks = repoUrlsWithPasswords(body, '');
  if (leaks.length > 0) {
    throw new DomainError('Unprocessable', `CredentialInRepoURL: ${leaks.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`, leaks.map((issue) => ({ field: issue.path, reason: issue.message })));
  }
  parseWith(applicationManifestBody, body);
  return body as Application;
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
