import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../clock/clock';
import { FleetEvents } from '../events/fleet-events';
import { ApplicationRepository } from '../repositories/application.repository';
import { conflict, DomainError, notFound } from '../common/errors/domain-error';
import { uniqueViolation } from '../database/pg-errors';
import { managedByParentMessage } from '../domain/adoption';
import { keyAfter, type Page, toPage, visibleRows } from '../common/http/pagination';
import type { ApplicationSetEntity } from '../database/entities/application-set.entity';
import { type ApplicationSetStatus, initialStatus } from './application-set-status';
import { ApplicationSetRepository } from '../repositories/application-set.repository';
import { ApplicationSetReconciler, type ReconcileOptions } from './application-set.reconciler';
import { type CheckedExpansion, expandAsStored } from './checked-expansion';
import { type ApplicationSet, createDefaultRegistry, gitGeneratorsOf, type GitTreeSource, isTemplated, setDeletionCascades, validateApplicationSet, type ValidationFailure } from './engine';
import { GitError, parseRepoUrl } from '../git';
import { ExpansionContextService } from './expansion-context.service';
import { type ClusterChange, clusterChangeCanAffect } from './cluster-change-scope';
import { type PreviewResult, toPreview } from './preview';
import type { ApplicationSetApplicationStatus } from '../domain/application-set';
import { RolloutsService } from '../rollouts/rollouts.service';
import type { SetRolloutStatus } from '../rollouts/set-rollout-status';
import { type PushedChanges, revisionMoved } from '../git';

/** A set as stored, with its expansion status and, for a RollingSync set, its latest rollout's progress. */
export type ApplicationSetView = Record<string, unknown> & { status: ApplicationSetStatus & { applicationStatus?: ApplicationSetApplicationStatus[] } };

export interface DeletionResult {
  applicationSet: string;
  dryRun: boolean;
  /** Applications deleted with the set (cascade), or that would be. */
  deleted: string[];
  /** Applications left in place and marked orphaned (the default), or that would be. */
  orphaned: string[];
}

const registry = createDefaultRegistry();

@Injectable()
export class ApplicationSetsService {
  constructor(
    private readonly sets: ApplicationSetRepository,
    private readonly applications: ApplicationRepository,
    private readonly reconciler: ApplicationSetReconciler,
    private readonly contexts: ExpansionContextService,
    private readonly rollouts: RolloutsService,
    private readonly events: FleetEvents,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async create(body: unknown): Promise<ApplicationSetView> {
    const name = validated(body);
    // One Git pass for the check and the first expansion: the repositories are looked up once.
    const git = this.contexts.openGitPass();
    const checked = await this.refuseGeneratedPasswords(body, git);
    try {
      await this.sets.insert({ name, manifest: body as Record<string, unknown>, status: initialStatus() });
    } catch (error) {
      if (uniqueViolation(error)) throw conflict(`ApplicationSet "${name}" already exists`, [{ field: 'metadata.name', reason: 'already exists' }]);
      throw error;
    }
    // The first pass writes the check's expansion (of the manifest in its stored form, see asStoredInJsonb) rather
    // than expand the stored manifest again.
    await this.reconciler.reconcile(name, { git, checked });
    return this.get(name);
  }

  /** Create-or-replace; the path names the set and must match the manifest. */
  async replace(name: string, body: unknown): Promise<{ created: boolean; view: ApplicationSetView }> {
    if (validated(body) !== name) {
      throw new DomainError('ValidationFailed', 'metadata.name must match the name in the path', [{ field: 'metadata.name', reason: `must be "${name}"` }]);
    }
    const existing = await this.sets.findByName(name);
    if (!existing) return { created: true, view: await this.create(body) };
    await this.refuseAdopted(existing);
    const git = this.contexts.openGitPass();
    const checked = await this.refuseGeneratedPasswords(body, git);
    await this.sets.replaceManifest(existing, body as Record<string, unknown>);
    return { created: false, view: await this.expandAndShow(name, { git, checked }) };
  }

  async get(name: string): Promise<ApplicationSetView> {
    const set = await this.require(name);
    return toView(set, (await this.rollouts.statusOfSets([set])).get(name));
  }

  /** `visible` says, from a set's `<project of its template>/<name>`, whether the caller may see it; none: every one. */
  async list(limit: number, cursor?: string, visible?: (object: string) => boolean): Promise<Page<ApplicationSetView>> {
    const start = keyAfter(cursor, 1)?.[0];
    const rows = await visibleRows<ApplicationSetEntity>(
      limit,
      (after, count) => this.sets.list(count, after ? after.name : start),
      visible && ((chunk) => chunk.filter((row) => visible(`${templateProject(row.manifest)}/${row.name}`))),
    );
    const rollouts = await this.rollouts.statusOfSets(rows);
    return toPage(rows, limit, (row) => [row.name], (row) => toView(row, rollouts.get(row.name)));
  }

  /** What the manifest would produce now, and what it would change if applied; writes nothing. */
  async preview(body: unknown): Promise<PreviewResult> {
    const name = (body as { metadata?: { name?: unknown } } | null)?.metadata?.name;
    const plan = await this.reconciler.preview(typeof name === 'string' ? name : '', body);
    if (!plan.ok) throw new DomainError('Unprocessable', `${plan.code}: ${plan.message}`, plan.issues.map((issue) => ({ field: issue.path, reason: issue.message })), { cause: plan.code });
    return toPreview(plan, Boolean(typeof name === 'string' && (await this.sets.findByName(name))));
  }

  /** Re-expands the set now (generators, clusters and projects read again) instead of at the next periodic pass. */
  async refresh(name: string): Promise<ApplicationSetView> {
    await this.require(name);
    return this.expandAndShow(name);
  }

  async approveDeletions(name: string): Promise<ApplicationSetView> {
    await this.require(name);
    await this.reconciler.reconcile(name, { approveDeletions: true });
    return this.get(name);
  }

  /**
   * Orphans the set's applications unless `cascade`; `dryRun` shows the plan without doing it. `parent`: an app of
   * apps pruning its own set (anyone else may not delete a set whose parent exists).
   */
  async delete(name: string, cascade: boolean, dryRun: boolean, parent?: string): Promise<DeletionResult> {
    const set = await this.require(name);
    if (set.parentApplication !== (parent ?? null)) await this.refuseAdopted(set);
    const owned = (await this.applications.listOwnership(name)).filter((row) => row.applicationSet === name).map((row) => row.name);
    const result: DeletionResult = { applicationSet: name, dryRun, deleted: cascade ? owned : [], orphaned: cascade ? [] : owned };
    if (dryRun) return result;
    // Its applications go as its expansion deletes them: those with the resources finalizer are marked, so their
    // cluster objects go first (by their shard owners), the others go now.
    const preserve = (set.manifest as unknown as ApplicationSet).spec?.syncPolicy?.preserveResourcesOnDeletion === true;
    let marked: { name: string; cluster: string }[] = [];
    await this.sets.transaction(async (manager) => {
      if (cascade) {
        const rows = await this.applications.listOfSet(name, manager);
        const cascading = rows.filter((row) => setDeletionCascades(row.manifest, preserve));
        await this.applications.deleteByNames(manager, rows.filter((row) => !cascading.includes(row)).map((row) => row.name));
        marked = await this.applications.markForDeletion(manager, cascading.map((row) => row.name), this.clock.now());
      } else {
        await this.applications.orphanAllOf(manager, name);
      }
      await this.sets.deleteById(set.id, manager);
    });
    // Their shard owners delete the objects now rather than at their next pass.
    for (const app of marked) this.events.emit({ kind: 'application', name: app.name, cluster: app.cluster });
    return result;
  }

  /** Checks a manifest as create and replace do (structure, no password in what it would generate); writes nothing. */
  async validate(body: unknown): Promise<string> {
    const name = validated(body);
    await this.refuseGeneratedPasswords(body, this.contexts.openGitPass());
    return name;
  }

  /**
   * Creates or replaces a set an app of apps owns, then expands it as the REST API does. A name held by anyone else
   * (made over REST, or by another parent) is a conflict and stays as it is.
   */
  async adopt(parent: string, body: unknown): Promise<void> {
    const name = validated(body);
    const git = this.contexts.openGitPass();
    const checked = await this.refuseGeneratedPasswords(body, git);
    const existing = await this.sets.findByName(name);
    if (existing && existing.parentApplication !== parent) throw conflict(`ApplicationSet "${name}" exists and is not managed by Application "${parent}"`, [{ field: 'metadata.name', reason: 'already exists' }]);
    if (existing) await this.sets.replaceManifest(existing, body as Record<string, unknown>);
    else await this.sets.insert({ name, manifest: body as Record<string, unknown>, status: initialStatus(), parentApplication: parent });
    await this.reconciler.reconcile(name, { git, checked });
  }


  /** A set whose app of apps still exists changes only through that application's Git. */
  private async refuseAdopted(set: ApplicationSetEntity): Promise<void> {
    const parent = set.parentApplication;
    if (parent && (await this.applications.findByName(parent))) throw conflict(managedByParentMessage('ApplicationSet', set.name, parent));
  }

  /** Re-expands one set (a name it may generate became free); a set deleted meanwhile is skipped. */
  async reexpand(name: string): Promise<void> {
    await this.reconciler.reconcile(name);
  }

  /**
   * Re-expands every set (after cluster or project changes, and on the periodic pass), or only `names`. The sets
   * share one Git pass: each repository their Git generators read is looked up once (one ls-remote), and fetched
   * only when its commit is new. They share one read of the cluster registry and projects too (100 sets over 1,000
   * clusters read them once, not 100 times); when that read fails, each set tries on its own and records the outage.
   */
  async reconcileAll(names?: readonly string[]): Promise<void> {
    const git = this.contexts.openGitPass();
    const selected = names ?? (await this.sets.listNames());
    if (selected.length === 0) return;
    const context = await this.contexts.load(git).catch(() => undefined);
    for (const name of selected) await this.reconciler.reconcile(name, { git, context });
  }

  /**
   * The sets a burst of cluster changes can concern (see clusterChangeCanAffect): registering one cluster among
   * thousands re-expands the sets that select it, not every set.
   */
  async setsConcernedBy(changes: readonly ClusterChange[]): Promise<string[]> {
    const scopes = await this.sets.listExpansionScopes();
    return scopes.filter((scope) => changes.some((change) => clusterChangeCanAffect(scope, change))).map((scope) => scope.name);
  }

  /**
   * The sets with a Git generator that reads one of these repositories (normalized URLs) at the pushed revision,
   * as Argo CD's webhook decides: a generator on HEAD follows the default branch, others name the branch or tag.
   * Templated URLs and revisions may be anything, so they match; so does a push that does not say what it moved.
   */
  async setsReading(normalizedUrls: readonly string[], push: PushedChanges = {}): Promise<string[]> {
    const wanted = new Set(normalizedUrls);
    const readsRepository = (repoURL: string) => {
      if (isTemplated(repoURL)) return true;
      try {
        return wanted.has(parseRepoUrl(repoURL, true).normalized);
      } catch (error) {
        if (error instanceof GitError) return false;
        throw error;
      }
    };
    const readsRevision = (revision = '') => isTemplated(revision) || revisionMoved(revision, push);
    const sets = await this.sets.listGenerators();
    return sets
      .filter((set) => gitGeneratorsOf(set.generators).some((git) => readsRepository(git.repoURL) && readsRevision(git.revision)))
      .map((set) => set.name);
  }

  /**
   * A parameter (a list element, a cluster annotation) can put a password into a generated repoURL that the
   * manifest itself does not show, so the set is expanded once before anything is stored. The expansion is returned
   * for the pass that follows to write.
   */
  private async refuseGeneratedPasswords(body: unknown, git: GitTreeSource): Promise<CheckedExpansion> {
    const checked = await expandAsStored(body, await this.contexts.load(git));
    if (!checked.result.ok && checked.result.code === 'CredentialInRepoURL') throw expansionError(checked.result);
    return checked;
  }

  private async expandAndShow(name: string, options: ReconcileOptions = {}): Promise<ApplicationSetView> {
    await this.reconciler.reconcile(name, options);
    return this.get(name);
  }

  private async require(name: string): Promise<ApplicationSetEntity> {
    const set = await this.sets.findByName(name);
    if (!set) throw notFound('ApplicationSet', name);
    return set;
  }
}

/**
 * Structural problems are a 400 with field paths; what Flotilla does not support yet (goTemplate, other
 * generators) is a 422, so users can tell "fix your manifest" from "not here yet".
 */
function validated(body: unknown): string {
  const validation = validateApplicationSet(body, registry);
  if (!validation.ok) throw expansionError(validation);
  return validation.appSet.metadata.name;
}

function expansionError(failure: ValidationFailure): DomainError {
  const details = failure.issues.map((issue) => ({ field: issue.path || '(body)', reason: issue.message }));
  if (failure.code === 'InvalidManifest') return new DomainError('ValidationFailed', `Invalid ApplicationSet: ${failure.message}`, details);
  return new DomainError('Unprocessable', `${failure.code}: ${failure.message}`, details);
}

/** The rollout tables are the one writer of a RollingSync set's per-application progress: it is read, not stored. */
function toView(set: ApplicationSetEntity, rollout: SetRolloutStatus | undefined): ApplicationSetView {
  if (!rollout) return { ...set.manifest, status: set.status };
  return { ...set.manifest, status: { ...set.status, conditions: [...set.status.conditions, rollout.condition], applicationStatus: rollout.applicationStatus } };
}

/** The project a set's applications get, as Argo CD names the set in its policies (`RBACName`). */
function templateProject(manifest: Record<string, unknown>): string {
  const project = (manifest.spec as { template?: { spec?: { project?: unknown } } } | undefined)?.template?.spec?.project;
  return typeof project === 'string' ? project : '';
}
