import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../clock/clock';
import { FleetEvents } from '../events/fleet-events';
import { ApplicationRepository } from '../repositories/application.repository';
import { conflict, DomainError, notFound } from '../common/errors/domain-error';
import { uniqueViolation } from '../database/pg-errors';
import { keyAfter, type Page, toPage } from '../common/http/pagination';
import type { ApplicationSetEntity } from '../database/entities/application-set.entity';
import { type ApplicationSetStatus, initialStatus } from './application-set-status';
import { ApplicationSetRepository } from '../repositories/application-set.repository';
import { ApplicationSetReconciler } from './application-set.reconciler';
import { type ApplicationSet, createDefaultRegistry, expand, gitGeneratorsOf, type GitTreeSource, isTemplated, setDeletionCascades, shortRevision, validateApplicationSet, type ValidationFailure } from './engine';
import { GitError, parseRepoUrl } from '../git';
import { ExpansionContextService } from './expansion-context.service';
import { type PreviewResult, toPreview } from './preview';
import type { ApplicationSetApplicationStatus } from '../domain/application-set';
import { RolloutsService } from '../rollouts/rollouts.service';
import type { SetRolloutStatus } from '../rollouts/set-rollout-status';

/** What a push moved, when its payload says: the branch or tag, and whether it is the default branch. */
export interface PushedRevision {
  revision?: string;
  touchedHead?: boolean;
}

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
    await this.refuseGeneratedPasswords(body, git);
    try {
      await this.sets.insert({ name, manifest: body as Record<string, unknown>, status: initialStatus() });
    } catch (error) {
      if (uniqueViolation(error)) throw conflict(`ApplicationSet "${name}" already exists`, [{ field: 'metadata.name', reason: 'already exists' }]);
      throw error;
    }
    return this.expandAndShow(name, git);
  }

  /** Create-or-replace; the path names the set and must match the manifest. */
  async replace(name: string, body: unknown): Promise<{ created: boolean; view: ApplicationSetView }> {
    if (validated(body) !== name) {
      throw new DomainError('ValidationFailed', 'metadata.name must match the name in the path', [{ field: 'metadata.name', reason: `must be "${name}"` }]);
    }
    const existing = await this.sets.findByName(name);
    if (!existing) return { created: true, view: await this.create(body) };
    const git = this.contexts.openGitPass();
    await this.refuseGeneratedPasswords(body, git);
    await this.sets.replaceManifest(existing, body as Record<string, unknown>);
    return { created: false, view: await this.expandAndShow(name, git) };
  }

  async get(name: string): Promise<ApplicationSetView> {
    const set = await this.require(name);
    return toView(set, (await this.rollouts.statusOfSets([set])).get(name));
  }

  async list(limit: number, cursor?: string): Promise<Page<ApplicationSetView>> {
    const rows = await this.sets.list(limit, keyAfter(cursor, 1)?.[0]);
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

  /** Orphans the set's applications unless `cascade`; `dryRun` shows the plan without doing it. */
  async delete(name: string, cascade: boolean, dryRun: boolean): Promise<DeletionResult> {
    const set = await this.require(name);
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

  /** Re-expands one set (a name it may generate became free); a set deleted meanwhile is skipped. */
  async reexpand(name: string): Promise<void> {
    await this.reconciler.reconcile(name);
  }

  /**
   * Re-expands every set (after cluster or project changes, and on the periodic pass), or only `names`. The sets
   * share one Git pass: each repository their Git generators read is looked up once (one ls-remote), and fetched
   * only when its commit is new.
   */
  async reconcileAll(names?: readonly string[]): Promise<void> {
    const git = this.contexts.openGitPass();
    for (const name of names ?? (await this.sets.listNames())) await this.reconciler.reconcile(name, { git });
  }

  /**
   * The sets with a Git generator that reads one of these repositories (normalized URLs) at the pushed revision,
   * as Argo CD's webhook decides: a generator on HEAD follows the default branch, others name the branch or tag.
   * Templated URLs and revisions may be anything, so they match; so does a push that does not say what it moved.
   */
  async setsReading(normalizedUrls: readonly string[], push: PushedRevision = {}): Promise<string[]> {
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
    const readsRevision = (revision = '') => {
      if (push.revision === undefined || isTemplated(revision)) return true;
      const target = shortRevision(revision);
      if (target === '' || target === 'HEAD') return push.touchedHead ?? true;
      return target === push.revision || revision === push.revision;
    };
    const sets = await this.sets.listGenerators();
    return sets
      .filter((set) => gitGeneratorsOf(set.generators).some((git) => readsRepository(git.repoURL) && readsRevision(git.revision)))
      .map((set) => set.name);
  }

  /**
   * A parameter (a list element, a cluster annotation) can put a password into a generated repoURL that the
   * manifest itself does not show, so the set is expanded once before anything is stored.
   */
  private async refuseGeneratedPasswords(body: unknown, git: GitTreeSource): Promise<void> {
    const expansion = await expand(body, await this.contexts.load(git));
    if (!expansion.ok && expansion.code === 'CredentialInRepoURL') throw expansionError(expansion);
  }

  private async expandAndShow(name: string, git?: GitTreeSource): Promise<ApplicationSetView> {
    await this.reconciler.reconcile(name, { git });
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
